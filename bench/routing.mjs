#!/usr/bin/env node
// Cost of @kolba/routing.
//
// 1. In process: ns per lookup of the last route of N static + N typed routes (the shape of
//    spec/performance-anchors.md) for kolba's core RuleMap, @koa/router 15 and find-my-way, at
//    N = 10, 100, 1,000, all in this run.
// 2. In process: the router middleware's cost per request (Koa context on a fake socket, no
//    network), over a bare handler, at N = 10 — the least noisy view of per-request overhead.
// 3. End to end: requests/s (autocannon, 127.0.0.1) of a Koa app whose last typed route is
//    requested, with bare Koa + @koa/router vs Koa + kolba's Router (and flaskRules on
//    @koa/router), each server in its own child process, interleaved rounds, same run.
//
//   npx tsc -b packages/routing && node bench/routing.mjs [--rounds 5] [--slice 1] [--sizes 10,100,1000]
//     [--parts match,middleware,e2e]
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}
const SIZES = String(arg('sizes', '10,100,1000')).split(',').map(Number);
const ROUNDS = Number(arg('rounds', 5));
const SLICE = Number(arg('slice', 1));
const PARTS = String(arg('parts', 'match,middleware,e2e')).split(',');

const staticPath = (i) => `/static/route${i}`;
const typedKoa = (i) => `/typed/route${i}/:id`;
const typedFlask = (i) => `/typed/route${i}/<int:id>`;
const lastTyped = (n) => `/typed/route${n - 1}/42`;

// ---------------------------------------------------------------- in process: match cost
async function matchCost() {
  const { RuleMap, decodePath } = await import('@kolba/routing');
  const KoaRouter = (await import('@koa/router')).default;
  const FindMyWay = (await import('find-my-way')).default;
  const subjects = [];
  for (const n of SIZES) {
    const map = new RuleMap();
    const koa = new KoaRouter();
    const fmw = FindMyWay();
    const noop = () => {};
    for (let i = 0; i < n; i++) {
      map.add(staticPath(i), { endpoint: `s${i}`, methods: ['GET'] });
      koa.get(staticPath(i), noop);
      fmw.on('GET', staticPath(i), noop);
    }
    for (let i = 0; i < n; i++) {
      map.add(typedFlask(i), { endpoint: `t${i}`, methods: ['GET'] });
      koa.get(typedKoa(i), noop);
      fmw.on('GET', typedKoa(i), noop);
    }
    const path = lastTyped(n);
    if (map.match(decodePath(path), 'GET').params?.id !== 42) throw new Error('kolba did not match');
    if (!koa.match(path, 'GET').route) throw new Error('@koa/router did not match');
    if (!fmw.find('GET', path)) throw new Error('find-my-way did not match');
    // kolba's number includes what the adapter does per request: decoding + int conversion.
    subjects.push({ n, lib: 'kolba', fn: () => map.match(decodePath(path), 'GET') });
    subjects.push({ n, lib: 'koaRouter', fn: () => koa.match(path, 'GET') });
    subjects.push({ n, lib: 'findMyWay', fn: () => fmw.find('GET', path) });
  }
  // Interleaved rounds (every subject once per round), so a burst of load on the shared machine
  // hits all sizes alike; the median per subject is reported.
  const batch = (s) => Math.max(200, Math.min(100_000, Math.round(4e7 / (s.lib === 'koaRouter' ? s.n * 400 + 2_000 : 2_000))));
  for (const s of subjects) for (let i = 0; i < batch(s); i++) s.fn();
  const samples = subjects.map(() => []);
  for (let round = 0; round < 9; round++) {
    subjects.forEach((s, k) => {
      const iterations = batch(s);
      const t = process.hrtime.bigint();
      for (let i = 0; i < iterations; i++) s.fn();
      samples[k].push(Number(process.hrtime.bigint() - t) / iterations);
    });
  }
  return SIZES.map((n) => {
    const of = (lib) => median(samples[subjects.findIndex((s) => s.n === n && s.lib === lib)]);
    return { n, kolba: of('kolba'), koaRouter: of('koaRouter'), findMyWay: of('findMyWay') };
  });
}

// ---------------------------------------------------------------- in process: middleware cost
async function middlewareCost(n) {
  const Koa = (await import('koa')).default;
  // koa-compose's dispatch loop, inlined (the bench package does not depend on it).
  const compose = (mws) => (ctx, next) => {
    const dispatch = (i) => (i === mws.length ? next() : Promise.resolve(mws[i](ctx, () => dispatch(i + 1))));
    return dispatch(0);
  };
  const { IncomingMessage, ServerResponse } = await import('node:http');
  const { Socket } = await import('node:net');
  const app = new Koa();
  const socket = new Socket();
  const path = lastTyped(n);
  const context = () => {
    const req = new IncomingMessage(socket);
    req.method = 'GET';
    req.url = path;
    req.headers = { host: 'bench' };
    return app.createContext(req, new ServerResponse(req));
  };
  const cases = { 'bare handler': [async (ctx) => void (ctx.body = `id ${Number('42') + 1}`)] };
  for (const name of SCENARIO_NAMES) {
    const koa = new Koa();
    await build(name, n, koa);
    cases[name] = koa.middleware;
  }
  const fns = Object.fromEntries(Object.entries(cases).map(([k, mws]) => [k, compose(mws)]));
  const noop = async () => {};
  for (const fn of Object.values(fns)) for (let i = 0; i < 20_000; i++) await fn(context(), noop);
  const samples = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  const N = 30_000;
  for (let round = 0; round < 5; round++) {
    for (const [k, fn] of Object.entries(fns)) {
      const t = process.hrtime.bigint();
      for (let i = 0; i < N; i++) await fn(context(), noop);
      samples[k].push(Number(process.hrtime.bigint() - t) / N);
    }
  }
  const bare = median(samples['bare handler']);
  return Object.keys(fns).map((k) => ({ name: k, ns: median(samples[k]), over: median(samples[k]) - bare }));
}

// ---------------------------------------------------------------- end to end
const SCENARIO_NAMES = ['koa + @koa/router', 'koa + kolba Router', 'koa + kolba Router (return value)', 'koa + @koa/router + flaskRules'];

async function build(name, n, app) {
  if (name === 'koa + @koa/router') {
    const KoaRouter = (await import('@koa/router')).default;
    const router = new KoaRouter();
    for (let i = 0; i < n; i++) router.get(staticPath(i), (ctx) => void (ctx.body = 'static'));
    for (let i = 0; i < n; i++) router.get(typedKoa(i), (ctx) => void (ctx.body = `id ${Number(ctx.params.id) + 1}`));
    app.use(router.routes()).use(router.allowedMethods());
  } else if (name === 'koa + kolba Router') {
    const { Router } = await import('@kolba/routing');
    const router = new Router();
    for (let i = 0; i < n; i++) router.get(staticPath(i), { endpoint: `s${i}` }, (ctx) => void (ctx.body = 'static'));
    for (let i = 0; i < n; i++) router.get(typedFlask(i), { endpoint: `t${i}` }, (ctx) => void (ctx.body = `id ${ctx.params.id + 1}`));
    app.use(router.routes()).use(router.allowedMethods());
  } else if (name === 'koa + kolba Router (return value)') {
    const { Router } = await import('@kolba/routing');
    const router = new Router();
    for (let i = 0; i < n; i++) router.get(staticPath(i), { endpoint: `s${i}` }, () => 'static');
    for (let i = 0; i < n; i++) router.get(typedFlask(i), { endpoint: `t${i}` }, (ctx) => `id ${ctx.params.id + 1}`);
    app.use(router.routes()).use(router.allowedMethods());
  } else if (name === 'koa + @koa/router + flaskRules') {
    const KoaRouter = (await import('@koa/router')).default;
    const { flaskRules } = await import('@kolba/routing');
    const router = new KoaRouter();
    const rules = flaskRules(router);
    for (let i = 0; i < n; i++) rules.get(staticPath(i), { endpoint: `s${i}` }, (ctx) => void (ctx.body = 'static'));
    for (let i = 0; i < n; i++) rules.get(typedFlask(i), { endpoint: `t${i}` }, (ctx) => void (ctx.body = `id ${ctx.params.id + 1}`));
    app.use(router.routes()).use(router.allowedMethods());
  } else {
    throw new Error(`unknown scenario ${name}`);
  }
}

async function serve(name, n) {
  const Koa = (await import('koa')).default;
  const app = new Koa();
  await build(name, n, app);
  const server = app.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('disconnect', () => process.exit(0));
}

async function start(name, n) {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', name, String(n)], { stdio: 'inherit' });
  const { port } = await new Promise((resolve) => child.once('message', resolve));
  const url = `http://127.0.0.1:${port}${lastTyped(n)}`;
  const body = await (await fetch(url)).text();
  if (body !== 'id 43') throw new Error(`${name} @${n}: unexpected body ${JSON.stringify(body)}`);
  return { name, n, child, url };
}

const run = (s, duration) =>
  autocannon({ url: s.url, connections: 20, duration }).then((r) => {
    if (r.non2xx || r.errors) throw new Error(`${s.url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    return r.requests.average;
  });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function endToEnd() {
  const scenarios = [];
  for (const n of SIZES) {
    scenarios.push({ name: 'koa + @koa/router', n }, { name: 'koa + kolba Router', n });
    if (n === SIZES[0]) scenarios.push({ name: 'koa + kolba Router (return value)', n }, { name: 'koa + @koa/router + flaskRules', n });
  }
  const servers = [];
  for (const s of scenarios) servers.push(await start(s.name, s.n)); // one at a time: registration of 1,000 routes is CPU
  try {
    for (const s of servers) await run(s, 1); // warm-up (JIT)
    const rps = servers.map(() => []);
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? servers.map((_, i) => i) : servers.map((_, i) => servers.length - 1 - i);
      for (const i of order) rps[i].push(await run(servers[i], SLICE));
    }
    return servers.map((s, i) => {
      const base = servers.findIndex((b) => b.n === s.n && b.name === 'koa + @koa/router');
      return { name: s.name, n: s.n, rps: median(rps[i]), ratio: median(rps[i].map((x, k) => x / rps[base][k])) };
    });
  } finally {
    for (const s of servers) s.child.disconnect();
  }
}

async function main() {
  if (PARTS.includes('match')) {
    const rows = await matchCost();
    console.log('Match cost, ns per lookup of the last of N static + N typed routes (median of 9 interleaved batches):\n');
    console.log('| N | kolba RuleMap.match | @koa/router 15 match | find-my-way find | @koa/router ÷ kolba |');
    console.log('|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      console.log(`| ${r.n} | ${Math.round(r.kolba)} | ${Math.round(r.koaRouter)} | ${Math.round(r.findMyWay)} | ${(r.koaRouter / r.kolba).toFixed(1)}× |`);
    }
    const first = rows[0];
    const last = rows[rows.length - 1];
    console.log(`\nkolba at N=${last.n} / N=${first.n}: ${(last.kolba / first.kolba).toFixed(2)}× (goal ≤ 2×)`);
  }
  if (PARTS.includes('middleware')) {
    const mw = await middlewareCost(SIZES[0]);
    console.log(`\nRouter middleware cost in process, N=${SIZES[0]}, ns per request over a bare handler (median of 5):\n`);
    console.log('| scenario | ns/request | router overhead |');
    console.log('|---|---:|---:|');
    for (const r of mw) console.log(`| ${r.name} | ${Math.round(r.ns)} | ${r.name === 'bare handler' ? '—' : `+${Math.round(r.over)} ns`} |`);
  }
  if (PARTS.includes('e2e')) {
    const e2e = await endToEnd();
    console.log(`\nEnd to end, GET of the last typed route, req/s (median of ${ROUNDS} × ${SLICE}s, 20 connections):\n`);
    console.log('| N | scenario | req/s | vs koa + @koa/router |');
    console.log('|---:|---|---:|---:|');
    for (const r of e2e) console.log(`| ${r.n} | ${r.name} | ${Math.round(r.rps)} | ${(r.ratio * 100).toFixed(1)}% |`);
  }
}

if (process.argv[2] === '--serve') serve(process.argv[3], Number(process.argv[4]));
else main();
