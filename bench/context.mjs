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

/**
 * In-process cost of the middleware chain alone (koa-compose, fake ctx, no HTTP): ns/request.
 * Runs in its own process per scenario for the same promise-hook reason as the servers.
 */
async function micro(name) {
  // koa-compose is Koa's own dependency; resolve it through koa rather than adding a dependency.
  const { createRequire } = await import('node:module');
  const compose = createRequire(import.meta.resolve('koa'))('koa-compose');
  const { context, g, request } = await import('@kolba/context');
  const s = SCENARIOS[name];
  const chain = [];
  if (s.context) chain.push(context(s.context === true ? {} : s.context));
  if (s.useLocals) {
    chain.push(async (ctx, next) => {
      g.user = 'alice';
      await next();
    });
    chain.push((ctx) => {
      ctx.body = `hello ${g.user} at ${request.path}`;
    });
  } else {
    chain.push(async (ctx, next) => {
      ctx.state.user = 'alice';
      await next();
    });
    chain.push((ctx) => {
      ctx.body = `hello ${ctx.state.user} at ${ctx.path}`;
    });
  }
  const fn = compose(chain);
  const app = { ctxStorage: s.koaOptions.asyncLocalStorage ? new (await import('node:async_hooks')).AsyncLocalStorage() : undefined };
  const proto = { app, path: '/hello' };
  const one = () => {
    const ctx = Object.create(proto);
    ctx.state = {};
    ctx.request = { path: '/hello' };
    ctx.res = null;
    return app.ctxStorage ? app.ctxStorage.run(ctx, fn, ctx) : fn(ctx);
  };
  for (let i = 0; i < 100_000; i++) await one();
  const n = 300_000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await one();
  process.send({ ns: Number(process.hrtime.bigint() - t0) / n });
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

/** Scenario names, optionally narrowed with `--only <regex>` (bare koa is always kept). */
function scenarioNames() {
  const i = process.argv.indexOf('--only');
  const only = i === -1 ? null : new RegExp(process.argv[i + 1]);
  return Object.keys(SCENARIOS).filter((n) => n === 'bare koa' || !only || only.test(n));
}

async function main() {
  const slice = arg('slice', 1);
  const rounds = arg('rounds', 7);
  const names = scenarioNames();
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
      `| scenario | req/s (median of ${rounds} × ${slice}s) | req/s vs bare koa | server CPU µs/req (median) | CPU/req vs bare koa | server CPU µs/req (min) |`,
    );
    console.log('|---|---:|---:|---:|---:|---:|');
    const pct = (x) => `${(x * 100).toFixed(1)}%`;
    for (const n of names) {
      console.log(
        `| ${n} | ${Math.round(median(rps[n]))} | ${pct(median(ratios[n]))} | ${median(cpu[n]).toFixed(1)} | ${pct(median(cpuRatios[n]))} | ${Math.min(...cpu[n]).toFixed(1)} |`,
      );
    }
  } finally {
    for (const { child } of Object.values(servers)) child.disconnect();
  }
}

async function microAll(rounds) {
  const names = scenarioNames();
  const ns = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const n of names) {
      const child = fork(fileURLToPath(import.meta.url), ['--micro', n], { stdio: 'inherit' });
      ns[n].push((await new Promise((resolve) => child.once('message', resolve))).ns);
      child.disconnect();
    }
  }
  // Noise on a shared machine only ever adds time: the minimum is the best estimate.
  const best = Object.fromEntries(names.map((n) => [n, Math.min(...ns[n])]));
  console.log(`\n| scenario (middleware chain only, in-process) | ns/request (min of ${rounds}) | added vs bare koa |`);
  console.log('|---|---:|---:|');
  for (const n of names) console.log(`| ${n} | ${Math.round(best[n])} | +${Math.round(best[n] - best['bare koa'])} ns |`);
}

if (process.argv[2] === '--serve') await serve(process.argv[3]);
else if (process.argv[2] === '--micro') await micro(process.argv[3]);
else {
  await main();
  await microAll(arg('micro-rounds', 3));
}
