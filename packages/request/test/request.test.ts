import { test } from 'node:test';
import assert from 'node:assert/strict';
import Koa from 'koa';
import request from 'supertest';
import { bodies, installRequestSurface } from '../src/index.js';

/** Echoes the Flask request properties. */
function surfaceApp(before?: Koa.Middleware): Koa {
  const app = new Koa();
  if (before) app.use(before);
  app.use(bodies());
  app.use((ctx) => {
    const r = ctx.request;
    ctx.body = {
      fullPath: r.fullPath, scriptRoot: r.scriptRoot, baseUrl: r.baseUrl, urlRoot: r.urlRoot, hostUrl: r.hostUrl,
      args: [...r.args.items({ multi: true })], mimetype: r.mimetype, mimetypeParams: r.mimetypeParams,
      remoteAddr: r.remoteAddr, endpoint: r.endpoint ?? null, viewArgs: r.viewArgs ?? null,
      cookies: [...r.cookies.items({ multi: true })], koaPath: ctx.path, koaUrl: ctx.url,
    };
  });
  return app;
}

// Like koa-mount: the mount prefix is taken off ctx.path for the child, originalUrl keeps it.
const mountAt = (prefix: string): Koa.Middleware => async (ctx, next) => {
  if (ctx.path.startsWith(prefix)) ctx.path = ctx.path.slice(prefix.length) || '/';
  await next();
};

test('URL properties follow Werkzeug\'s example (§8.7), with a mount prefix as SCRIPT_NAME', async () => {
  const res = await request(surfaceApp(mountAt('/root')).callback())
    .get('/root/app/p%20q/%C3%BC?x=1&y=2').set('Host', 'example.com:8080');
  assert.equal(res.body.fullPath, '/app/p q/ü?x=1&y=2');
  assert.equal(res.body.scriptRoot, '/root');
  assert.equal(res.body.baseUrl, 'http://example.com:8080/root/app/p%20q/ü');
  assert.equal(res.body.urlRoot, 'http://example.com:8080/root/');
  assert.equal(res.body.hostUrl, 'http://example.com:8080/');
  assert.deepEqual(res.body.args, [['x', '1'], ['y', '2']]);
  assert.equal(res.body.koaPath, '/app/p%20q/%C3%BC', 'Koa\'s own path is untouched');
});

test('fullPath always ends with ? when there is no query; the default port is dropped', async () => {
  const res = await request(surfaceApp().callback()).get('/').set('Host', 'example.com:80');
  assert.equal(res.body.fullPath, '/?');
  assert.equal(res.body.scriptRoot, '');
  assert.equal(res.body.hostUrl, 'http://example.com/');
  assert.equal(res.body.urlRoot, 'http://example.com/');
  assert.equal(res.body.baseUrl, 'http://example.com/');
  const leading = await request(surfaceApp().callback()).get('//a//b?');
  assert.equal(leading.body.fullPath, '/a//b?', 'leading slashes collapse to one');
});

test('mimetype is lower-cased without parameters; params are a dict', async () => {
  const res = await request(surfaceApp().callback()).post('/').set('Content-Type', 'Text/Plain; Charset="UTF-8"; x=y').send('hi');
  assert.equal(res.body.mimetype, 'text/plain');
  assert.deepEqual(res.body.mimetypeParams, { charset: 'UTF-8', x: 'y' });
  const none = await request(surfaceApp().callback()).get('/');
  assert.equal(none.body.mimetype, '');
});

test('cookies are a MultiDict parsed like Werkzeug', async () => {
  const res = await request(surfaceApp().callback()).get('/').set('Cookie', 'a=1; b="x\\054y"; a=2');
  assert.deepEqual(res.body.cookies, [['a', '1'], ['a', '2'], ['b', 'x,y']]);
});

test('remoteAddr is the peer address, ignoring X-Forwarded-For (no proxy processing)', async () => {
  const res = await request(surfaceApp().callback()).get('/').set('X-Forwarded-For', '203.0.113.9');
  assert.match(res.body.remoteAddr, /127\.0\.0\.1|::1/);
});

test('endpoint and viewArgs come from ctx.routing (set by @kolba/routing), undefined without it', async () => {
  const plain = await request(surfaceApp().callback()).get('/post/3');
  assert.equal(plain.body.endpoint, null);
  assert.equal(plain.body.viewArgs, null);
  const routed = await request(surfaceApp(async (ctx, next) => {
    (ctx as Koa.Context & { routing?: unknown }).routing = { endpoint: 'show_post', rule: '/post/<int:post_id>', viewArgs: { post_id: 3 } };
    await next();
  }).callback()).get('/post/3');
  assert.equal(routed.body.endpoint, 'show_post');
  assert.deepEqual(routed.body.viewArgs, { post_id: 3 });
});

test('args is available without bodies() through installRequestSurface, and is immutable', async () => {
  const app = new Koa();
  installRequestSurface(app);
  app.use((ctx) => {
    let error = '';
    try { ctx.request.args.add('x', 'y'); } catch (err) { error = (err as Error).message; }
    ctx.body = { q: ctx.request.args.getList('q'), form: ctx.request.form.size, error };
  });
  const res = await request(app.callback()).get('/?q=a;b&q=%ff');
  assert.deepEqual(res.body, { q: ['a;b', '%FF'], form: 0, error: "'ImmutableMultiDict' objects are immutable" });
});

test('a missing form key in a handler becomes a 400 (BadRequestKeyError), as request.form[key]', async () => {
  const app = new Koa();
  app.use(bodies());
  app.use((ctx) => { ctx.body = ctx.request.form.getItem('username'); });
  const res = await request(app.callback()).post('/').type('form').send('other=1');
  assert.equal(res.status, 400);
  const ok = await request(app.callback()).post('/').type('form').send('username=ada');
  assert.equal(ok.text, 'ada');
});

test('other middleware may assign these names (koa-body patchKoa writes ctx.request.files)', async () => {
  const app = new Koa();
  app.use(bodies());
  app.use(async (ctx, next) => {
    (ctx.request as unknown as { files: unknown }).files = { legacy: true };
    await next();
  });
  app.use((ctx) => { ctx.body = { files: ctx.request.files, form: ctx.request.form.size }; });
  const res = await request(app.callback()).post('/').type('form').send('a=1');
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { files: { legacy: true }, form: 1 });
});

test('getJson without bodies() names the missing middleware instead of blaming the client with a 400', async () => {
  const app = new Koa();
  app.silent = true;
  installRequestSurface(app);
  let message = '';
  app.use((ctx) => {
    try { ctx.body = { value: ctx.request.getJson() ?? null }; } catch (err) { message = (err as Error).message; throw err; }
  });
  const res = await request(app.callback()).post('/').set('Content-Type', 'application/json').send('{"a":1}');
  assert.equal(res.status, 500);
  assert.match(message, /needs the bodies\(\) middleware/);
  const wrongType = await request(app.callback()).post('/').set('Content-Type', 'text/plain').send('x');
  assert.equal(wrongType.status, 415, 'a non-JSON request is still the client\'s 415');
});
