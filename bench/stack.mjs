#!/usr/bin/env node
// Full-stack benchmarks: the scenarios of /work/shared/spec/performance-anchors.md served by the
// same app shape on bare Koa (koa + @koa/router + koa-session + nunjucks) and on kolba
// (koa + @kolba/routing + @kolba/session + @kolba/templates …), measured in the same run.
//
// Kolba packages are imported from their built `dist`, so build first:
//
//   npx tsc -b tsconfig.build.json && node bench/stack.mjs [--duration 3] [--rounds 3]
//     [--slice 0.5] [--warmup 2] [--connections 50] [--only S1,S3,S4,S5,S1-full,S1-app,S3-app]
//   node bench/stack.mjs --ladder [--rounds 3] …
//     S1 with kolba's layers added one at a time (what each costs), instead of the scenarios
//   node bench/stack.mjs --inproc [--rounds 7]
//     S4's render and S5's JSON text timed in process, without HTTP
//   node bench/stack.mjs --profile S4:kolba [--duration 5]
//     runs one stack under `node --cpu-prof` and prints its hottest functions and files
//
// Every app runs in its own child process pinned to core 0 (bench/lib/server.mjs); autocannon
// runs here, pinned to core 1. Each round gives every stack `duration` seconds of load, in
// `slice`-second pieces alternating between a scenario's bare and kolba stacks
// (bench/lib/measure.mjs); a scenario's kolba/bare ratio is the median of its per-round ratios.
// Progress goes to stderr; stdout is the markdown report.
import { pinLoadGenerator, serveApp, startServer } from './lib/server.mjs';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interleave, load, median, pairedRatio } from './lib/measure.mjs';
import { topFiles, topFunctions } from './lib/profile.mjs';
import { int, machineNote, markdownTable, pct } from './lib/report.mjs';
import { items, record } from './fixtures/data.mjs';

const SECRET = 'bench-secret-key-0123456789abcdef';
const TEMPLATES = new URL('./fixtures/templates/', import.meta.url);
const TITLE = 'Items & <prices>';

const SCENARIOS = [
  {
    id: 'S1',
    title: 'S1 plain text `/` → "Hello, World!"',
    check: (body) => body === 'Hello, World!',
  },
  {
    id: 'S3',
    title: 'S3 signed-cookie session read + write',
    session: true,
    check: (body) => body === 'n=2',
  },
  {
    id: 'S4',
    title: 'S4 template, autoescape, 100-item loop',
    check: (body) => body.length > 10_000 && body.includes('Item 99 &lt;new&gt;') && !body.includes('<new>'),
  },
  {
    id: 'S5',
    title: 'S5 JSON, 20 keys',
    check: (body) => Object.keys(JSON.parse(body)).length === 20,
  },
  {
    id: 'S1-full',
    title: 'S1 on the full kolba stack¹ vs bare Koa + @koa/router',
    check: (body) => body === 'Hello, World!',
  },
  {
    id: 'S1-app',
    title: 'S1 on the `kolba` facade² vs bare Koa + @koa/router',
    check: (body) => body === 'Hello, World!',
  },
  {
    id: 'S3-app',
    title: 'S3 session on the `kolba` facade² vs Koa + @koa/router + koa-session',
    session: true,
    check: (body) => body === 'n=2',
  },
];

// ---------------------------------------------------------------------------------------------
// The apps (child side). Both stacks route through their router, as a real app would.

/** The kolba middleware of the "full stack", in the order DESIGN.md's example app uses them. */
const LAYERS = [
  { name: 'errorHandlers()', create: async () => (await import('@kolba/http')).errorHandlers() },
  { name: 'session()', create: async () => (await import('@kolba/session')).session({ secretKey: SECRET }) },
  { name: 'context()', create: async () => (await import('@kolba/context')).context() },
  { name: 'flashes()', create: async () => (await import('@kolba/flash')).flashes() },
  { name: 'bodies()', create: async () => (await import('@kolba/request')).bodies() },
  { name: 'templates()', create: async () => (await import('@kolba/templates')).templates({ folder: TEMPLATES }) },
];

async function bareApp(id) {
  const Koa = (await import('koa')).default;
  const Router = (await import('@koa/router')).default;
  const app = new Koa();
  const router = new Router();
  if (id === 'S1' || id === 'S1-full' || id === 'S1-app' || id === 'ladder') {
    router.get('/', (ctx) => {
      ctx.body = 'Hello, World!';
    });
  } else if (id === 'S3' || id === 'S3-app') {
    const koaSession = (await import('koa-session')).default;
    app.keys = [SECRET];
    app.use(koaSession({ signed: true }, app));
    router.get('/', (ctx) => {
      const n = Number(ctx.session.n ?? 0) + 1;
      ctx.session.n = n;
      ctx.body = `n=${n}`;
    });
  } else if (id === 'S4') {
    const nunjucks = (await import('nunjucks')).default;
    const env = new nunjucks.Environment(null, { autoescape: true });
    // Compiled once, at start-up: the fastest way plain nunjucks can serve a page.
    const template = nunjucks.compile(readFileSync(new URL('items.html', TEMPLATES), 'utf8'), env);
    router.get('/', (ctx) => {
      ctx.type = 'html';
      ctx.body = template.render({ title: TITLE, items });
    });
  } else if (id === 'S5') {
    router.get('/', (ctx) => {
      ctx.body = record;
    });
  }
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}

async function kolbaApp(id, step) {
  if (id === 'S1-app' || id === 'S3-app') return facadeApp(id);
  const Koa = (await import('koa')).default;
  const { Router } = await import('@kolba/routing');
  const app = new Koa();
  const router = new Router();
  if (id === 'S1') {
    router.get('/', function index() {
      return 'Hello, World!';
    });
  } else if (id === 'S1-full' || id === 'ladder') {
    // The ladder adds the layers one at a time: `ladder:3` is the first three layers + Router.
    // `ladder:no-als` is the full stack with context({ locals: false }): no AsyncLocalStorage.
    const count = id === 'S1-full' || step === 'no-als' ? LAYERS.length : Number(step);
    for (const layer of LAYERS.slice(0, count)) {
      app.use(step === 'no-als' && layer.name === 'context()' ? (await import('@kolba/context')).context({ locals: false }) : await layer.create());
    }
    router.get('/', function index() {
      return 'Hello, World!';
    });
  } else if (id === 'S3') {
    const { session } = await import('@kolba/session');
    app.use(session({ secretKey: SECRET }));
    router.get('/', function counter(ctx) {
      const n = Number(ctx.session.n ?? 0) + 1;
      ctx.session.n = n;
      return `n=${n}`;
    });
  } else if (id === 'S4') {
    const { templates, renderTemplate } = await import('@kolba/templates');
    app.use(templates({ folder: TEMPLATES }));
    router.get('/', function page(ctx) {
      return renderTemplate(ctx, 'items.html', { title: TITLE, items });
    });
  } else if (id === 'S5') {
    router.get('/', function data() {
      return record;
    });
  }
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}

/** The `kolba` facade: `new Kolba()` with every layer of the request cycle (hooks, errors, …). */
async function facadeApp(id) {
  const { Kolba } = await import('kolba');
  const app = new Kolba(mkdtempSync(join(tmpdir(), 'kolba-bench-')), { config: { SECRET_KEY: SECRET } });
  if (id === 'S1-app') {
    app.get('/', function index() {
      return 'Hello, World!';
    });
  } else {
    app.get('/', function counter(ctx) {
      const n = Number(ctx.session.n ?? 0) + 1;
      ctx.session.n = n;
      return `n=${n}`;
    });
  }
  return app;
}

// ---------------------------------------------------------------------------------------------
// The measurement (parent side).

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}

const log = (line) => process.stderr.write(`${line}\n`);

/** One request before measuring: proves the app answers as the scenario expects, and for the
 * session scenario obtains the cookie every measured request then carries (read + write). */
async function probe(scenario, stack, server) {
  let headers = {};
  if (scenario.session) {
    const first = await fetch(server.url + '/');
    const cookie = first.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    if (!cookie) throw new Error(`${scenario.id} ${stack}: no session cookie set`);
    headers = { cookie };
  }
  const res = await fetch(server.url + '/', { headers });
  const body = await res.text();
  if (res.status !== 200 || !scenario.check(body)) {
    throw new Error(`${scenario.id} ${stack}: unexpected response ${res.status} ${body.slice(0, 200)}`);
  }
  if (scenario.session && !res.headers.getSetCookie().length) {
    throw new Error(`${scenario.id} ${stack}: the session was not written back`);
  }
  return { headers, type: res.headers.get('content-type'), bytes: Buffer.byteLength(body) };
}

/**
 * `--profile S4:kolba`: one stack under `node --cpu-prof`, loaded for `duration` seconds, then
 * summarised. Start-up (module loading, JIT) is in the profile too; a longer duration dilutes it.
 */
async function profile(key, duration, connections) {
  const [id, stack] = key.split(':');
  const scenario = SCENARIOS.find((s) => s.id === id);
  if (!scenario || !['bare', 'kolba'].includes(stack)) throw new Error(`--profile takes <scenario>:<bare|kolba>, e.g. S4:kolba`);
  const dir = mkdtempSync(join(tmpdir(), 'kolba-prof-'));
  pinLoadGenerator();
  const server = await startServer(import.meta.url, key, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  try {
    const { headers } = await probe(scenario, stack, server);
    const m = await load(server, { headers, duration, connections });
    log(`${key}: ${Math.round(m.rps)} req/s, ${m.cpuPerRequest.toFixed(1)} µs CPU/req under the profiler`);
  } finally {
    await server.close();
  }
  const file = join(dir, readdirSync(dir).find((f) => f.endsWith('.cpuprofile')));
  console.log(`profile: ${file}\n`);
  console.log(markdownTable(['self %', 'function', 'where'], topFunctions(file, 25).map((f) => [f.percent.toFixed(1), `\`${f.name}\``, f.where]), ['r', 'l', 'l']));
  console.log('');
  console.log(markdownTable(['self %', 'file or package'], topFiles(file, 15).map((f) => [f.percent.toFixed(1), f.file]), ['r', 'l']));
}

/** `--ladder`: S1 with the kolba layers added one at a time, to attribute the full stack's cost. */
async function ladder({ rounds, duration, slice, warmup, connections }) {
  const note = machineNote();
  pinLoadGenerator();
  const steps = ['bare', ...LAYERS.map((_, i) => String(i)), String(LAYERS.length), 'no-als'];
  const label = (step) =>
    step === 'bare'
      ? 'bare Koa + @koa/router'
      : step === '0'
        ? 'Koa + kolba Router'
        : step === 'no-als'
          ? 'the same, with context({ locals: false }) (no AsyncLocalStorage)'
          : `+ ${LAYERS[Number(step) - 1].name}`;
  const servers = [];
  try {
    const group = [];
    for (const step of steps) {
      const server = await startServer(import.meta.url, `ladder:${step}`);
      servers.push(server);
      await probe(SCENARIOS[0], step, server);
      group.push({ key: step, server, path: '/' });
    }
    const series = await interleave([group], { rounds, duration, slice, warmup, connections, log });
    const rows = steps.map((step, i) => {
      const { rps, cpu } = series[step];
      const previous = i === 0 ? null : series[steps[i - 1]].cpu;
      const delta = previous ? median(cpu.map((x, r) => x - previous[r])) : null;
      return [
        label(step),
        int(median(rps)),
        step === 'bare' ? '—' : pct(pairedRatio(rps, series.bare.rps)),
        median(cpu).toFixed(1),
        delta === null ? '—' : `${delta >= 0 ? '+' : ''}${delta.toFixed(1)}`,
      ];
    });
    console.log(note);
    console.log(
      `- autocannon: ${connections} connections; ${rounds} rounds × ${duration} s of load per stack, the stacks alternating every ${slice} s; after ${warmup} s warm-up; medians over rounds\n`,
    );
    console.log(markdownTable(['S1 `/` → "Hello, World!" on', 'req/s', 'vs bare (req/s)', 'CPU µs/req', 'Δ CPU µs/req vs the row above'], rows));
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
}

/** µs per call of `fn` (async allowed): median of interleaved samples, taken by the caller. */
async function timeCalls(fn, calls) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await fn();
  return Number(process.hrtime.bigint() - started) / calls / 1000;
}

/**
 * `--inproc`: the S4 and S5 work without HTTP, in this process — the page render and the JSON
 * text — so a few µs of difference are not lost in the noise of a shared machine.
 */
async function inProcess(rounds) {
  const nunjucks = (await import('nunjucks')).default;
  const { TemplateEnvironment } = await import('@kolba/templates');
  const { jsonText } = await import('@kolba/http');
  const env = new nunjucks.Environment(null, { autoescape: true });
  const template = nunjucks.compile(readFileSync(new URL('items.html', TEMPLATES), 'utf8'), env);
  const kolbaEnv = new TemplateEnvironment({ folder: TEMPLATES });
  const request = { state: {} };
  const pairs = [
    ['S4 render: nunjucks `template.render` (compiled once)', () => template.render({ title: TITLE, items }), 1000],
    ['S4 render: @kolba/templates `env.render` (what renderTemplate calls)', () => kolbaEnv.render('items.html', { title: TITLE, items }, request), 1000],
    ['S5 body: `JSON.stringify` (what Koa does for ctx.body = obj)', () => JSON.stringify(record), 100_000],
    ['S5 body: @kolba/http `jsonText` (Flask: sorted keys, ASCII, trailing newline)', () => jsonText(record), 100_000],
  ];
  for (const [, fn, calls] of pairs) await timeCalls(fn, calls / 10); // warm-up
  const samples = pairs.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [i, [, fn, calls]] of pairs.entries()) samples[i].push(await timeCalls(fn, calls));
  }
  console.log(markdownTable(['in process', 'µs per call (median)'], pairs.map(([name], i) => [name, median(samples[i]).toFixed(2)])));
}

async function main() {
  if (process.argv.includes('--inproc')) return inProcess(Number(option('rounds', 7)));
  if (option('profile', null)) return profile(option('profile'), Number(option('duration', 5)), Number(option('connections', 50)));
  const duration = Number(option('duration', 3));
  const rounds = Number(option('rounds', 3));
  const warmup = Number(option('warmup', 2));
  const connections = Number(option('connections', 50));
  const slice = Number(option('slice', 0.5));
  if (process.argv.includes('--ladder')) return ladder({ rounds, duration, slice, warmup, connections });
  const only = option('only', null)?.split(',');
  const scenarios = only ? SCENARIOS.filter((s) => only.includes(s.id)) : SCENARIOS;
  if (!scenarios.length) throw new Error(`--only matched no scenario (ids: ${SCENARIOS.map((s) => s.id).join(', ')})`);

  const note = machineNote(); // before pinning: `nproc` counts the cores this process may use
  pinLoadGenerator();
  const groups = [];
  const shapes = [];
  const servers = [];
  try {
    for (const s of scenarios) {
      const group = [];
      groups.push(group);
      for (const stack of ['bare', 'kolba']) {
        const server = await startServer(import.meta.url, `${s.id}:${stack}`);
        servers.push(server);
        const shape = await probe(s, stack, server);
        shapes.push([`${s.id} ${stack}`, `\`${shape.type}\``, int(shape.bytes)]);
        group.push({ key: `${s.id}:${stack}`, server, path: '/', headers: shape.headers });
      }
    }
    const series = await interleave(groups, { rounds, duration, slice, warmup, connections, log });
    const rows = scenarios.map((s) => {
      const bare = series[`${s.id}:bare`];
      const kolba = series[`${s.id}:kolba`];
      const extra = median(kolba.cpu.map((x, i) => x - bare.cpu[i]));
      return [
        s.title,
        int(median(bare.rps)),
        int(median(kolba.rps)),
        `**${pct(pairedRatio(kolba.rps, bare.rps))}**`,
        median(bare.cpu).toFixed(1),
        median(kolba.cpu).toFixed(1),
        `${extra >= 0 ? '+' : ''}${extra.toFixed(1)}`,
      ];
    });
    console.log(note);
    console.log(
      `- autocannon: ${connections} connections; per scenario ${rounds} rounds × ${duration} s of load per stack, bare and kolba alternating every ${slice} s; after ${warmup} s warm-up; medians over rounds\n`,
    );
    console.log(
      markdownTable(
        ['scenario', 'bare Koa req/s', 'kolba req/s', 'kolba / bare (req/s)', 'bare CPU µs/req', 'kolba CPU µs/req', 'kolba extra CPU µs/req'],
        rows,
      ),
    );
    if (scenarios.some((s) => s.id === 'S1-full')) {
      console.log(
        '\n¹ errorHandlers() + session() + context() + flashes() + bodies() + templates() + Router; the request carries no cookie and no body.',
      );
    }
    if (scenarios.some((s) => s.id.endsWith('-app'))) {
      console.log(
        '\n² `new Kolba()`: session, context (AsyncLocalStorage locals), flash, bodies, templates, error handlers, before/after-request hooks, static route and Router, all in one request cycle.',
      );
    }
    console.log('\nResponses (one probe request per stack before measuring):\n');
    console.log(markdownTable(['stack', 'content-type', 'body bytes'], shapes, ['l', 'l', 'r']));
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
}

if (process.argv[2] === '--serve') {
  const [id, stack] = process.argv[3].split(':');
  serveApp(await (stack === 'bare' ? bareApp(id) : kolbaApp(id, stack)));
} else {
  await main();
}
