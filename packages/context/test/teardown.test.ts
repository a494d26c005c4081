import { test } from 'node:test';
import assert from 'node:assert/strict';
import Koa from 'koa';
import request from 'supertest';
import { context, g, hasRequestContext, teardownRequest, type TeardownCallback } from '../src/index.js';

/** Resolves when `count` teardown callbacks have been called. */
function latch(count: number) {
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  let seen = 0;
  return { done, hit: () => ++seen === count && resolve() };
}

test('teardown runs once after the response is sent, in reverse order, with g still reachable', async () => {
  const calls: unknown[] = [];
  const l = latch(3);
  const responseFinished: boolean[] = [];
  const app = new Koa();
  const t1: TeardownCallback = (err, ctx) => {
    calls.push(['t1', err, g.db, ctx.res.writableFinished]);
    responseFinished.push(ctx.res.writableFinished);
    l.hit();
  };
  app.use(context({ teardown: [t1] }));
  app.use((ctx) => {
    ctx.g.db = 'conn';
    ctx.teardown(async (err) => {
      await new Promise((r) => setImmediate(r));
      calls.push(['t2', err]);
      l.hit();
    });
    teardownRequest(ctx, (err) => {
      calls.push(['t3', err, hasRequestContext()]);
      l.hit();
    });
    calls.push('view');
    ctx.body = 'done';
  });
  const res = await request(app.callback()).get('/');
  assert.equal(res.text, 'done');
  await l.done;
  // Flask test_before_after_request_order: teardown functions run in reverse registration order.
  assert.deepEqual(calls, ['view', ['t3', undefined, true], ['t2', undefined], ['t1', undefined, 'conn', true]]);
  assert.deepEqual(responseFinished, [true]);
});

test('every teardown gets the original exception; a failing one does not stop the others', async () => {
  const seen: unknown[] = [];
  const reported: unknown[] = [];
  const l = latch(3);
  const boom = new Error('view failed');
  const app = new Koa();
  app.silent = true;
  app.on('error', (err: Error) => {
    reported.push(err.message);
  });
  app.use(context({ teardown: [(err) => void (seen.push(['app', err]), l.hit())] }));
  app.use((ctx) => {
    ctx.teardown((err) => {
      seen.push(['first', err]);
      l.hit();
    });
    ctx.teardown((err) => {
      seen.push(['failing', err]);
      l.hit();
      throw new Error('teardown broke');
    });
    throw boom;
  });
  const res = await request(app.callback()).get('/');
  assert.equal(res.status, 500);
  assert.equal(res.text, 'Internal Server Error', 'no stack or message leaks');
  await l.done;
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(seen, [
    ['failing', boom],
    ['first', boom],
    ['app', boom],
  ]);
  assert.deepEqual(reported, ['view failed', 'teardown broke']);
});

test('HTTP errors and handled errors are not passed to teardown (Flask passes None)', async () => {
  const seen: unknown[] = [];
  const l = latch(2);
  const app = new Koa();
  app.silent = true;
  app.use(context({ teardown: [(err) => void (seen.push(err), l.hit())] }));
  app.use(async (ctx, next) => {
    if (ctx.path === '/handled') {
      try {
        await next();
      } catch {
        ctx.status = 418;
        ctx.body = 'handled';
      }
      return;
    }
    await next();
  });
  app.use((ctx) => {
    if (ctx.path === '/forbidden') ctx.throw(403, 'nope');
    throw new Error('caught downstream');
  });
  const server = app.callback();
  assert.equal((await request(server).get('/forbidden')).status, 403);
  assert.equal((await request(server).get('/handled')).status, 418);
  await l.done;
  assert.deepEqual(seen, [undefined, undefined]);
});

test('teardown runs when the client disconnects before the response is written', async () => {
  const l = latch(1);
  let sawError: unknown = 'not-called';
  const app = new Koa();
  app.use(context({ teardown: [(err) => void ((sawError = err), l.hit())] }));
  app.use(async (ctx) => {
    await new Promise((r) => setTimeout(r, 100));
    ctx.body = 'late';
  });
  const { createServer } = await import('node:http');
  const server = createServer(app.callback()).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as { port: number };
  const { connect } = await import('node:net');
  const sock = connect(port, '127.0.0.1', () => {
    sock.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    setTimeout(() => sock.destroy(), 10);
  });
  await l.done;
  server.close();
  assert.equal(sawError, undefined);
});

test('registering teardown outside context() or after the request ended throws', async () => {
  assert.throws(() => teardownRequest({}, () => {}), { name: 'RuntimeError' });
  assert.throws(() => context({ teardown: ['nope' as unknown as TeardownCallback] }), TypeError);
  const app = new Koa();
  let kept: Koa.Context | undefined;
  app.use(context());
  app.use((ctx) => {
    kept = ctx;
    ctx.body = 'ok';
  });
  await request(app.callback()).get('/').expect(200);
  assert.throws(() => teardownRequest(kept!, () => {}), { name: 'RuntimeError' });
});

test('concurrent requests each tear down with their own g', async () => {
  const seen = new Map<string, unknown>();
  const l = latch(100);
  const app = new Koa();
  app.use(context({ teardown: [(err, ctx) => void (seen.set(String(ctx.query.id), g.id), l.hit())] }));
  app.use(async (ctx) => {
    g.id = ctx.query.id;
    await new Promise((r) => setTimeout(r, Math.random() * 5));
    ctx.body = 'ok';
  });
  const server = app.callback();
  await Promise.all(Array.from({ length: 100 }, (_, i) => request(server).get(`/?id=${i}`).expect(200)));
  await l.done;
  assert.equal(seen.size, 100);
  for (const [id, gid] of seen) assert.equal(gid, id);
});
