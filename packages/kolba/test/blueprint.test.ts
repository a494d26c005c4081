import { test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { abort, Blueprint, g, Kolba, makeResponse, renderTemplate } from '../src/index.js';

const FIXTURES = new URL('./fixtures/', import.meta.url);

function makeApp() {
  const app = new Kolba(FIXTURES, { config: { SECRET_KEY: 'bp secret' } });
  app.koa.silent = true;
  return app;
}

test('endpoints are name.view under the prefix; ".view" resolves in the blueprint; request.blueprint(s)', async () => {
  const app = makeApp();
  const admin = new Blueprint('admin', new URL('./admin/', FIXTURES), { urlPrefix: '/admin' });
  admin.get('/', function index(ctx) {
    // '.home' means 'admin.home' here, which does not exist: a BuildError naming it, as in Flask.
    let missing = '';
    try {
      ctx.urlFor('.home');
    } catch (err) {
      missing = (err as Error).message;
    }
    return { users: ctx.urlFor('.users'), missing, blueprint: ctx.request.blueprint, blueprints: ctx.request.blueprints };
  });
  admin.get('/users', function users() {
    return 'users';
  });
  app.get('/', function home(ctx) {
    return { home: ctx.urlFor('.home'), blueprint: ctx.request.blueprint ?? null };
  });
  app.registerBlueprint(admin);
  const server = app.callback();
  const res = await request(server).get('/admin/');
  assert.equal(res.status, 200);
  const { missing, ...rest } = res.body as { missing: string };
  assert.deepEqual(rest, { users: '/admin/users', blueprint: 'admin', blueprints: ['admin'] });
  assert.match(missing, /'admin\.home'/);
  assert.deepEqual((await request(server).get('/')).body, { home: '/', blueprint: null });
  assert.equal(app.urlFor('admin.users'), '/admin/users');
  assert.equal(app.blueprints.get('admin'), admin);
});

// Flask tests/test_blueprints.py::test_nested_callback_order.
test('nested blueprints: names and prefixes join; before runs app → parent → child, teardown in reverse', async () => {
  const app = makeApp();
  const parent = new Blueprint('parent', FIXTURES);
  const child = new Blueprint('child', FIXTURES);
  const trace: string[] = [];
  let tornDown!: () => void;
  const done = new Promise<void>((resolve) => (tornDown = resolve));
  for (const [name, scaffold] of [['app', app], ['parent', parent], ['child', child]] as const) {
    scaffold.beforeRequest(() => void trace.push(`${name}_1`));
    scaffold.beforeRequest(() => void trace.push(`${name}_2`));
    scaffold.teardownRequest(() => {
      trace.push(`${name}_t1`);
      if (name === 'app') setImmediate(tornDown);
    });
    scaffold.teardownRequest(() => void trace.push(`${name}_t2`));
    scaffold.afterRequest(() => void trace.push(`${name}_a`));
  }
  child.get('/', function index(ctx) {
    trace.push('view');
    return `${ctx.routing.endpoint} ${ctx.request.blueprints?.join(',')}`;
  });
  parent.registerBlueprint(child, { urlPrefix: '/child' });
  app.registerBlueprint(parent, { urlPrefix: '/parent' });
  const res = await request(app.callback()).get('/parent/child/');
  await done;
  assert.equal(res.text, 'parent.child.index parent.child,parent');
  assert.deepEqual(trace, [
    'app_1', 'app_2', 'parent_1', 'parent_2', 'child_1', 'child_2', 'view',
    'child_a', 'parent_a', 'app_a',
    'child_t2', 'child_t1', 'parent_t2', 'parent_t1', 'app_t2', 'app_t1',
  ]);
});

test('blueprint error handlers see only their views’ errors; routing 404s never reach them', async () => {
  const app = makeApp();
  const api = new Blueprint('api', FIXTURES, { urlPrefix: '/api' });
  api.errorhandler(403, () => makeResponse({ error: 'forbidden' }, 403));
  api.errorhandler(404, () => makeResponse({ error: 'not found' }, 404));
  api.get('/secret', function secret() {
    abort(403);
  });
  api.get('/item/<int:id>', function item(ctx) {
    if (ctx.params.id > 10) abort(404);
    return { id: ctx.params.id };
  });
  app.errorhandler(403, () => 'app forbidden');
  app.get('/secret', function secret() {
    abort(403);
  });
  app.registerBlueprint(api);
  const server = app.callback();
  assert.deepEqual((await request(server).get('/api/secret').expect(403)).body, { error: 'forbidden' });
  await request(server).get('/secret').expect(403, 'app forbidden');
  assert.deepEqual((await request(server).get('/api/item/11').expect(404)).body, { error: 'not found' });
  const routing404 = await request(server).get('/api/nothing');
  assert.equal(routing404.status, 404);
  assert.match(routing404.text, /<title>404 Not Found<\/title>/, 'a routing 404 gets the app’s page, not the blueprint handler');
});

test('a blueprint’s before_request only runs for its own routes and can short-circuit them', async () => {
  const app = makeApp();
  const admin = new Blueprint('admin', FIXTURES, { urlPrefix: '/admin' });
  admin.beforeRequest((ctx) => (ctx.get('x-admin') === 'yes' ? undefined : makeResponse('login first', 401)));
  admin.get('/', function index() {
    return 'admin';
  });
  app.get('/', function home() {
    return 'home';
  });
  app.registerBlueprint(admin);
  const server = app.callback();
  await request(server).get('/').expect(200, 'home');
  await request(server).get('/admin/').expect(401, 'login first');
  await request(server).get('/admin/').set('x-admin', 'yes').expect(200, 'admin');
});

test('registration errors use Flask’s messages; the same blueprint under two names works', async () => {
  const app = makeApp();
  assert.throws(() => new Blueprint('', FIXTURES), /'name' may not be empty\./);
  assert.throws(() => new Blueprint('a.b', FIXTURES), /'name' may not contain a dot '\.' character\./);
  const bp = new Blueprint('bp', FIXTURES);
  assert.throws(() => bp.get('/x', { endpoint: 'x.y' }, () => ''), /'endpoint' may not contain a dot/);
  assert.throws(() => bp.registerBlueprint(bp), /Cannot register a blueprint on itself/);
  bp.get('/', function index(ctx) {
    return ctx.routing.endpoint;
  });
  app.registerBlueprint(bp, { urlPrefix: '/a' });
  assert.throws(() => app.registerBlueprint(bp), /The name 'bp' is already registered for this blueprint\. Use 'name=' to provide a unique name\./);
  assert.throws(
    () => app.registerBlueprint(new Blueprint('bp', FIXTURES)),
    /The name 'bp' is already registered for a different blueprint/,
  );
  app.registerBlueprint(bp, { urlPrefix: '/b', name: 'alt' });
  assert.throws(() => bp.get('/late', function late() { return ''; }), /can no longer be called on the blueprint 'bp'/);
  const server = app.callback();
  await request(server).get('/a/').expect(200, 'bp.index');
  await request(server).get('/b/').expect(200, 'alt.index');
});

test('blueprint templates, static folder, url_defaults and app-wide hooks', async () => {
  const app = makeApp();
  const root = new URL('./admin/', FIXTURES);
  const admin = new Blueprint('admin', root, {
    urlPrefix: '/admin',
    templateFolder: 'templates',
    staticFolder: 'static',
    urlDefaults: { title: 'Dashboard' },
  });
  admin.get('/', function index(ctx) {
    return renderTemplate(ctx, 'admin/index.html', { title: ctx.params.title });
  });
  admin.get('/users', function users() {
    return 'users';
  });
  admin.contextProcessor(() => ({ site: 'admin-site' }));
  admin.beforeAppRequest((ctx) => {
    ctx.set('X-Seen-By', 'admin blueprint');
  });
  app.get('/plain', function plain() {
    return 'plain';
  });
  app.registerBlueprint(admin);
  const server = app.callback();
  const page = await request(server).get('/admin/');
  assert.equal(page.text.trim(), 'admin Dashboard /admin/users admin-site');
  await request(server).get('/admin/static/admin.css').expect(200, 'body{}\n');
  assert.equal(app.urlFor('admin.static', { filename: 'admin.css' }), '/admin/static/admin.css');
  const plain = await request(server).get('/plain');
  assert.equal(plain.headers['x-seen-by'], 'admin blueprint', 'beforeAppRequest runs for every request');
});

// Flask's docs pattern (patterns/urlprocessors): a language code in every URL of a blueprint.
test('url_value_preprocessor and url_defaults keep a language code out of views and in every URL', async () => {
  const app = makeApp();
  const seen: unknown[] = [];
  app.beforeRequest((ctx) => void seen.push(ctx.routing?.endpoint ?? null));
  const lang = new Blueprint('lang', FIXTURES, { urlPrefix: '/<lang_code>' });
  lang.urlValuePreprocessor((_endpoint, values) => {
    g.lang_code = values?.lang_code;
    if (values) delete values.lang_code;
  });
  lang.urlDefaults((_endpoint, values) => {
    if (values.lang_code === undefined) values.lang_code = g.lang_code;
  });
  lang.get('/', function index(ctx) {
    return { params: ctx.params, about: ctx.urlFor('.about'), lang: g.lang_code };
  });
  lang.get('/about', function about() {
    return 'about';
  });
  app.get('/plain', function plain(ctx) {
    return ctx.urlFor('lang.about', { lang_code: 'de' });
  });
  app.registerBlueprint(lang);
  const server = app.callback();
  assert.deepEqual((await request(server).get('/fr/')).body, { params: {}, about: '/fr/about', lang: 'fr' });
  await request(server).get('/plain').expect(200, '/de/about');
  await request(server).get('/nowhere/at/all').expect(404);
  assert.deepEqual(seen, ['lang.index', 'plain', null], 'app before_request sees the matched endpoint, or none on a miss');
});
