import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Koa from 'koa';
import request from 'supertest';
import { serveStatic, type ServeStaticOptions } from '../src/index.js';
import { makeSite, TWENTY, type Site } from './fixtures.js';

let site: Site;
before(() => (site = makeSite()));
after(() => site.cleanup());

function app(options: Partial<ServeStaticOptions> = {}) {
  const koa = new Koa();
  koa.use(serveStatic({ folder: site.folder, ...options }));
  koa.use(function fallback(ctx) {
    ctx.body = `app:${ctx.path}`;
  });
  return koa.callback();
}

describe('serveStatic', () => {
  test('serves /static/<path> from the folder, decoding the URL once', async () => {
    assert.equal((await request(app()).get('/static/t.txt')).text, TWENTY);
    assert.equal((await request(app()).get('/static/css/a%20b.css')).text, 'body { color: red }\n');
    assert.equal((await request(app()).get('/static/%C3%BCn%C3%AF.txt')).text, 'unicode name');
    assert.equal((await request(app()).get('/static/a%2520b.txt')).text, 'literal percent-two-zero');
    assert.equal((await request(app()).get('/static/100%.txt')).text, 'percent');
  });

  test('paths outside the prefix, and non-GET/HEAD methods, go to the next middleware', async () => {
    assert.equal((await request(app()).get('/other')).text, 'app:/other');
    assert.equal((await request(app()).get('/static')).text, 'app:/static');
    assert.equal((await request(app()).get('/static-secret/secret.txt')).text, 'app:/static-secret/secret.txt');
    assert.equal((await request(app()).post('/static/t.txt')).text, 'app:/static/t.txt');
  });

  test('misses under the prefix are 404 (Flask static route), not passed on', async () => {
    for (const path of ['/static/', '/static/nope.txt', '/static/css', '/static/.env', '/static/..%2fsecret.txt']) {
      assert.equal((await request(app()).get(path)).status, 404, path);
    }
  });

  test('an encoded separator is refused even when it would stay inside', async () => {
    assert.equal((await request(app()).get('/static/css%2fa%20b.css')).status, 404);
    assert.equal((await request(app()).get('/static/css%5ca%20b.css')).status, 404);
  });

  test('urlPath and a trailing slash in it', async () => {
    assert.equal((await request(app({ urlPath: '/assets/' })).get('/assets/t.txt')).text, TWENTY);
    assert.equal((await request(app({ urlPath: '/assets' })).get('/static/t.txt')).text, 'app:/static/t.txt');
  });

  test("urlPath '' with fallthrough serves from the root and passes misses on", async () => {
    const handler = app({ urlPath: '', fallthrough: true });
    assert.equal((await request(handler).get('/t.txt')).text, TWENTY);
    assert.equal((await request(handler).get('/about')).text, 'app:/about');
    assert.equal((await request(handler).get('/.env')).text, 'app:/.env');
  });

  test('maxAge and dotfiles options', async () => {
    assert.equal((await request(app({ maxAge: 60 })).get('/static/t.txt')).headers['cache-control'], 'public, max-age=60');
    assert.equal((await request(app({ dotfiles: 'allow' })).get('/static/.env')).status, 200);
  });

  test('HEAD, 304 and 206 work through the middleware', async () => {
    const head = await request(app()).head('/static/t.txt');
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], '20');
    const etag = (await request(app()).get('/static/t.txt')).headers.etag!;
    assert.equal((await request(app()).get('/static/t.txt').set('If-None-Match', etag)).status, 304);
    const part = await request(app()).get('/static/t.txt').set('Range', 'bytes=10-');
    assert.equal(part.status, 206);
    assert.equal(part.text, 'abcdefghij');
  });

  test('a urlPath without a leading slash is refused when the middleware is created', () => {
    assert.throws(() => serveStatic({ folder: site.folder, urlPath: 'static' }), TypeError);
  });

  test('the middleware function is named', () => {
    assert.equal(serveStatic({ folder: site.folder }).name, 'kolbaServeStatic');
  });
});
