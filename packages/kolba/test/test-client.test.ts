import { test } from 'node:test';
import assert from 'node:assert/strict';
import Koa from 'koa';
import { TestClient } from '../src/test-client.js';

/** A Koa app that echoes what it received. */
function echoApp() {
  const app = new Koa();
  app.use(async (ctx) => {
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('latin1');
    switch (ctx.path) {
      case '/set':
        ctx.cookies.set('a', '1', { signed: false, httpOnly: true });
        ctx.cookies.set('scoped', 'x', { signed: false, path: '/admin' });
        ctx.body = 'set';
        return;
      case '/clear':
        ctx.cookies.set('a', '', { signed: false, expires: new Date(0) });
        ctx.body = 'cleared';
        return;
      case '/redirect':
        ctx.status = Number(ctx.query.code ?? 302);
        ctx.set('Location', '/echo');
        return;
      case '/loop':
        ctx.redirect('/loop');
        return;
      case '/json':
        ctx.body = { ok: true };
        return;
      case '/bad-json':
        ctx.type = 'application/json';
        ctx.body = '{nope';
        return;
      case '/missing':
        ctx.status = 404;
        ctx.body = 'no';
        return;
    }
    ctx.body = {
      method: ctx.method,
      path: ctx.path,
      query: ctx.querystring,
      host: ctx.get('host'),
      type: ctx.get('content-type'),
      cookie: ctx.get('cookie'),
      body,
    };
  });
  return app.callback();
}

test('GET with a query, Host is the base URL’s host, response accessors', async () => {
  const client = new TestClient(echoApp());
  const res = await client.get('/echo?x=1', { query: { tag: ['a', 'b'], skip: null } });
  assert.equal(res.status, 200);
  assert.equal(res.statusLine, '200 OK');
  assert.equal(res.mimetype, 'application/json');
  assert.deepEqual(res.json, { method: 'GET', path: '/echo', query: 'x=1&tag=a&tag=b', host: 'localhost', type: '', cookie: '', body: '' });
  assert.equal(res.request.url, 'http://localhost/echo?x=1&tag=a&tag=b');
  const missing = await client.get('/missing');
  assert.equal(missing.statusLine, '404 NOT FOUND');
  assert.equal(missing.text, 'no');
  assert.equal(missing.json, undefined, 'not JSON: undefined');
});

test('bodies: form-urlencoded, JSON, raw, and multipart with a file', async () => {
  const client = new TestClient(echoApp());
  const form = (await client.post('/echo', { data: { name: 'Ada Lovelace', tags: ['x', 'y'] } })).json as Record<string, string>;
  assert.equal(form.type, 'application/x-www-form-urlencoded');
  assert.equal(form.body, 'name=Ada+Lovelace&tags=x&tags=y');
  const json = (await client.put('/echo', { json: { a: [1] } })).json as Record<string, string>;
  assert.equal(json.type, 'application/json');
  assert.equal(json.body, '{"a":[1]}');
  const raw = (await client.patch('/echo', { data: 'plain', headers: { 'Content-Type': 'text/plain' } })).json as Record<string, string>;
  assert.deepEqual([raw.method, raw.type, raw.body], ['PATCH', 'text/plain', 'plain']);
  const multi = (await client.post('/echo', { data: { title: 'hi', the_file: { file: Buffer.from('file body'), filename: 'a.txt', contentType: 'text/plain' } } })).json as Record<string, string>;
  assert.match(multi.type, /^multipart\/form-data; boundary=/);
  assert.match(multi.body, /name="title"\r\n\r\nhi\r\n/);
  assert.match(multi.body, /name="the_file"; filename="a.txt"\r\nContent-Type: text\/plain\r\n\r\nfile body\r\n/);
});

test('cookies are stored, sent back by path, and deleted when the app expires them', async () => {
  const client = new TestClient(echoApp());
  await client.get('/set');
  assert.equal(client.getCookie('a')?.value, '1');
  assert.equal(((await client.get('/echo')).json as { cookie: string }).cookie, 'a=1', 'the /admin cookie is not sent to /echo');
  assert.equal(((await client.get('/admin/echo')).json as { cookie: string }).cookie.split('; ').sort().join('; '), 'a=1; scoped=x');
  await client.get('/clear');
  assert.equal(client.getCookie('a'), undefined);
  client.setCookie('manual', 'v');
  assert.equal(((await client.get('/echo')).json as { cookie: string }).cookie, 'manual=v');
  client.deleteCookie('manual');
  assert.equal(((await client.get('/echo')).json as { cookie: string }).cookie, '');

  const noJar = new TestClient(echoApp(), { useCookies: false });
  await noJar.get('/set');
  assert.equal(((await noJar.get('/echo')).json as { cookie: string }).cookie, '');
  assert.throws(() => noJar.getCookie('a'), /useCookies: false/);
});

test('followRedirects: 302 turns POST into GET, 308 keeps method and body; history; loops stop', async () => {
  const client = new TestClient(echoApp());
  const unfollowed = await client.post('/redirect', { data: 'x' });
  assert.equal(unfollowed.status, 302);
  assert.equal(unfollowed.location, '/echo');
  const followed = await client.post('/redirect', { data: { a: '1' }, followRedirects: true });
  assert.deepEqual(followed.history.map((r) => r.status), [302]);
  assert.equal((followed.json as { method: string }).method, 'GET');
  assert.equal((followed.json as { body: string }).body, '');
  assert.equal(followed.request.method, 'GET');
  const kept = await client.post('/redirect?code=308', { data: { a: '1' }, followRedirects: true });
  assert.deepEqual([(kept.json as { method: string }).method, (kept.json as { body: string }).body], ['POST', 'a=1']);
  await assert.rejects(client.get('/loop', { followRedirects: true }), /more than 20 redirects/);
});

test('HEAD has no body; bad JSON throws naming the request; a crashing handler is named', async () => {
  const client = new TestClient(echoApp());
  const head = await client.head('/json');
  assert.equal(head.status, 200);
  assert.equal(head.data.length, 0);
  const bad = await client.get('/bad-json');
  assert.throws(() => bad.json, /GET http:\/\/localhost\/bad-json → 200: response body is not valid JSON/);
  assert.equal(bad.getJson({ silent: true }), undefined);
  const broken = new TestClient((req) => req.socket.destroy());
  await assert.rejects(broken.get('/boom'), /^Error: GET \/boom failed: /);
  assert.throws(() => new TestClient('nope' as never), TypeError);
});
