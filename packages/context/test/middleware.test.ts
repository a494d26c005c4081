import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import Koa from 'koa';
import request from 'supertest';
import { context, g, request as currentRequest, session, currentApp, hasRequestContext } from '../src/index.js';

test('ctx.g is a fresh, empty namespace on every request', async () => {
  const app = new Koa();
  app.use(context());
  app.use((ctx) => {
    const before = [...ctx.g];
    ctx.g.counter = ((ctx.g.get('counter', 0) as number) + 1);
    ctx.body = { before, counter: ctx.g.counter };
  });
  const server = app.callback();
  for (let i = 0; i < 3; i++) {
    const res = await request(server).get('/');
    // Flask: "a counter in g is 1 on every request" (flask.md §4.1).
    assert.deepEqual(res.body, { before: [], counter: 1 });
  }
});

test('the context-local g is ctx.g and currentApp defaults to the Koa app', async () => {
  const app = new Koa();
  app.use(context());
  app.use((ctx) => {
    g.user = 'alice';
    ctx.body = {
      same: ctx.g.user === 'alice',
      app: currentApp.middleware === ctx.app.middleware && currentApp instanceof Koa,
      path: currentRequest.path,
    };
  });
  const res = await request(app.callback()).get('/hello');
  assert.deepEqual(res.body, { same: true, app: true, path: '/hello' });
});

test('the app option is what currentApp resolves to', async () => {
  const facade = { name: 'flask_app', config: { DEBUG: false } };
  const app = new Koa();
  app.use(context({ app: facade }));
  app.use((ctx) => {
    ctx.body = (currentApp as unknown as typeof facade).name;
  });
  const res = await request(app.callback()).get('/');
  assert.equal(res.text, 'flask_app');
});

test('upstream middleware is outside the context, downstream is inside', async () => {
  const app = new Koa();
  const seen: string[] = [];
  app.use(async (ctx, next) => {
    seen.push(`before:${hasRequestContext()}`);
    await next();
    seen.push(`after:${hasRequestContext()}`);
  });
  app.use(context());
  app.use((ctx) => {
    seen.push(`handler:${hasRequestContext()}`);
    ctx.body = 'ok';
  });
  await request(app.callback()).get('/').expect(200);
  assert.deepEqual(seen, ['before:false', 'handler:true', 'after:false']);
});

test('a second context() downstream keeps the outer request context (re-entrant)', async () => {
  const app = new Koa();
  app.use(context());
  app.use(async (ctx, next) => {
    ctx.g.outer = 1;
    ctx.state.outerG = ctx.g;
    await next();
  });
  app.use(context());
  app.use((ctx) => {
    ctx.body = { outer: g.outer ?? null, same: ctx.g === ctx.state.outerG };
  });
  const res = await request(app.callback()).get('/');
  assert.deepEqual(res.body, { outer: 1, same: true });
});

test("Koa 3's asyncLocalStorage option is reused: same g, app.currentContext agrees", async () => {
  const app = new Koa({ asyncLocalStorage: true });
  app.use(context());
  app.use(async (ctx) => {
    await sleep(1);
    g.marker = ctx.query.id;
    ctx.body = {
      koa: app.currentContext === ctx,
      g: ctx.g.marker,
      path: currentRequest.query.id,
    };
  });
  const server = app.callback();
  const res = await request(server).get('/?id=7');
  assert.deepEqual(res.body, { koa: true, g: '7', path: '7' });
});

// The core promise of context-locals: under load, interleaved requests never see each other's
// request, g or session, however their awaits interleave.
test('hundreds of interleaved requests never see each other’s g, request or session', async () => {
  const app = new Koa();
  // A minimal in-memory session stand-in (keyed by a header) so the session local is exercised.
  const sessions = new Map<string, Record<string, unknown>>();
  app.use(async (ctx, next) => {
    const sid = ctx.get('x-sid');
    if (!sessions.has(sid)) sessions.set(sid, {});
    ctx.session = sessions.get(sid);
    await next();
  });
  app.use(context());
  app.use(async (ctx, next) => {
    g.id = ctx.query.id;
    session.owner = ctx.query.id;
    await sleep(Math.random() * 5);
    await next();
  });
  app.use(async (ctx) => {
    const checks: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      await (Math.random() < 0.5 ? sleep(Math.random() * 4) : Promise.resolve());
      checks.push(g.id, currentRequest.query.id, session.owner, ctx.g.id);
    }
    ctx.body = checks;
  });
  const server = app.callback();
  const ids = Array.from({ length: 300 }, (_, i) => String(i));
  const results = await Promise.all(
    ids.map((id) => request(server).get(`/?id=${id}`).set('x-sid', `s${id}`)),
  );
  for (const [i, res] of results.entries()) {
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, Array(16).fill(ids[i]), `request ${i} saw another request's data`);
  }
});

test('concurrency holds on the Koa asyncLocalStorage path too', async () => {
  const app = new Koa({ asyncLocalStorage: true });
  app.use(context());
  app.use(async (ctx) => {
    g.id = ctx.query.id;
    await sleep(Math.random() * 5);
    ctx.body = [g.id, currentRequest.query.id];
  });
  const server = app.callback();
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) => request(server).get(`/?id=${i}`)),
  );
  results.forEach((res, i) => assert.deepEqual(res.body, [String(i), String(i)]));
});

test('locals: false gives ctx.g and teardown without binding the context-locals', async () => {
  const app = new Koa();
  let tornDown: unknown = 'no';
  app.use(context({ locals: false, teardown: [(err, ctx) => void (tornDown = ctx.g.get('n'))] }));
  app.use((ctx) => {
    ctx.g.n = 5;
    ctx.body = { bound: hasRequestContext(), n: ctx.g.n };
  });
  const res = await request(app.callback()).get('/');
  assert.deepEqual(res.body, { bound: false, n: 5 });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(tornDown, 5);
});
