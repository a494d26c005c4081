import { test } from 'node:test';
import assert from 'node:assert/strict';
import Koa from 'koa';
import type { IncomingMessage } from 'node:http';
import { TestClient, TestResponse } from '../src/test-client.js';

async function rawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Echoes method, url, host, headers and body back as JSON. */
function echoApp(): Koa {
  const app = new Koa();
  app.use(async (ctx) => {
    const body = await rawBody(ctx.req);
    ctx.body = {
      method: ctx.method, url: ctx.url, host: ctx.get('host'), href: ctx.href, query: ctx.query,
      contentType: ctx.get('content-type'), body: body.toString('utf8'), cookie: ctx.get('cookie'),
    };
  });
  return app;
}

test('GET with query string in path and query option (arrays repeat keys)', async () => {
  const client = new TestClient(echoApp().callback());
  const res = await client.get('/search?q=flask', { query: { tag: ['a', 'b'], page: 2 } });
  assert.equal(res.status, 200);
  const j = res.json as { url: string; query: Record<string, unknown> };
  assert.equal(j.url, '/search?q=flask&tag=a&tag=b&page=2');
  assert.deepEqual(j.query, { q: 'flask', tag: ['a', 'b'], page: '2' });
  assert.equal(res.request.method, 'GET');
  assert.equal(res.request.url, 'http://localhost/search?q=flask&tag=a&tag=b&page=2');
});

test('Host header is the baseUrl host, not the loopback port; absolute URLs set their own host', async () => {
  const client = new TestClient(echoApp().callback());
  const j = (await client.get('/')).json as { host: string; href: string };
  assert.equal(j.host, 'localhost');
  assert.equal(j.href, 'http://localhost/');
  const k = (await client.get('http://example.com:8080/x')).json as { host: string; url: string };
  assert.equal(k.host, 'example.com:8080');
  assert.equal(k.url, '/x');
});

test('POST form data is urlencoded; json option sends application/json', async () => {
  const client = new TestClient(echoApp().callback());
  const form = (await client.post('/f', { data: { name: 'a b', tag: ['x', 'y'] } })).json as { body: string; contentType: string; method: string };
  assert.equal(form.method, 'POST');
  assert.equal(form.contentType, 'application/x-www-form-urlencoded');
  assert.equal(form.body, 'name=a+b&tag=x&tag=y');
  const json = (await client.put('/j', { json: { a: [1, 2] } })).json as { body: string; contentType: string; method: string };
  assert.equal(json.method, 'PUT');
  assert.equal(json.contentType, 'application/json');
  assert.deepEqual(JSON.parse(json.body), { a: [1, 2] });
  await assert.rejects(client.post('/j', { json: 1, data: 'x' }), /POST \/j: can't provide both/);
});

test('multipart with a file: fields and file echoed back', async () => {
  const app = new Koa();
  app.use(async (ctx) => {
    const body = await rawBody(ctx.req);
    const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': ctx.get('content-type') }, body }).formData();
    const file = form.get('doc') as File;
    ctx.body = { title: form.get('title'), filename: file.name, type: file.type, content: await file.text(), blob: await (form.get('b') as File).text() };
  });
  const client = new TestClient(app.callback());
  const res = await client.post('/up', {
    data: { title: 'Report', doc: { file: Buffer.from('hello file'), filename: 'r.txt', contentType: 'text/plain' }, b: new Blob(['blobby']) },
  });
  assert.match(res.request.headers['content-type']!, /^multipart\/form-data; boundary=/);
  assert.deepEqual(res.json, { title: 'Report', filename: 'r.txt', type: 'text/plain', content: 'hello file', blob: 'blobby' });
});

test('cookies are stored, sent back, path-scoped, and deleted by Max-Age=0', async () => {
  const app = new Koa();
  app.use(async (ctx) => {
    if (ctx.path === '/set') {
      ctx.cookies.set('sid', 'abc', { signed: false });
      ctx.cookies.set('adm', 'yes', { path: '/admin', signed: false });
    } else if (ctx.path === '/del') {
      ctx.set('Set-Cookie', 'sid=; Path=/; Max-Age=0');
    }
    ctx.body = ctx.get('cookie');
  });
  const client = new TestClient(app.callback());
  await client.get('/set');
  assert.equal(client.getCookie('sid')?.value, 'abc');
  assert.equal(client.getCookie('sid')?.httpOnly, true);
  assert.equal(client.getCookie('adm'), undefined);
  assert.equal(client.getCookie('adm', { path: '/admin' })?.value, 'yes');
  assert.equal((await client.get('/other')).text, 'sid=abc');
  assert.equal((await client.get('/admin/x')).text, 'adm=yes; sid=abc');
  await client.get('/del');
  assert.equal(client.getCookie('sid'), undefined);
  assert.equal((await client.get('/admin')).text, 'adm=yes');
  client.setCookie('theme', 'dark');
  assert.equal((await client.get('/')).text, 'theme=dark');
  client.deleteCookie('theme');
  assert.equal((await client.get('/')).text, '');
  assert.deepEqual(client.cookies.map((c) => c.name), ['adm']);
});

test('Secure cookies are only sent over an https baseUrl', async () => {
  const app = new Koa();
  app.use((ctx) => {
    if (ctx.path === '/set') ctx.set('Set-Cookie', 's=1; Path=/; Secure');
    ctx.body = ctx.get('cookie');
  });
  const plain = new TestClient(app.callback());
  await plain.get('/set');
  assert.equal(plain.getCookie('s')?.secure, true);
  assert.equal((await plain.get('/')).text, '');
  const tls = new TestClient(app.callback(), { baseUrl: 'https://localhost' });
  await tls.get('/set');
  assert.equal((await tls.get('/')).text, 's=1');
});

test('useCookies: false keeps no jar', async () => {
  const app = new Koa();
  app.use((ctx) => {
    ctx.set('Set-Cookie', 'a=1; Path=/');
    ctx.body = ctx.get('cookie');
  });
  const client = new TestClient(app.callback(), { useCookies: false });
  await client.get('/');
  assert.equal((await client.get('/')).text, '');
  assert.throws(() => client.getCookie('a'), /Cookies are disabled/);
});

function redirectApp(): Koa {
  const app = new Koa();
  app.use(async (ctx) => {
    const body = (await rawBody(ctx.req)).toString();
    if (ctx.path === '/login') ctx.redirect('/home');
    else if (ctx.path === '/keep') {
      ctx.status = 308;
      ctx.set('Location', '/target');
    } else if (ctx.path === '/loop') ctx.redirect('/loop');
    else ctx.body = { method: ctx.method, path: ctx.path, body, contentType: ctx.get('content-type') };
  });
  return app;
}

test('followRedirects: 302 turns POST into GET without body; history kept', async () => {
  const client = new TestClient(redirectApp().callback());
  const plain = await client.post('/login', { data: { u: 'ada' } });
  assert.equal(plain.status, 302);
  assert.equal(plain.location, '/home');
  const res = await client.post('/login', { data: { u: 'ada' }, followRedirects: true });
  assert.deepEqual(res.json, { method: 'GET', path: '/home', body: '', contentType: '' });
  assert.deepEqual(res.history.map((r) => [r.status, r.request.method, r.request.url]), [[302, 'POST', 'http://localhost/login']]);
  assert.equal(res.request.url, 'http://localhost/home');
});

test('followRedirects: 308 keeps method and body', async () => {
  const client = new TestClient(redirectApp().callback());
  const res = await client.put('/keep', { json: { x: 1 }, followRedirects: true });
  assert.deepEqual(res.json, { method: 'PUT', path: '/target', body: '{"x":1}', contentType: 'application/json' });
  assert.equal(res.history[0]?.status, 308);
});

test('a redirect loop stops with an error after 20 hops', async () => {
  const client = new TestClient(redirectApp().callback());
  await assert.rejects(client.get('/loop', { followRedirects: true }), /GET \/loop: more than 20 redirects/);
});

test('HEAD returns headers without body', async () => {
  const app = new Koa();
  app.use((ctx) => {
    ctx.body = 'hello';
  });
  const res = await new TestClient(app.callback()).head('/');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-length'), '5');
  assert.equal(res.data.length, 0);
});

test('response accessors: statusLine, text, json, mimetype, invalid JSON', async () => {
  const app = new Koa();
  app.use((ctx) => {
    if (ctx.path === '/api') {
      ctx.type = 'application/problem+json';
      ctx.body = '{"ok":true}';
    } else if (ctx.path === '/bad') {
      ctx.type = 'application/json';
      ctx.body = '{nope';
    } else if (ctx.path === '/text') ctx.body = 'héllo';
  });
  const client = new TestClient(app.callback());
  const missing = await client.get('/missing');
  assert.ok(missing instanceof TestResponse);
  assert.equal(missing.status, 404);
  assert.equal(missing.statusLine, '404 NOT FOUND');
  const api = await client.get('/api');
  assert.deepEqual(api.json, { ok: true });
  assert.equal(api.mimetype, 'application/problem+json');
  const text = await client.get('/text');
  assert.equal(text.text, 'héllo');
  assert.equal(text.contentType, 'text/plain; charset=utf-8');
  assert.equal(text.json, undefined);
  assert.equal(text.getJson({ force: true, silent: true }), undefined);
  const bad = await client.get('/bad');
  assert.throws(() => bad.json, /GET http:\/\/localhost\/bad → 200: response body is not valid JSON/);
});

test('a throwing handler rejects with an error naming method and path', async () => {
  const client = new TestClient(() => {
    throw new Error('boom');
  });
  await assert.rejects(client.post('/explode'), (e: Error) => {
    assert.match(e.message, /^POST \/explode failed: boom/);
    assert.equal((e.cause as Error).message, 'boom');
    return true;
  });
  const asyncClient = new TestClient(async () => {
    throw new Error('later');
  });
  await assert.rejects(asyncClient.get('/a'), /GET \/a failed: later/);
});
