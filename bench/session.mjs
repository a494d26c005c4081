#!/usr/bin/env node
// Cost of @kolba/session: every request reads a signed session cookie, changes it and writes it
// back. Compared in the same run with bare Koa (no session) and with koa-session's own signed
// cookies (keygrip `.sig` companion cookie), each server in its own child process.
// Then, in process: µs per sign (dumps) + verify (loads) of a typical Flask session cookie.
//
//   npx tsc -b packages/session && node bench/session.mjs [--slice 1] [--rounds 7]
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
];
const BASELINE = { small: 'koa + koa-session (signed), small', typical: 'koa + koa-session (signed), typical' };

async function serve(name) {
  const Koa = (await import('koa')).default;
  const app = new Koa();
  if (name.startsWith('koa + koa-session')) {
    const koaSession = (await import('koa-session')).default;
    app.keys = [SECRET];
    app.use(koaSession({ signed: true }, app));
  } else if (name.startsWith('koa + @kolba/session')) {
    const { session } = await import('@kolba/session');
    app.use(session({ secretKey: SECRET }));
  }
  if (name === 'bare koa') {
    app.use((ctx) => {
      ctx.body = 'n=1';
    });
  } else {
    const typical = name.endsWith('typical');
    const { tuple } = typical && name.includes('kolba') ? await import('../packages/signing/dist/index.js') : { tuple: (...a) => a };
    app.use((ctx) => {
      const n = Number(ctx.session.n ?? 0) + 1;
      ctx.session.n = n;
      ctx.session.user_id = 42;
      if (typical) {
        ctx.session._permanent = true;
        ctx.session.csrf_token = '3f6c1d2ab9e04f7d8c5b6a7e9d0c1b2a3f4e5d6c';
        ctx.session._flashes = [tuple('message', `Item ${n % 10} saved successfully`)];
      }
      ctx.body = `n=${n}`;
    });
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

async function inProcess() {
  const { flaskSessionSerializer, tuple } = await import('../packages/signing/dist/index.js');
  const s = flaskSessionSerializer(SECRET);
  const data = { _permanent: true, user_id: 42, csrf_token: 'a3f1c9e0b2d4', _flashes: [tuple('message', 'Saved')] };
  const cookie = s.dumps(data);
  const N = 50_000;
  for (let i = 0; i < 5000; i++) s.loads(s.dumps(data), { maxAge: 2678400 });
  let t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) s.dumps(data);
  const sign = Number(process.hrtime.bigint() - t) / N / 1000;
  t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) s.loads(cookie, { maxAge: 2678400 });
  const verify = Number(process.hrtime.bigint() - t) / N / 1000;
  return { sign, verify, bytes: cookie.length };
}

async function main() {
  const slice = arg('slice', 1);
  const rounds = arg('rounds', 7);
  const servers = Object.fromEntries(await Promise.all(SCENARIOS.map(async (n) => [n, await start(n)])));
  try {
    for (const n of SCENARIOS) await run(servers[n], 1); // warm-up (JIT)
    const rps = Object.fromEntries(SCENARIOS.map((n) => [n, []]));
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? SCENARIOS : [...SCENARIOS].reverse();
      for (const n of order) rps[n].push(await run(servers[n], slice));
    }
    const ratio = (a, b) => median(rps[a].map((x, i) => x / rps[b][i]));
    const baseline = (n) => BASELINE[n.endsWith('typical') ? 'typical' : 'small'];
    const costUs = (n) => median(rps[n].map((x, i) => 1e6 / x - 1e6 / rps['bare koa'][i]));
    console.log(`| scenario | req/s (median of ${rounds} × ${slice}s) | vs bare koa | vs koa-session (same data) | session cost per request |`);
    console.log('|---|---:|---:|---:|---:|');
    for (const n of SCENARIOS) {
      const cost = n === 'bare koa' ? '—' : `${costUs(n).toFixed(1)} µs`;
      console.log(`| ${n} | ${Math.round(median(rps[n]))} | ${(ratio(n, 'bare koa') * 100).toFixed(1)}% | ${n === 'bare koa' ? '—' : `${(ratio(n, baseline(n)) * 100).toFixed(1)}%`} | ${cost} |`);
    }
  } finally {
    for (const s of Object.values(servers)) s.child.disconnect();
  }
  const p = await inProcess();
  console.log(`\nin process (@kolba/signing, Flask session serializer, ${p.bytes}-byte cookie with a flash tuple):`);
  console.log(`sign (dumps) ${p.sign.toFixed(2)} µs · verify (loads, maxAge) ${p.verify.toFixed(2)} µs · both ${(p.sign + p.verify).toFixed(2)} µs`);
}

if (process.argv[2] === '--serve') serve(process.argv[3]);
else main();
