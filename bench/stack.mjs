#!/usr/bin/env node
// Full-stack benchmarks: the scenarios of /work/shared/spec/performance-anchors.md served by the
// same app shape on bare Koa (koa + @koa/router + koa-session + nunjucks) and on kolba
// (koa + @kolba/routing + @kolba/session + @kolba/templates …), measured in the same run.
//
// Kolba packages are imported from their built `dist`, so build first:
//
//   npx tsc -b tsconfig.build.json && node bench/stack.mjs [--duration 3] [--rounds 3]
//     [--warmup 2] [--connections 50] [--only S1,S3,S4,S5,S1-full]
//   node bench/stack.mjs --profile S4:kolba [--duration 5]
//     runs one stack under `node --cpu-prof` and prints its hottest functions and files
//
// Every app runs in its own child process pinned to core 0 (bench/lib/server.mjs); autocannon
// runs here, pinned to core 1. Each round measures every stack once, back to back (order reversed
// every other round); a scenario's kolba/bare ratio is the median of its per-round ratios.
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
];

// ---------------------------------------------------------------------------------------------
// The apps (child side). Both stacks route through their router, as a real app would.

async function bareApp(id) {
  const Koa = (await import('koa')).default;
  const Router = (await import('@koa/router')).default;
  const app = new Koa();
  const router = new Router();
  if (id === 'S1' || id === 'S1-full') {
    router.get('/', (ctx) => {
      ctx.body = 'Hello, World!';
    });
  } else if (id === 'S3') {
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

async function kolbaApp(id) {
  const Koa = (await import('koa')).default;
  const { Router } = await import('@kolba/routing');
  const app = new Koa();
  const router = new Router();
  if (id === 'S1') {
    router.get('/', function index() {
      return 'Hello, World!';
    });
  } else if (id === 'S1-full') {
    const { errorHandlers } = await import('@kolba/http');
    const { session } = await import('@kolba/session');
    const { context } = await import('@kolba/context');
    const { flashes } = await import('@kolba/flash');
    const { bodies } = await import('@kolba/request');
    const { templates } = await import('@kolba/templates');
    app.use(errorHandlers());
    app.use(session({ secretKey: SECRET }));
    app.use(context());
    app.use(flashes());
    app.use(bodies());
    app.use(templates({ folder: TEMPLATES }));
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

/** `--profile S4:kolba`: one stack under `node --cpu-prof`, warmed up, loaded, then summarised. */
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

async function main() {
  if (option('profile', null)) return profile(option('profile'), Number(option('duration', 5)), Number(option('connections', 50)));
  const duration = Number(option('duration', 3));
  const rounds = Number(option('rounds', 3));
  const warmup = Number(option('warmup', 2));
  const connections = Number(option('connections', 50));
  const only = option('only', null)?.split(',');
  const scenarios = only ? SCENARIOS.filter((s) => only.includes(s.id)) : SCENARIOS;
  if (!scenarios.length) throw new Error(`--only matched no scenario (ids: ${SCENARIOS.map((s) => s.id).join(', ')})`);

  const note = machineNote(); // before pinning: `nproc` counts the cores this process may use
  pinLoadGenerator();
  const targets = [];
  const shapes = [];
  const servers = [];
  try {
    for (const s of scenarios) {
      for (const stack of ['bare', 'kolba']) {
        const server = await startServer(import.meta.url, `${s.id}:${stack}`);
        servers.push(server);
        const shape = await probe(s, stack, server);
        shapes.push([`${s.id} ${stack}`, `\`${shape.type}\``, int(shape.bytes)]);
        targets.push({ key: `${s.id}:${stack}`, server, path: '/', headers: shape.headers });
      }
    }
    const series = await interleave(targets, { rounds, duration, warmup, connections, log });
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
    console.log(`- autocannon: ${connections} connections, ${rounds} interleaved rounds × ${duration} s per stack (after ${warmup} s warm-up), medians\n`);
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
    console.log('\nResponses (one probe request per stack before measuring):\n');
    console.log(markdownTable(['stack', 'content-type', 'body bytes'], shapes));
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
}

if (process.argv[2] === '--serve') {
  const [id, stack] = process.argv[3].split(':');
  serveApp(await (stack === 'bare' ? bareApp(id) : kolbaApp(id)));
} else {
  await main();
}
