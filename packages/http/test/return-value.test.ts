import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import Koa from 'koa';
import request from 'supertest';
import {
  abort,
  applyReturnValue,
  errorHandlers,
  HttpResponse,
  InternalServerError,
  jsonify,
  makeResponse,
  Markup,
  NotFound,
  redirect,
} from '../src/index.js';
import { fixtures, contentLength, type RecordedResponse } from './support/fixtures.js';

/** An app whose only view returns `value()` through applyReturnValue, behind errorHandlers. */
function appReturning(endpoint: string, value: () => unknown, seen: unknown[] = []): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(errorHandlers([[500, (e: InternalServerError) => { seen.push(e.originalException); return makeResponse('captured', 500); }]]));
  app.use(async function view(ctx) {
    applyReturnValue(ctx, await value(), { endpoint });
  });
  return app;
}

async function compareRes(name: string, value: () => unknown, opts: { status?: boolean } = {}): Promise<request.Response> {
  const rec: RecordedResponse = fixtures.views[name]!;
  const seen: unknown[] = [];
  const res = await request(appReturning(name, value, seen).callback()).get('/').buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
  if (opts.status !== false) assert.equal(res.status, rec.status, name);
  assert.equal((res.body as Buffer).toString('base64'), rec.bodyBase64, name);
  for (const [k] of rec.headers) {
    if (k === 'Content-Length') continue;
    assert.equal(res.headers[k.toLowerCase()], rec.headers.filter(([n]) => n === k).map(([, x]) => x).join(', '), `${name} ${k}`);
  }
  assert.equal(res.headers['content-length'], contentLength(rec), `${name} Content-Length`);
  if (rec.error) assert.equal((seen[0] as Error).message, rec.error);
  return res;
}

async function compare(name: string, value: () => unknown): Promise<void> {
  await compareRes(name, value);
}

test('string → text/html; charset=utf-8 with UTF-8 bytes', () => compare('str', () => 'héllo'));
test('Buffer → bytes, still text/html like Flask', () => compare('bytes', () => Buffer.from([0, 0xff, 0x62, 0x69, 0x6e])));
test('Uint8Array is sent as bytes too', () => compare('bytes', () => new Uint8Array([0, 0xff, 0x62, 0x69, 0x6e])));
test('plain object → JSON (sorted, ASCII, trailing newline)', () => compare('dict', () => ({ b: 1, a: [1, 2], é: 'ü' })));
test('array → JSON', () => compare('list', () => [1, 'two', null]));
test('generator → streamed body without Content-Length', () =>
  compare('generator', () => (function* gen() {
    yield 'a';
    yield Buffer.from('b');
    yield 'c';
  })()));
test('async generator → streamed body', () =>
  compare('generator', () => (async function* gen() {
    yield 'a';
    yield new Uint8Array([0x62]);
    yield 'c';
  })()));
test('Readable stream → streamed body', () => compare('generator', () => Readable.from([Buffer.from('abc')])));
test('makeResponse(body, status)', () => compare('tuple_status', () => makeResponse('x', 404)));
test('makeResponse(body, "299 Custom") keeps the reason phrase', async () => {
  const res = await compareRes('tuple_status_line', () => makeResponse('x', '299 Custom'));
  assert.equal((res as unknown as { res: { statusMessage: string } }).res.statusMessage, 'Custom');
});
test('makeResponse(body, headers)', () => compare('tuple_headers', () => makeResponse('x', { 'X-A': '1' })));
test('makeResponse(body, status, headers) with a JSON body', () =>
  compare('tuple_three', () => makeResponse({ k: 1 }, 202, { 'X-B': '2' })));
test('makeResponse with a pair list keeps repeated headers', () =>
  compare('tuple_list_headers', () => makeResponse('x', [['X-A', '1'], ['X-A', '2']])));
test('makeResponse(HttpResponse, status, headers) updates status and replaces headers', () =>
  compare('response_update', () => makeResponse(new HttpResponse('r', 200, { 'X-C': '3' }), 409, { 'X-C': '4' })));
test('abort(response) sends that response untouched', () => compare('abort_response', () => abort(new HttpResponse('hello', 418))));
test('abort(404, description)', () => compare('abort_custom', () => abort(404, 'custom')));
test('undefined without a body → Flask TypeError → 500', () => compare('none', () => undefined));
test('boolean → Flask "it was a bool" TypeError → 500', () => compare('bool', () => true));
test('integer → "it was a int"', () => compare('int', () => 5));
test('float → "it was a float"', () => compare('float', () => 1.5));

test('undefined is fine when the view set ctx.body itself', async () => {
  const app = new Koa();
  app.use(async (ctx) => {
    ctx.body = 'direct';
    applyReturnValue(ctx, undefined);
  });
  const res = await request(app.callback()).get('/');
  assert.equal(res.text, 'direct');
});

test('the endpoint name defaults to ctx.routing.endpoint', () => {
  const ctx = { body: undefined, routing: { endpoint: 'show_post' } } as unknown as Koa.Context;
  assert.throws(() => applyReturnValue(ctx, undefined), /The view function for 'show_post' did not return a valid response/);
});

test('HttpResponse passes through; redirect keeps headers set by other middleware', async () => {
  const app = new Koa();
  app.use(async (ctx) => {
    ctx.set('Set-Cookie', 'a=b');
    ctx.set('Content-Type', 'text/plain');
    applyReturnValue(ctx, redirect('/next'));
  });
  const res = await request(app.callback()).get('/');
  assert.equal(res.status, 302);
  assert.equal(res.headers.location, '/next');
  assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  assert.deepEqual(res.headers['set-cookie'], ['a=b']);
  assert.equal(res.headers['content-length'], String(Buffer.byteLength(redirect('/next').body as string)));
});

test('a returned HTTPException renders its page directly', async () => {
  const app = new Koa();
  app.use(async (ctx) => applyReturnValue(ctx, new NotFound()));
  const res = await request(app.callback()).get('/');
  assert.equal(res.status, 404);
  assert.equal(res.text, new NotFound().getBody());
});

test('jsonify and empty makeResponse', async () => {
  const app = new Koa();
  app.use(async (ctx) => applyReturnValue(ctx, ctx.path === '/j' ? jsonify({ a: 1 }) : makeResponse()));
  const j = await request(app.callback()).get('/j');
  assert.equal(j.text, '{"a":1}\n');
  assert.equal(j.headers['content-type'], 'application/json');
  const e = await request(app.callback()).get('/e');
  assert.equal(e.status, 200);
  assert.equal(e.text, '');
  assert.equal(e.headers['content-type'], 'text/html; charset=utf-8');
});

test('class instances, Maps and functions are rejected with the type name', () => {
  class Thing {}
  const ctx = { body: undefined } as unknown as Koa.Context;
  assert.throws(() => applyReturnValue(ctx, new Thing()), /but it was a Thing\./);
  assert.throws(() => applyReturnValue(ctx, new Map()), /but it was a Map\./);
  assert.throws(() => applyReturnValue(ctx, () => 1), /but it was a function\./);
  assert.throws(() => makeResponse(7), /but it was a int\./);
});

test('invalid statuses and header injection in makeResponse are TypeErrors', () => {
  assert.throws(() => makeResponse('x', 'abc'), /Invalid status/);
  assert.throws(() => makeResponse('x', 42), /Invalid status code 42/);
  assert.throws(() => makeResponse('x', { 'X-A': 'a\r\nSet-Cookie: x=y' }), /newline/);
  assert.throws(() => makeResponse('x', { 'Bad Name': 'a' }), /Invalid header name/);
});

test('a stream chunk that is neither string nor bytes aborts the stream', async () => {
  const app = new Koa();
  app.silent = true;
  app.use(async (ctx) => applyReturnValue(ctx, (function* () {
    yield 'ok';
    yield 42;
  })()));
  await assert.rejects(request(app.callback()).get('/'));
});

test('a fetch Response or a Blob is handed to Koa as is', async () => {
  const app = new Koa();
  app.use(async (ctx) =>
    applyReturnValue(ctx, ctx.path === '/r'
      ? new Response('upstream', { status: 201, headers: { 'Content-Type': 'text/plain', 'X-Up': '1' } })
      : new Blob(['blob'], { type: 'text/csv' })),
  );
  const r = await request(app.callback()).get('/r');
  assert.equal(r.status, 201);
  assert.equal(r.text, 'upstream');
  assert.equal(r.headers['x-up'], '1');
  const b = await request(app.callback()).get('/b');
  assert.match(b.headers['content-type']!, /^text\/csv/);
  assert.equal(b.text, 'blob');
});

test('a returned Markup (Python: a str subclass) is sent as HTML', async () => {
  const res = await request(appReturning('m', () => new Markup('<b>hi</b>')).callback()).get('/');
  assert.equal(res.status, 200);
  assert.equal(res.text, '<b>hi</b>');
  assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
});

test('makeResponse(body, null, headers) ignores the status like Flask ignores None', () => {
  const res = makeResponse('x', null as unknown as number, { 'X-A': '1' });
  assert.equal(res.status, 200);
  assert.equal(res.getHeader('x-a'), '1');
});

test('a status line Node cannot send is a 500 Werkzeug page, not Koa\'s bare text', async () => {
  const seen: unknown[] = [];
  const res = await request(appReturning('s', () => makeResponse('x', '299 \u20acuro'), seen).callback()).get('/');
  assert.equal(res.status, 500);
  assert.equal(res.text, 'captured');
  assert.match((seen[0] as Error).message, /Status text must be/);
});

test('a generator failing before its first chunk goes through the error handlers', async () => {
  const app = new Koa();
  const errors: Error[] = [];
  app.on('error', (e: Error) => errors.push(e));
  app.use(errorHandlers());
  app.use(async function view(ctx) {
    if (ctx.path === '/abort') return applyReturnValue(ctx, (async function* () { abort(404); })());
    if (ctx.path === '/ok') return applyReturnValue(ctx, (function* () { yield 'a'; yield Buffer.from('b'); })());
    applyReturnValue(ctx, (async function* () { throw new Error('secret-first'); })());
  });
  const agent = request(app.callback());
  const boom = await agent.get('/boom');
  assert.equal(boom.status, 500);
  assert.equal(boom.text, new InternalServerError().getBody());
  assert.deepEqual(errors.map((e) => e.message), ['secret-first']);
  const nf = await agent.get('/abort');
  assert.equal(nf.status, 404);
  assert.match(nf.text, /<title>404 Not Found<\/title>/);
  const ok = await agent.get('/ok');
  assert.equal(ok.text, 'ab');
  assert.equal(ok.headers['content-length'], undefined);
});

test('a generator failing after its first chunk cuts the connection (headers are out, as in Flask)', async () => {
  const app = new Koa();
  const errors: Error[] = [];
  app.on('error', (e: Error) => errors.push(e));
  app.use(errorHandlers());
  app.use(async (ctx) => applyReturnValue(ctx, (async function* () {
    yield 'a'.repeat(70_000);
    throw new Error('secret-mid');
  })()));
  await assert.rejects(request(app.callback()).get('/'));
  assert.ok(errors.some((e) => e.message === 'secret-mid'));
});

test('a primed generator that is never read (HEAD) is closed, so its finally blocks run', async () => {
  let closed = false;
  const app = new Koa();
  app.use(errorHandlers());
  app.use(async (ctx) => applyReturnValue(ctx, (function* () {
    try {
      yield 'never sent';
      yield 'nor this';
    } finally {
      closed = true;
    }
  })()));
  const res = await request(app.callback()).head('/');
  assert.equal(res.status, 200);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(closed, true);
});

test('an empty first chunk sends the headers at once (server-sent events)', async () => {
  const app = new Koa();
  app.use(errorHandlers());
  let release: () => void = () => undefined;
  const later = new Promise<void>((resolve) => {
    release = resolve;
  });
  app.use(async (ctx) => applyReturnValue(ctx, makeResponse((async function* () {
    yield '';
    await later;
    yield 'data: hi\n\n';
  })(), { 'Content-Type': 'text/event-stream' })));
  const server = app.listen(0);
  try {
    const { port } = server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/`);
    // The headers arrived while the generator is still waiting for its first event.
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    release();
    assert.equal(await res.text(), 'data: hi\n\n');
  } finally {
    server.close();
  }
});
