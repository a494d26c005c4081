// Server-side sessions against a real redis-server (started on a free loopback port).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Koa from 'koa';
import request from 'supertest';
import koaSession from 'koa-session';
import { createClient } from 'redis';
import { isTuple, tuple } from '@kolba/signing';
import { RedisStore, session, SessionUnavailable, type SessionOptions } from '../src/index.js';
import { requireService, serviceInstalled, startRedis, type RunningService } from '../../../test/support/services.js';
import { cookieValue, setCookies } from './helpers.js';

let redis: RunningService | undefined;
let inspector: ReturnType<typeof createClient> | undefined;
const stores: RedisStore[] = [];

function newStore(prefix = 'session:'): RedisStore {
  const store = new RedisStore({ url: redis!.url, prefix, commandTimeout: 500 });
  stores.push(store);
  return store;
}

function storeApp(store: RedisStore, handler: (ctx: Koa.Context) => unknown | Promise<unknown>, extra: SessionOptions = {}): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(session({ secretKey: 'redis-test-key', store, ...extra }));
  app.use(async (ctx) => {
    const out = await handler(ctx);
    ctx.body = out === undefined ? 'ok' : out;
  });
  return app;
}

before(async () => {
  if (!serviceInstalled('redis')) return; // each test then skips (or fails in CI) via requireService
  redis = await startRedis();
  inspector = createClient({ url: redis.url });
  inspector.on('error', () => {});
  await inspector.connect();
});
after(async () => {
  for (const s of stores) await s.close();
  if (inspector?.isOpen) await inspector.close();
  await redis?.stop();
});

test('RedisStore round-trips Flask types with a TTL and a key prefix', async (t) => {
  if (!requireService(t, 'redis')) return;
  const store = newStore('kolba-test:');
  await store.set('abc', { t: tuple('message', 'hi'), b: Buffer.from([1, 2]) }, 60_000, { rolling: false, changed: true });
  const back = (await store.get('abc', 60_000, { rolling: false }))!;
  assert.ok(isTuple(back.t));
  assert.deepEqual(back.b, Buffer.from([1, 2]));
  const ttl = await inspector!.pTTL('kolba-test:abc');
  assert.ok(ttl > 59_000 && ttl <= 60_000, `ttl ${ttl}`);
  await store.destroy('abc', {});
  assert.equal(await inspector!.exists('kolba-test:abc'), 0);
  assert.equal(await store.get('abc', 1, { rolling: false }), undefined);
  await inspector!.set('kolba-test:junk', 'not json');
  assert.equal(await store.get('junk', 1, { rolling: false }), undefined, 'corrupt values are a missing session');
});

test('store mode: the cookie holds only a signed id; data lives in Redis with the lifetime as TTL', async (t) => {
  if (!requireService(t, 'redis')) return;
  const app = storeApp(newStore(), (ctx) => {
    ctx.session.user_id = 42;
    ctx.session.permanent = true;
  }, { permanentSessionLifetime: 3600 });
  const res = await request(app.callback()).get('/');
  const line = setCookies(res)[0]!;
  assert.match(line, /^session=[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{27}; Expires=.+ GMT; HttpOnly; Path=\/$/);
  const id = cookieValue(line)!.split('.')[0]!;
  assert.equal(await inspector!.get(`session:${id}`), '{"_permanent":true,"user_id":42}');
  const ttl = await inspector!.pTTL(`session:${id}`);
  assert.ok(ttl > 3_590_000 && ttl <= 3_600_000, `ttl ${ttl}`);
});

test('two apps with separate Redis clients share sessions (multi-process / multi-host)', async (t) => {
  if (!requireService(t, 'redis')) return;
  const login = storeApp(newStore(), (ctx) => {
    ctx.session.user = 'alice';
  });
  const other = storeApp(newStore(), (ctx) => {
    ctx.session.visits = Number(ctx.session.visits ?? 0) + 1;
    return `${String(ctx.session.user)}:${String(ctx.session.visits)}`;
  });
  const cookie = cookieValue(setCookies(await request(login.callback()).get('/')))!;
  const r1 = await request(other.callback()).get('/').set('Cookie', `session=${cookie}`);
  assert.equal(r1.text, 'alice:1');
  const r2 = await request(other.callback()).get('/').set('Cookie', `session=${cookieValue(setCookies(r1)) ?? cookie}`);
  assert.equal(r2.text, 'alice:2');
});

test('regenerate(): new id, same data, old id deleted (session fixation defence)', async (t) => {
  if (!requireService(t, 'redis')) return;
  const store = newStore();
  const app = storeApp(store, async (ctx) => {
    if (ctx.path === '/login') {
      await ctx.session.regenerate();
      ctx.session.user = 'bob';
    }
    return String(ctx.session.user ?? 'anon');
  });
  const first = await request(app.callback()).get('/seed');
  assert.deepEqual(setCookies(first), [], 'nothing to save yet');
  const seeded = storeApp(store, (ctx) => void (ctx.session.cart = ['x']));
  const pre = cookieValue(setCookies(await request(seeded.callback()).get('/')))!;
  const preId = pre.split('.')[0]!;
  const res = await request(app.callback()).get('/login').set('Cookie', `session=${pre}`);
  const post = cookieValue(setCookies(res))!;
  const postId = post.split('.')[0]!;
  assert.notEqual(postId, preId);
  assert.equal(await inspector!.exists(`session:${preId}`), 0, 'old id deleted');
  assert.equal(await inspector!.get(`session:${postId}`), '{"cart":["x"],"user":"bob"}');
  const again = await request(app.callback()).get('/').set('Cookie', `session=${pre}`);
  assert.equal(again.text, 'anon', 'the pre-login id is worthless now');
});

test('clearing a stored session deletes the key and the cookie; forged ids start afresh', async (t) => {
  if (!requireService(t, 'redis')) return;
  const store = newStore();
  const set = storeApp(store, (ctx) => void (ctx.session.a = 1));
  const clear = storeApp(store, (ctx) => ctx.session.clear());
  const read = storeApp(store, (ctx) => `${String(ctx.session.a)}:${String(ctx.session.new)}`);
  const cookie = cookieValue(setCookies(await request(set.callback()).get('/')))!;
  const id = cookie.split('.')[0]!;
  assert.equal((await request(read.callback()).get('/').set('Cookie', `session=${cookie}`)).text, '1:false');
  const res = await request(clear.callback()).get('/').set('Cookie', `session=${cookie}`);
  assert.match(setCookies(res)[0]!, /^session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0/);
  assert.equal(await inspector!.exists(`session:${id}`), 0);
  const forged = `${id.slice(0, -1)}A.${cookie.split('.')[1]}`;
  assert.equal((await request(read.callback()).get('/').set('Cookie', `session=${forged}`)).text, 'undefined:true');
});

test('Redis down: routes that never touch the session answer 200, routes that do get 503; both recover by themselves', async (t) => {
  if (!requireService(t, 'redis')) return;
  const own = await startRedis();
  const store = new RedisStore({ url: own.url, commandTimeout: 300 });
  stores.push(store);
  const errors: unknown[] = [];
  const app = storeApp(store, (ctx) => {
    if (ctx.path === '/health') return 'up'; // never touches ctx.session
    ctx.session.n = Number(ctx.session.n ?? 0) + 1;
    ctx.session.permanent = true; // a permanent session is refreshed even by /health when Redis is up
    return String(ctx.session.n);
  });
  app.on('error', (err) => errors.push(err));
  const server = app.callback();
  const ok = await request(server).get('/');
  assert.equal(ok.status, 200);
  const cookie = cookieValue(setCookies(ok))!;
  assert.equal((await request(server).get('/health').set('Cookie', `session=${cookie}`)).status, 200);

  await own.stop();
  const health = await request(server).get('/health').set('Cookie', `session=${cookie}`);
  assert.equal(health.status, 200, 'a route that does not use the session is not failed by the outage');
  assert.equal(health.text, 'up');
  assert.deepEqual(setCookies(health), [], 'nothing known, so the cookie is neither refreshed nor deleted');
  const down = await request(server).get('/').set('Cookie', `session=${cookie}`);
  assert.equal(down.status, 503);
  assert.equal(down.text, 'Service Unavailable');
  assert.equal(down.headers['retry-after'], '1');
  assert.deepEqual(setCookies(down), [], 'the user keeps their cookie through the outage');
  assert.ok(errors.length >= 1 && errors.every((e) => e instanceof SessionUnavailable));
  const fresh = await request(server).get('/');
  assert.equal(fresh.status, 503, 'a new session cannot be saved either');

  const back = await startRedis(own.port);
  t.after(() => back.stop());
  let status = 0;
  for (let i = 0; i < 50 && status !== 200; i++) {
    const res = await request(server).get('/').set('Cookie', `session=${cookie}`);
    status = res.status;
    if (status !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(status, 200, 'the session route recovered without a restart');
  assert.equal((await request(server).get('/health').set('Cookie', `session=${cookie}`)).status, 200);
});

test('refreshing an unmodified permanent session extends the TTL and never undoes a concurrent write', async (t) => {
  if (!requireService(t, 'redis')) return;
  const store = newStore();
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const app = storeApp(store, async (ctx) => {
    if (ctx.path === '/login') {
      ctx.session.user = 'carol';
      ctx.session.permanent = true;
    } else if (ctx.path === '/slow') {
      await gate; // loaded its copy before /cart wrote; never touches the session
    } else if (ctx.path === '/cart') {
      ctx.session.cart = ['book'];
    }
  }, { permanentSessionLifetime: 3600 });
  const cookie = cookieValue(setCookies(await request(app.callback()).get('/login')))!;
  const id = cookie.split('.')[0]!;
  await inspector!.pExpire(`session:${id}`, 10_000);
  const slow = request(app.callback()).get('/slow').set('Cookie', `session=${cookie}`).then((r) => r);
  await new Promise((r) => setTimeout(r, 50));
  await request(app.callback()).get('/cart').set('Cookie', `session=${cookie}`);
  await inspector!.pExpire(`session:${id}`, 10_000);
  release();
  const res = await slow;
  assert.equal(res.status, 200);
  assert.match(setCookies(res)[0]!, /^session=.+; Expires=/, 'the permanent cookie is still refreshed');
  assert.equal(await inspector!.get(`session:${id}`), '{"_permanent":true,"cart":["book"],"user":"carol"}', 'the concurrent write survived');
  const ttl = await inspector!.pTTL(`session:${id}`);
  assert.ok(ttl > 3_590_000, `TTL extended to the lifetime, got ${ttl}`);
});

test('concurrent requests regenerating the same session: each gets its own new id with the data, the old id is gone', async (t) => {
  if (!requireService(t, 'redis')) return;
  const store = newStore();
  const app = storeApp(store, async (ctx) => {
    if (ctx.path === '/seed') ctx.session.cart = ['x'];
    else {
      await ctx.session.regenerate();
      ctx.session.user = ctx.path.slice(1);
    }
  });
  const cookie = cookieValue(setCookies(await request(app.callback()).get('/seed')))!;
  const oldId = cookie.split('.')[0]!;
  const results = await Promise.all(['a', 'b', 'c'].map((u) => request(app.callback()).get(`/${u}`).set('Cookie', `session=${cookie}`)));
  const ids = results.map((r) => {
    assert.equal(r.status, 200);
    return cookieValue(setCookies(r))!.split('.')[0]!;
  });
  assert.equal(new Set(ids).size, 3, 'no two requests share a new id');
  assert.equal(await inspector!.exists(`session:${oldId}`), 0);
  for (const [i, u] of ['a', 'b', 'c'].entries()) {
    assert.equal(await inspector!.get(`session:${ids[i]}`), `{"cart":["x"],"user":"${u}"}`);
  }
});

test('garbage stored under a valid id, and ids that are not ours, give an empty new session and never touch the stored key', async (t) => {
  if (!requireService(t, 'redis')) return;
  const store = newStore();
  const app = storeApp(store, (ctx) => {
    const before = `${String(ctx.session.new)}:${JSON.stringify(ctx.session.toJSON())}`;
    if (ctx.path === '/write') ctx.session.mine = 1;
    return before;
  });
  const cookie = cookieValue(setCookies(await request(app.callback()).get('/write')))!;
  const [id, sig] = cookie.split('.') as [string, string];
  for (const junk of ['not json', '[1,2]', '42', '{"a":', '{" t":"x"}', '\u0000\xff']) {
    await inspector!.set(`session:${id}`, junk);
    const res = await request(app.callback()).get('/write').set('Cookie', `session=${cookie}`);
    assert.equal(res.status, 200);
    assert.equal(res.text, 'true:{}', junk);
    const newId = cookieValue(setCookies(res))!.split('.')[0]!;
    assert.notEqual(newId, id, 'a fresh id, never the unreadable one');
    assert.equal(await inspector!.get(`session:${id}`), junk, 'the unreadable value is left alone');
  }
  // Someone else's key in the same Redis (unsigned id, a forged signature, another app's key).
  await inspector!.set('session:victim', '{"user":"admin"}');
  for (const foreign of ['victim', `victim.${sig}`, `${id}.${'A'.repeat(27)}`, `${id}`, '../victim', `${'A'.repeat(43)}.${sig}`]) {
    const res = await request(app.callback()).get('/').set('Cookie', `session=${foreign}`);
    assert.equal(res.status, 200);
    assert.equal(res.text, 'true:{}', foreign);
  }
  assert.equal(await inspector!.get('session:victim'), '{"user":"admin"}');
});

test('RedisStore plugs into plain koa-session too (same store interface)', async (t) => {
  if (!requireService(t, 'redis')) return;
  const app = new Koa();
  app.keys = ['k'];
  app.use(koaSession({ store: newStore('koa:'), maxAge: 60_000 }, app));
  app.use((ctx) => {
    ctx.session!.n = Number(ctx.session!.n ?? 0) + 1;
    ctx.body = String(ctx.session!.n);
  });
  const agent = request.agent(app.callback());
  assert.equal((await agent.get('/')).text, '1');
  assert.equal((await agent.get('/')).text, '2');
  const keys = await inspector!.keys('koa:*');
  assert.equal(keys.length, 1);
});

test('a client you pass in is used as is; not ready means 503, not a hang', async (t) => {
  if (!requireService(t, 'redis')) return;
  const client = createClient({ url: redis!.url, disableOfflineQueue: true });
  client.on('error', () => {});
  const store = new RedisStore({ client, commandTimeout: 300 });
  await assert.rejects(store.get('x', 1, { rolling: false }), SessionUnavailable, 'not connected yet');
  await client.connect();
  t.after(() => client.close());
  await store.set('mine', { a: 1 }, 5000, { rolling: false, changed: true });
  assert.equal(await client.get('session:mine'), '{"a":1}');
  await store.close(); // does not close a client it does not own
  assert.equal(client.isOpen, true);
});
