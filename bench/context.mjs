#!/usr/bin/env node
// Cost of @kolba/context: requests/s of the same Koa app with and without context(), measured in
// the same run. Each server runs in its own child process, because enabling AsyncLocalStorage
// turns on promise hooks for the whole process and would slow a baseline sharing it.
//
//   npx tsc -b packages/context && node bench/context.mjs [--slice 1] [--rounds 7]
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const SCENARIOS = {
  'bare koa': { koaOptions: {}, context: false, useLocals: false },
  'koa + context({ locals: false })': { koaOptions: {}, context: { locals: false }, useLocals: false },
  'koa + context()': { koaOptions: {}, context: true, useLocals: false },
  'koa + context(), handler uses g/request locals': { koaOptions: {}, context: true, useLocals: true },
  'koa {asyncLocalStorage:true}, no context()': { koaOptions: { asyncLocalStorage: true }, context: false, useLocals: false },
  'koa {asyncLocalStorage:true} + context(), uses locals': { koaOptions: { asyncLocalStorage: true }, context: true, useLocals: true },
};

async function serve(name) {
  const Koa = (await import('koa')).default;
  const { context, g, request } = await import('@kolba/context');
  const s = SCENARIOS[name];
  const app = new Koa(s.koaOptions);
  if (s.context) app.use(context(s.context === true ? {} : s.context));
  if (s.useLocals) {
    app.use(async (ctx, next) => {
      g.user = 'alice';
      await next();
    });
    app.use((ctx) => {
      ctx.body = `hello ${g.user} at ${request.path}`;
    });
  } else {
    app.use(async (ctx, next) => {
      ctx.state.user = 'alice';
      await next();
    });
    app.use((ctx) => {
      ctx.body = `hello ${ctx.state.user} at ${ctx.path}`;
    });
  }
  const server = app.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  // CPU time the server spent during a measurement slice: a per-request cost that, unlike req/s,
  // hardly depends on what else the shared machine is running.
  let mark = process.cpuUsage();
  process.on('message', (msg) => {
    if (msg === 'start') mark = process.cpuUsage();
    if (msg === 'stop') {
      const { user, system } = process.cpuUsage(mark);
      process.send({ cpuMicros: user + system });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

async function start(name) {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', name], { stdio: 'inherit' });
  const { port } = await new Promise((resolve) => child.once('message', resolve));
  return { child, url: `http://127.0.0.1:${port}/hello` };
}

/** One slice against one server: req/s and server CPU µs per request. */
async function run(server, duration) {
  server.child.send('start');
  const result = await autocannon({ url: server.url, connections: 20, duration });
  server.child.send('stop');
  const { cpuMicros } = await new Promise((resolve) => server.child.once('message', resolve));
  return { rps: result.requests.average, cpu: cpuMicros / Math.max(1, result.requests.total) };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const slice = arg('slice', 1);
  const rounds = arg('rounds', 7);
  const names = Object.keys(SCENARIOS);
  // All servers stay up (idle ones cost nothing); each round measures every scenario for one
  // short slice, back to back, and each scenario's ratio to bare Koa is taken within the round.
  // The median over rounds cancels most of the drift of a shared machine.
  const servers = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await start(n)])));
  try {
    for (const n of names) await run(servers[n], 1); // warm-up (JIT)
    const rps = Object.fromEntries(names.map((n) => [n, []]));
    const cpu = Object.fromEntries(names.map((n) => [n, []]));
    const ratios = Object.fromEntries(names.map((n) => [n, []]));
    const cpuRatios = Object.fromEntries(names.map((n) => [n, []]));
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? names : [...names].reverse();
      for (const n of order) {
        const m = await run(servers[n], slice);
        rps[n].push(m.rps);
        cpu[n].push(m.cpu);
      }
      for (const n of names) {
        ratios[n].push(rps[n][r] / rps['bare koa'][r]);
        cpuRatios[n].push(cpu[n][r] / cpu['bare koa'][r]);
      }
    }
    console.log(
      `| scenario | req/s (median of ${rounds} × ${slice}s) | req/s vs bare koa | server CPU µs/req | CPU/req vs bare koa |`,
    );
    console.log('|---|---:|---:|---:|---:|');
    const pct = (x) => `${(x * 100).toFixed(1)}%`;
    for (const n of names) {
      console.log(
        `| ${n} | ${Math.round(median(rps[n]))} | ${pct(median(ratios[n]))} | ${median(cpu[n]).toFixed(1)} | ${pct(median(cpuRatios[n]))} |`,
      );
    }
  } finally {
    for (const { child } of Object.values(servers)) child.disconnect();
  }
}

if (process.argv[2] === '--serve') await serve(process.argv[3]);
else await main();
