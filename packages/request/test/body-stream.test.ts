import { test } from 'node:test';
import assert from 'node:assert/strict';
import Koa from 'koa';
import request from 'supertest';
import { bodies, type BodiesOptions } from '../src/index.js';
import { listen, sendChunked, split } from './support/multipart.js';

/** Streams the body it did not parse and answers with its size, like a Flask view reading request.stream. */
function streamApp(options: BodiesOptions = {}): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(bodies(options));
  app.use(async (ctx) => {
    let size = 0;
    for await (const chunk of ctx.request.stream) size += (chunk as Buffer).length;
    ctx.body = { size, same: ctx.request.stream === ctx.req };
  });
  return app;
}

test('request.stream: a chunked body past MAX_CONTENT_LENGTH fails with 413 while it is read (Werkzeug LimitedStream)', async () => {
  const server = await listen(streamApp({ maxContentLength: 100_000 }));
  try {
    const over = await sendChunked(server.port, '/', { 'Content-Type': 'application/octet-stream', 'Transfer-Encoding': 'chunked' }, split(Buffer.alloc(1_000_000, 1), 16_384));
    assert.equal(over.status, 413, 'a 413, not a reset, although the client was still sending');
    const under = await sendChunked(server.port, '/', { 'Content-Type': 'application/octet-stream', 'Transfer-Encoding': 'chunked' }, split(Buffer.alloc(100_000, 1), 16_384));
    assert.equal(under.status, 200);
    assert.deepEqual(JSON.parse(under.body), { size: 100_000, same: false });
  } finally {
    await server.close();
  }
});

test('request.stream is the request itself without a limit, and empty once bodies() parsed the body', async () => {
  const unlimited = await request(streamApp().callback()).post('/').set('Content-Type', 'application/octet-stream').send(Buffer.alloc(5000));
  assert.deepEqual(unlimited.body, { size: 5000, same: true });
  const parsed = await request(streamApp({ maxContentLength: 10_000 }).callback()).post('/').set('Content-Type', 'application/json').send('{"a":1}');
  assert.deepEqual(parsed.body, { size: 0, same: false }, 'as in Flask after get_data(): the stream is consumed');
});
