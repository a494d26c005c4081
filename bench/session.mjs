#!/usr/bin/env node
// Cost of @kolba/session: every request reads a signed session cookie, changes it and writes it
// back. Compared in the same run with bare Koa (no session) and with koa-session's own signed
// cookies (keygrip `.sig` companion cookie), each server in its own child process.
// Then, in process: µs per sign (dumps) + verify (loads) of a typical Flask session cookie.
//
//   npx tsc -b packages/session && node bench/session.mjs [--slice 1] [--rounds 7] [--no-http]
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const SECRET = 'bench-secret-key-0123456789abcdef';
// "small": { n, user_id } (≈25 bytes of JSON, under the zlib threshold); "typical": a login
// session with a CSRF token and a flash message (≈150 bytes: zlib is tried on every write).
const SCENARIOS = [
  'bare koa',
  'koa + koa-session (signed), small',
  'koa + @kolba/session, small',
  'koa + koa-session (signed), typical',
  'koa + @kolba/session, typical',
  'koa + @kolba/session, typical, deflateSync',
];
// `--only <text>`: HTTP scenarios whose name contains the text (bare koa always runs).
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const ACTIVE = SCENARIOS.filter((n) => n === 'bare koa' || !ONLY || n.includes(ONLY));
const BASELINE = { small: 'koa + koa-session (signed), small', typical: 'koa + koa-session (signed), typical' };
const baseline = (n) => BASELINE[n.includes('typical') ? 'typical' : 'small'];

async function serve(name) {
  const Koa = (await import('koa')).default;
  const app = new Koa();
  if (name.startsWith('koa + koa-session')) {
    const koaSession = (await import('koa-session')).default;
    app.keys = [SECRET];
    app.use(koaSession({ signed: true }, app));
  } else if (name.startsWith('koa + @kolba/session')) {
    const { session } = await import('@kolba/session');
    // The same session with @kolba/signing's reused zlib handle switched off (public deflateSync).
    if (name.endsWith('deflateSync')) (await import('../packages/signing/dist/zlib-fast.js')).setDeflateEngine('public');
    app.use(session({ secretKey: SECRET }));
  }
  if (name === 'bare koa') {
    app.use((ctx) => {
      ctx.body = 'n=1';
    });
  } else {
    const typical = name.includes('typical');
    const { tuple } = typical && name.includes('kolba') ? await import('../packages/signing/dist/index.js') : { tuple: (...a) => a };
    app.use(handler(typical, tuple));
  }
  const server = app.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('disconnect', () => process.exit(0));
}

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

async function start(name) {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', name], { stdio: 'inherit' });
  const { port } = await new Promise((resolve) => child.once('message', resolve));
  const url = `http://127.0.0.1:${port}/`;
  // One request to obtain a session cookie; every benchmark request then carries it, so each
  // request verifies + decodes it, increments, and signs + sets a new one.
  const res = await fetch(url);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { child, url, cookie };
}

const run = (s, duration) =>
  autocannon({ url: s.url, connections: 20, duration, headers: s.cookie ? { cookie: s.cookie } : {} }).then((r) => {
    if (r.non2xx || r.errors) throw new Error(`${s.url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    return r.requests.average;
  });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The same app driven in process (no sockets): Koa's createContext on bare IncomingMessage /
// ServerResponse objects, so the session middleware's own cost is visible without network noise.
// Scenarios are interleaved and the best of several rounds is kept.
async function middlewareCost() {
  const http = await import('node:http');
  const net = await import('node:net');
  const Koa = (await import('koa')).default;
  const koaSession = (await import('koa-session')).default;
  const { session } = await import('@kolba/session');
  const { tuple } = await import('../packages/signing/dist/index.js');
  const { setDeflateEngine } = await import('../packages/signing/dist/zlib-fast.js');
  const setups = {
    'no session': [() => {}, null],
    'koa-session (signed), small': [(app) => { app.keys = [SECRET]; app.use(koaSession({ signed: true }, app)); }, false],
    '@kolba/session, small': [(app) => app.use(session({ secretKey: SECRET })), false],
    'koa-session (signed), typical': [(app) => { app.keys = [SECRET]; app.use(koaSession({ signed: true }, app)); }, true],
    '@kolba/session, typical': [(app) => app.use(session({ secretKey: SECRET })), true],
    '@kolba/session, typical, deflateSync': [(app) => app.use(session({ secretKey: SECRET })), true],
  };
  const runners = {};
  let engineNow = 'auto';
  for (const [name, [setup, typical]] of Object.entries(setups)) {
    const app = new Koa();
    setup(app);
    app.use(typical === null ? (ctx) => { ctx.body = 'ok'; } : handler(typical, name.includes('kolba') ? tuple : (...a) => a));
    let cookie = '';
    const engine = name.endsWith('deflateSync') ? 'public' : 'auto';
    const one = async () => {
      // Switched only when the scenario changes ('auto' rebuilds the engine and reruns its self-check).
      if (engine !== engineNow) setDeflateEngine((engineNow = engine));
      const req = new http.IncomingMessage(new net.Socket());
      req.headers = cookie ? { cookie } : {};
      req.method = 'GET';
      req.url = '/';
      const res = new http.ServerResponse(req);
      const ctx = app.createContext(req, res);
      await app.middleware.reduceRight((next, mw) => () => mw(ctx, next), () => Promise.resolve())();
      return res.getHeader('set-cookie');
    };
    const first = await one();
    if (first) cookie = [].concat(first).map((c) => c.split(';')[0]).join('; ');
    for (let i = 0; i < 2000; i++) await one();
    runners[name] = { one, best: Infinity };
  }
  const N = 2000;
  for (let r = 0; r < 12; r++) {
    for (const x of Object.values(runners)) {
      const t = process.hrtime.bigint();
      for (let i = 0; i < N; i++) await x.one();
      x.best = Math.min(x.best, Number(process.hrtime.bigint() - t) / N / 1000);
    }
  }
  return Object.fromEntries(Object.entries(runners).map(([k, v]) => [k, v.best - runners['no session'].best]));
}

async function inProcess() {
  const { flaskSessionSerializer, tuple } = await import('../packages/signing/dist/index.js');
  const s = flaskSessionSerializer(SECRET);
  const out = {};
  for (const [label, data] of Object.entries({
    small: { n: 12, user_id: 42 },
    typical: { _flashes: [tuple('message', 'Item 3 saved successfully')], _permanent: true, csrf_token: '3f6c1d2ab9e04f7d8c5b6a7e9d0c1b2a3f4e5d6c', n: 12, user_id: 42 },
  })) {
    const cookie = s.dumps(data);
    const N = 3000;
    let sign = Infinity;
    let verify = Infinity;
    for (let r = 0; r < 12; r++) {
      let t = process.hrtime.bigint();
      for (let i = 0; i < N; i++) s.dumps(data);
      sign = Math.min(sign, Number(process.hrtime.bigint() - t) / N / 1000);
      t = process.hrtime.bigint();
      for (let i = 0; i < N; i++) s.loads(cookie, { maxAge: 2678400 });
      verify = Math.min(verify, Number(process.hrtime.bigint() - t) / N / 1000);
    }
    out[label] = { sign, verify, bytes: cookie.length, compressed: cookie.startsWith('.') };
  }
  return out;
}

function handler(typical, tuple) {
  return (ctx) => {
    const n = Number(ctx.session.n ?? 0) + 1;
    ctx.session.n = n;
    ctx.session.user_id = 42;
    if (typical) {
      ctx.session._permanent = true;
      ctx.session.csrf_token = '3f6c1d2ab9e04f7d8c5b6a7e9d0c1b2a3f4e5d6c';
      ctx.session._flashes = [tuple('message', `Item ${n % 10} saved successfully`)];
    }
    ctx.body = `n=${n}`;
  };
}

async function main() {
  const slice = arg('slice', 1);
  const rounds = arg('rounds', 7);
  const servers = process.argv.includes('--no-http') ? {} : Object.fromEntries(await Promise.all(ACTIVE.map(async (n) => [n, await start(n)])));
  if (Object.keys(servers).length) try {
    for (const n of ACTIVE) await run(servers[n], 1); // warm-up (JIT)
    const rps = Object.fromEntries(ACTIVE.map((n) => [n, []]));
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? ACTIVE : [...ACTIVE].reverse();
      for (const n of order) rps[n].push(await run(servers[n], slice));
    }
    const ratio = (a, b) => (rps[b] ? median(rps[a].map((x, i) => x / rps[b][i])) : NaN);
    const costUs = (n) => median(rps[n].map((x, i) => 1e6 / x - 1e6 / rps['bare koa'][i]));
    console.log(`| scenario | req/s (median of ${rounds} × ${slice}s) | vs bare koa | vs koa-session (same data) | session cost per request |`);
    console.log('|---|---:|---:|---:|---:|');
    for (const n of ACTIVE) {
      const cost = n === 'bare koa' ? '—' : `${costUs(n).toFixed(1)} µs`;
      console.log(`| ${n} | ${Math.round(median(rps[n]))} | ${(ratio(n, 'bare koa') * 100).toFixed(1)}% | ${n === 'bare koa' || !rps[baseline(n)] ? '—' : `${(ratio(n, baseline(n)) * 100).toFixed(1)}%`} | ${cost} |`);
    }
  } finally {
    for (const s of Object.values(servers)) s.child.disconnect();
  }
  const cost = await middlewareCost();
  console.log('\nin process, no sockets (best of 12 interleaved rounds): session middleware cost per request');
  console.log('| data | koa-session (signed) | @kolba/session | kolba / koa-session |');
  console.log('|---|---:|---:|---:|');
  for (const d of ['small', 'typical']) {
    const a = cost[`koa-session (signed), ${d}`];
    const b = cost[`@kolba/session, ${d}`];
    console.log(`| ${d} | ${a.toFixed(1)} µs | ${b.toFixed(1)} µs | ${((b / a) * 100).toFixed(0)}% |`);
  }
  console.log(`| typical, public deflateSync | — | ${cost['@kolba/session, typical, deflateSync'].toFixed(1)} µs | ${((cost['@kolba/session, typical, deflateSync'] / cost['koa-session (signed), typical']) * 100).toFixed(0)}% |`);
  const p = await inProcess();
  console.log('\n@kolba/signing, Flask session serializer, in process (best of 12):');
  console.log('| data | cookie | sign (dumps) | verify (loads + maxAge) | sign + verify |');
  console.log('|---|---|---:|---:|---:|');
  for (const [d, x] of Object.entries(p)) {
    console.log(`| ${d} | ${x.bytes} bytes${x.compressed ? ', compressed' : ''} | ${x.sign.toFixed(2)} µs | ${x.verify.toFixed(2)} µs | ${(x.sign + x.verify).toFixed(2)} µs |`);
  }
}

if (process.argv[2] === '--serve') serve(process.argv[3]);
else main();
