import { test } from 'node:test';
import assert from 'node:assert/strict';
import Koa from 'koa';
import request from 'supertest';
import { errorHandlers } from '@kolba/http';
import { bodies, JSON_415_DESCRIPTION, type GetJsonOptions } from '../src/index.js';
import { listen, sendChunked } from './support/multipart.js';

function jsonApp(options?: GetJsonOptions): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(errorHandlers());
  app.use(bodies());
  app.use((ctx) => {
    const value = ctx.request.getJson(options);
    ctx.body = { isJson: ctx.request.isJson, value: value === undefined ? '<undefined>' : value };
  });
  return app;
}

// Buffers go through a raw socket: superagent would JSON-encode a Buffer sent as application/json.
async function send(app: Koa, type: string | null, body: string | Buffer) {
  if (typeof body === 'string') {
    const req = request(app.callback()).post('/');
    if (type !== null) req.set('Content-Type', type);
    return req.send(body);
  }
  const server = await listen(app);
  try {
    const res = await sendChunked(server.port, '/', type === null ? {} : { 'Content-Type': type }, [body]);
    const json = res.headers['content-type']?.startsWith('application/json');
    return { status: res.status, text: res.body, body: (json ? JSON.parse(res.body) : {}) as Record<string, unknown> };
  } finally {
    await server.close();
  }
}

test('valid JSON with a JSON content type is parsed; +json types count, params are ignored', async () => {
  const app = jsonApp();
  assert.deepEqual((await send(app, 'application/json', '{"a":[1,2]}')).body, { isJson: true, value: { a: [1, 2] } });
  assert.deepEqual((await send(app, 'application/vnd.api+json', '[1]')).body.value, [1]);
  assert.deepEqual((await send(app, 'Application/JSON; charset=utf-8', '"x"')).body.value, 'x');
  assert.deepEqual((await send(app, 'application/json', 'null')).body.value, null);
  assert.deepEqual((await send(app, 'application/json', Buffer.from('\ufeff{"bom":1}'))).body.value, { bom: 1 });
  assert.deepEqual((await send(app, 'application/json', '{"k":"ü☃"}')).body.value, { k: 'ü☃' });
});

test('a wrong or missing content type is 415 with Werkzeug\'s literal description (Flask 3)', async () => {
  const app = jsonApp();
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'text/json', null]) {
    const res = await send(app, type, '{"a":1}');
    assert.equal(res.status, 415, String(type));
    assert.ok(res.text.includes(JSON_415_DESCRIPTION.replace(/'/g, '&#39;')), res.text);
  }
});

test('malformed, empty or non-UTF-8 JSON is 400 with the generic body (Flask outside debug)', async () => {
  const app = jsonApp();
  for (const body of ['{bad', '', '{"a":1', Buffer.from([0x22, 0xff, 0x22])]) {
    const res = await send(app, 'application/json', body);
    assert.equal(res.status, 400, JSON.stringify(body.toString()));
    assert.match(res.text, /could not understand/);
    assert.doesNotMatch(res.text, /Unexpected|JSON at position/, 'no parser message leaks');
  }
});

test('silent turns 415 and 400 into undefined', async () => {
  const app = jsonApp({ silent: true });
  assert.equal((await send(app, 'text/html', '{"a":1}')).body.value, '<undefined>');
  assert.equal((await send(app, 'application/json', '{bad')).body.value, '<undefined>');
  assert.deepEqual((await send(app, 'application/json', '{"ok":true}')).body.value, { ok: true });
  const both = jsonApp({ silent: true, force: true });
  assert.equal((await send(both, 'text/plain', '{bad')).body.value, '<undefined>', 'force + silent: bad JSON is undefined');
  assert.deepEqual((await send(both, 'text/plain', '[1]')).body.value, [1]);
  const strict = jsonApp();
  assert.equal((await send(strict, 'application/jsonx', '{}')).status, 415, 'only application/json or application/*+json');
  assert.equal((await send(strict, 'application/json-patch+json', '[]')).status, 200);
  assert.equal((await send(strict, 'text/vnd.x+json', '{}')).status, 415, '+json counts under application/ only');
});

test('force parses whatever the content type (text/plain, urlencoded, none)', async () => {
  const app = jsonApp({ force: true });
  assert.deepEqual((await send(app, 'text/plain', '{"a":1}')).body, { isJson: false, value: { a: 1 } });
  assert.deepEqual((await send(app, 'application/x-www-form-urlencoded', '{"a":2}')).body.value, { a: 2 });
  assert.equal((await send(app, 'application/json', '{bad')).status, 400, 'force still refuses bad JSON');
  const noBody = await request(app.callback()).post('/');
  assert.equal(noBody.status, 400, 'no body at all is not valid JSON');
});

test('the parsed value is cached: a second call returns the same object', async () => {
  const app = new Koa();
  app.use(bodies());
  app.use((ctx) => {
    const a = ctx.request.getJson();
    ctx.body = { same: a === ctx.request.getJson(), data: ctx.request.data.toString() };
  });
  const res = await send(app, 'application/json', '{"x":1}');
  assert.deepEqual(res.body, { same: true, data: '{"x":1}' });
});
