import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Koa from 'koa';
import request from 'supertest';
import { Router } from '@kolba/routing';
import { staticFiles, type StaticFilesOptions } from '../src/index.js';
import { makeSite, TWENTY, type Site } from './fixtures.js';

let site: Site;
before(() => (site = makeSite()));
after(() => site.cleanup());

function build(options: Partial<StaticFilesOptions> = {}) {
  const router = new Router();
  staticFiles(router, { folder: site.folder, ...options });
  router.get('/', function index() {
    return 'home';
  });
  const app = new Koa();
  app.use(router.routes()).use(router.allowedMethods());
  return { router, server: app.callback() };
}

describe('staticFiles on a kolba Router', () => {
  test("registers /static/<path:filename> as endpoint 'static'", async () => {
    const { router, server } = build();
    assert.equal(router.urlFor('static', { filename: 't.txt' }), '/static/t.txt');
    const res = await request(server).get('/static/t.txt');
    assert.equal(res.status, 200);
    assert.equal(res.text, TWENTY);
    assert.equal(res.headers['cache-control'], 'no-cache');
  });

  test("urlFor('static') quotes like Flask and round-trips to the same file", async () => {
    const { router, server } = build();
    const url = router.urlFor('static', { filename: 'css/a b.css' });
    assert.equal(url, '/static/css/a%20b.css');
    assert.equal((await request(server).get(url)).text, 'body { color: red }\n');
    const unicode = router.urlFor('static', { filename: 'ünï.txt' });
    assert.equal((await request(server).get(unicode)).text, 'unicode name');
    const percent = router.urlFor('static', { filename: '100%.txt' });
    assert.equal(percent, '/static/100%25.txt');
    assert.equal((await request(server).get(percent)).text, 'percent');
  });

  test('ctx.urlFor works inside other handlers', async () => {
    const router = new Router();
    staticFiles(router, { folder: site.folder });
    router.get('/page', function page(ctx) {
      return `<link href="${ctx.urlFor('static', { filename: 'css/a b.css' })}">`;
    });
    const app = new Koa();
    app.use(router.routes());
    assert.equal((await request(app.callback()).get('/page')).text, '<link href="/static/css/a%20b.css">');
  });

  test('custom urlPath, endpoint and maxAge (blueprint-style static folder)', async () => {
    const { router, server } = build({ urlPath: '/admin/static/', endpoint: 'admin.static', maxAge: 3600 });
    assert.equal(router.urlFor('admin.static', { filename: 't.txt' }), '/admin/static/t.txt');
    const res = await request(server).get('/admin/static/t.txt');
    assert.equal(res.text, TWENTY);
    assert.equal(res.headers['cache-control'], 'public, max-age=3600');
    assert.equal((await request(server).get('/static/t.txt')).status, 404);
  });

  test('HEAD and automatic OPTIONS come with the GET rule; POST is 405 with Allow', async () => {
    const { server } = build();
    const head = await request(server).head('/static/t.txt');
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], '20');
    const options = await request(server).options('/static/t.txt');
    assert.equal(options.status, 200);
    assert.deepEqual(options.headers.allow!.split(', ').sort(), ['GET', 'HEAD', 'OPTIONS']);
    const post = await request(server).post('/static/t.txt');
    assert.equal(post.status, 405);
  });

  test('304 through the router (no "did not return a valid response")', async () => {
    const { server } = build();
    const etag = (await request(server).get('/static/t.txt')).headers.etag!;
    const res = await request(server).get('/static/t.txt').set('If-None-Match', etag);
    assert.equal(res.status, 304);
  });

  test('misses, dotfiles, directories and encoded separators are 404', async () => {
    const { server } = build();
    for (const path of ['/static/nope.txt', '/static/.env', '/static/css', '/static/css/', '/static/css%2fa%20b.css', '/static/..%2fsecret.txt']) {
      assert.equal((await request(server).get(path)).status, 404, path);
    }
  });

  test('other routes keep working next to the static rule', async () => {
    const { server } = build();
    assert.equal((await request(server).get('/')).text, 'home');
  });

  test('registration errors name the problem', () => {
    assert.throws(() => staticFiles(new Router(), { folder: site.folder, urlPath: 'static' }), /must be '' or start with '\/'/);
    assert.throws(() => staticFiles(new Router(), { folder: site.folder, endpoint: '' }), /endpoint must not be empty/);
  });
});
