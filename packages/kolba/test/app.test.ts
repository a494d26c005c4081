import { test } from 'node:test';
import assert from 'node:assert/strict';
import Koa from 'koa';
import request from 'supertest';
import { abort, afterThisRequest, Blueprint, defineConverter, flash, g, Kolba, makeResponse, renderTemplate, urlFor, ValidationError } from '../src/index.js';

const FIXTURES = new URL('./fixtures/', import.meta.url);

function makeApp(config: Record<string, unknown> = {}) {
  const app = new Kolba(FIXTURES, { config: { SECRET_KEY: 'test secret', ...config } });
  app.koa.silent = true;
  return app;
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 10));

test('routes: typed converters, Werkzeug 404 page, 405 with Allow, 308 to the slash URL', async () => {
  const app = makeApp();
  app.get('/post/<int:id>', function show_post(ctx) {
    return `Post ${ctx.params.id + 1}`;
  });
  app.route('/login', { methods: ['GET', 'POST'] }, function login(ctx) {
    return ctx.method;
  });
  app.get('/dir/', function dir() {
    return 'dir';
  });
  const server = app.callback();
  await request(server).get('/post/41').expect(200, 'Post 42');
  const missing = await request(server).get('/post/x');
  assert.equal(missing.status, 404);
  assert.match(missing.text, /<title>404 Not Found<\/title>/);
  const wrong = await request(server).delete('/login');
  assert.equal(wrong.status, 405);
  assert.equal(wrong.headers.allow, 'GET, HEAD, OPTIONS, POST');
  const slash = await request(server).get('/dir?x=1');
  assert.equal(slash.status, 308);
  assert.equal(slash.headers.location, `http://${slash.request.host}/dir/?x=1`);
  assert.equal(app.urlFor('show_post', { id: 7, q: 'a b' }), '/post/7?q=a+b');
});

// Flask's trace of one request (flask.md §5.1): b1 b2 view atr a2 a1 t2 t1, teardown after the response.
test('hooks run in Flask order; teardown runs after the response with g still there', async () => {
  const app = makeApp();
  const trace: string[] = [];
  let tornDown!: () => void;
  const done = new Promise<void>((resolve) => (tornDown = resolve));
  app.beforeRequest(() => void trace.push('b1'));
  app.beforeRequest(() => {
    trace.push('b2');
    g.user = 'alice';
  });
  app.afterRequest(() => void trace.push('a1'));
  app.afterRequest((response) => {
    trace.push('a2');
    response.set('X-After', 'yes');
  });
  app.teardownRequest((error) => void trace.push(`t1(${String(error)})`));
  app.teardownRequest((error) => {
    trace.push(`t2(${String(error)}) g.user=${String(g.user)}`);
    setImmediate(tornDown);
  });
  app.get('/', function index(ctx) {
    trace.push('view');
    afterThisRequest(ctx, () => void trace.push('atr'));
    return 'ok';
  });
  const res = await request(app.callback()).get('/');
  await done;
  assert.equal(res.text, 'ok');
  assert.equal(res.headers['x-after'], 'yes');
  assert.deepEqual(trace, ['b1', 'b2', 'view', 'atr', 'a2', 'a1', 't2(undefined) g.user=alice', 't1(undefined)']);
});

test('a before_request value is the response; the view is skipped, after_request still runs', async () => {
  const app = makeApp();
  const trace: string[] = [];
  app.beforeRequest(() => makeResponse('short-circuit', 201));
  app.beforeRequest(() => void trace.push('never'));
  app.afterRequest(() => void trace.push('after'));
  app.get('/', function index() {
    trace.push('view');
    return 'view';
  });
  // before_request also runs for URLs no rule matches (Flask test_before_request_and_routing_errors).
  for (const path of ['/', '/no-such-page']) {
    const res = await request(app.callback()).get(path);
    assert.equal(res.status, 201);
    assert.equal(res.text, 'short-circuit');
  }
  assert.deepEqual(trace, ['after', 'after']);
});

test('an unhandled error: production 500 page, after_request runs, teardown gets the error', async () => {
  const app = makeApp();
  const seen: unknown[] = [];
  let tornDown!: () => void;
  const done = new Promise<void>((resolve) => (tornDown = resolve));
  app.afterRequest((response) => void seen.push(`after ${response.status}`));
  app.teardownRequest((error) => {
    seen.push(error);
    tornDown();
  });
  const boom = new RangeError('division by zero');
  app.get('/div', function div() {
    throw boom;
  });
  const res = await request(app.callback()).get('/div');
  await done;
  assert.equal(res.status, 500);
  assert.match(res.text, /Internal Server Error/);
  assert.doesNotMatch(res.text, /division by zero|RangeError|at /, 'no message or stack in production');
  assert.deepEqual(seen, ['after 500', boom]);
});

test('error handlers by code and by class; a bare string keeps the code', async () => {
  class PaymentRequired extends Error {}
  const app = makeApp();
  app.errorhandler(404, (_err, ctx) => renderTemplate(ctx, '404.html'));
  app.errorhandler(PaymentRequired, (err: PaymentRequired) => makeResponse({ error: err.message }, 402));
  app.errorhandler(403, () => 'go away');
  app.get('/pay', function pay() {
    throw new PaymentRequired('card declined');
  });
  app.get('/secret', function secret() {
    abort(403);
  });
  const server = app.callback();
  const missing = await request(server).get('/nowhere');
  assert.equal(missing.status, 404);
  assert.equal(missing.text.trim(), '<h1>Nothing at /nowhere</h1>');
  const pay = await request(server).get('/pay');
  assert.equal(pay.status, 402);
  assert.deepEqual(pay.body, { error: 'card declined' });
  await request(server).get('/secret').expect(403, 'go away');
});

test('a failing after_request becomes a 500 through the handlers, and after_request runs again', async () => {
  const app = makeApp();
  const trace: string[] = [];
  app.errorhandler(500, (err: { originalException?: Error }) => {
    trace.push(`h500(${err.originalException?.message})`);
    return 'handled';
  });
  let calls = 0;
  app.afterRequest(() => {
    calls++;
    trace.push('after');
    if (calls === 1) throw new Error('after failed');
  });
  app.get('/', function index() {
    return 'ok';
  });
  const res = await request(app.callback()).get('/');
  assert.equal(res.status, 500);
  assert.equal(res.text, 'handled');
  assert.deepEqual(trace, ['after', 'h500(after failed)', 'after']);
});

test('set-up after the first request fails with Flask’s message', async () => {
  const app = makeApp();
  app.get('/', function index() {
    return 'ok';
  });
  await request(app.callback()).get('/').expect(200);
  assert.throws(
    () => app.get('/late', function late() { return 'late'; }),
    /^Error: The setup method 'get' can no longer be called on the application\. It has already handled its first request/,
  );
  assert.throws(() => app.beforeRequest(() => undefined), /setup method 'before_request'/);
});

test('session, flash and templates from the config: POST → 302 → GET shows the flash once', async () => {
  const app = makeApp();
  app.post('/login', function login(ctx) {
    ctx.session.user = 'admin';
    flash(ctx, 'You were <logged in>');
    return ctx.redirect(urlFor('index'));
  });
  app.get('/', function index(ctx) {
    return renderTemplate(ctx, 'index.html', { name: String(ctx.session.user ?? 'nobody') });
  });
  app.get('/post/<int:id>', function show_post(ctx) {
    return `post ${ctx.params.id}`;
  });
  const agent = request.agent(app.callback());
  const login = await agent.post('/login').expect(302);
  assert.equal(login.headers.location, '/');
  assert.match(String(login.headers['set-cookie']), /^session=[^;]+; HttpOnly; Path=\//);
  const shown = await agent.get('/');
  assert.equal(
    shown.text.trim(),
    '<h1>Hello admin</h1><a href="/post/3">post</a><p>You were &lt;logged in&gt;</p>',
  );
  const again = await agent.get('/');
  assert.doesNotMatch(again.text, /<p>/);
});

test('MAX_CONTENT_LENGTH from the config answers 413', async () => {
  const app = makeApp({ MAX_CONTENT_LENGTH: 10 });
  app.post('/upload', async function upload(ctx) {
    return `got ${ctx.request.form.get('a')}`;
  });
  const server = app.callback();
  await request(server).post('/upload').type('form').send('a=1').expect(200, 'got 1');
  const big = await request(server).post('/upload').type('form').send(`a=${'x'.repeat(100)}`);
  assert.equal(big.status, 413);
});

test('static files are served from the static folder with the static endpoint', async () => {
  const app = makeApp();
  const server = app.callback();
  await request(server).get('/static/hello.txt').expect(200, 'hello static\n');
  await request(server).get('/static/../app.test.ts').expect(404);
  assert.equal(app.urlFor('static', { filename: 'a b.css' }), '/static/a%20b.css');
});

test('middleware(): mounted in a host Koa app, kolba answers its rules and passes the rest on', async () => {
  const app = makeApp();
  app.get('/flask/<name>', function hello(ctx) {
    return `kolba ${ctx.params.name}`;
  });
  const host = new Koa();
  host.use(app.middleware());
  host.use((ctx) => {
    ctx.body = `host ${ctx.path}`;
  });
  const server = host.callback();
  await request(server).get('/flask/ann').expect(200, 'kolba ann');
  await request(server).get('/other').expect(200, 'host /other');
  assert.equal((await request(server).post('/flask/ann')).status, 405, 'a known path with the wrong method is still kolba’s');
});

test('urlFor outside a request: relative, or external only with SERVER_NAME', () => {
  const app = makeApp();
  app.get('/', function index() {
    return 'home';
  });
  assert.equal(app.urlFor('index', { page: 2 }), '/?page=2');
  assert.throws(() => app.urlFor('index', {}, { external: true }), /without 'SERVER_NAME' configured/);
  app.config.SERVER_NAME = 'example.com';
  app.config.PREFERRED_URL_SCHEME = 'https';
  assert.equal(app.urlFor('index', {}, { external: true }), 'https://example.com/');
  assert.throws(() => urlFor('index'), /outside an active request/);
});

test('config attributes forward: debug, testing, secretKey; KOLBA_DEBUG is read at creation', () => {
  const app = makeApp();
  assert.equal(app.debug, false);
  app.debug = true;
  assert.equal(app.config.DEBUG, true);
  assert.equal(app.secretKey, 'test secret');
  process.env.KOLBA_DEBUG = '1';
  try {
    assert.equal(new Kolba(FIXTURES).debug, true);
    process.env.KOLBA_DEBUG = 'no';
    assert.equal(new Kolba(FIXTURES).debug, false);
  } finally {
    delete process.env.KOLBA_DEBUG;
  }
  assert.equal(new Kolba(new URL('./app.ts', FIXTURES)).name, 'app');
});

test('bad registrations fail at once with a message that names the problem', () => {
  const app = makeApp();
  assert.throws(() => app.get('/a/<int:x>/<int:x>', function dup() { return ''; }), /x/);
  assert.throws(() => app.route('/m', { methods: 'POST' as unknown as string[] }, function m() { return ''; }), /list of strings/);
  assert.throws(() => (app.get as Function)('/b', { methods: ['POST'] }, function b() { return ''; }), /'methods' belongs to route/);
  assert.throws(() => app.get('/c'), /needs a view function/);
  assert.throws(() => app.beforeRequest('nope' as never), TypeError);
  app.get('/same', function same() { return '1'; });
  assert.throws(() => app.get('/other', { endpoint: 'same' }, () => '2'), /overwriting an existing endpoint/);
});

test('concurrent requests keep their own g through hooks and views', async () => {
  const app = makeApp();
  app.beforeRequest((ctx) => {
    g.id = ctx.query.id;
  });
  app.get('/', async function index(ctx) {
    await pause();
    return `${String(g.id)}:${String(ctx.query.id)}`;
  });
  const server = app.callback();
  const ids = Array.from({ length: 100 }, (_, i) => String(i));
  const results = await Promise.all(ids.map((id) => request(server).get(`/?id=${id}`)));
  assert.deepEqual(results.map((r) => r.text), ids.map((id) => `${id}:${id}`));
});

test('run(): listens on the given port, prints Flask’s lines, serves, closes', async () => {
  const app = makeApp();
  app.get('/', function index() {
    return 'running';
  });
  const lines: string[] = [];
  const running = await app.run({ port: 0, debug: true, log: (line) => lines.push(line) });
  try {
    assert.match(running.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(lines.slice(0, 2), [" * Serving Kolba app 'fixtures'", ' * Debug mode: on']);
    assert.equal(lines[3], ` * Running on ${running.url}`);
    assert.equal(await (await fetch(running.url)).text(), 'running');
  } finally {
    await running.close();
  }
  await assert.rejects(app.run({ port: 70000, quiet: true }), /port must be 0–65535/);
});

test('TESTING propagates unhandled errors to Koa instead of rendering the 500 page', async () => {
  const app = makeApp({ TESTING: true });
  const reported: unknown[] = [];
  app.koa.on('error', (err) => reported.push(err));
  app.get('/', function index() {
    throw new TypeError('the real error');
  });
  const res = await request(app.callback()).get('/');
  assert.equal(res.status, 500);
  assert.equal(res.text, 'Internal Server Error', 'Koa’s own answer, not the Werkzeug page');
  assert.equal((reported[0] as Error).message, 'the real error');
});

test('mounted in a host app, the session and flash work and the host keeps its own routes', async () => {
  const app = makeApp();
  app.post('/kolba/login', function login(ctx) {
    ctx.session.user = 'sam';
    flash(ctx, 'hi sam');
    return ctx.redirect('/kolba/');
  });
  app.get('/kolba/', function home(ctx) {
    return { user: ctx.session.user ?? null, messages: ctx.getFlashedMessages() };
  });
  const host = new Koa();
  host.use(app.middleware());
  host.use((ctx) => {
    ctx.body = 'host';
  });
  const agent = request.agent(host.callback());
  await agent.post('/kolba/login').expect(302);
  assert.deepEqual((await agent.get('/kolba/')).body, { user: 'sam', messages: ['hi sam'] });
  assert.deepEqual((await agent.get('/kolba/')).body, { user: 'sam', messages: [] });
  await agent.get('/elsewhere').expect(200, 'host');
});

// Flask's tutorial tests (test_auth.py) written against app.testClient().
test('app.testClient(): log in, follow the redirect, see the flash, the session cookie is Flask’s', async () => {
  const app = makeApp();
  app.route('/auth/login', { methods: ['GET', 'POST'] }, function login(ctx) {
    if (ctx.method === 'POST') {
      if (ctx.request.form.get('username') !== 'test') return makeResponse('Incorrect username.', 400);
      ctx.session.user_id = 1;
      flash(ctx, 'Welcome back');
      return ctx.redirect(urlFor('index'));
    }
    return 'login form';
  });
  app.get('/', function index(ctx) {
    return { user_id: ctx.session.user_id ?? null, messages: ctx.getFlashedMessages() };
  });
  const client = app.testClient();
  assert.equal((await client.get('/auth/login')).text, 'login form');
  const bad = await client.post('/auth/login', { data: { username: 'nobody' } });
  assert.equal(bad.status, 400);
  const res = await client.post('/auth/login', { data: { username: 'test' }, followRedirects: true });
  assert.deepEqual(res.history.map((r) => r.status), [302]);
  assert.deepEqual(res.json, { user_id: 1, messages: ['Welcome back'] });
  const cookie = client.getCookie('session');
  assert.ok(cookie !== undefined && cookie.httpOnly, 'HttpOnly session cookie, like Flask');
  assert.match(cookie.value, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'itsdangerous payload.timestamp.signature');
  assert.deepEqual((await client.get('/')).json, { user_id: 1, messages: [] });
});

test('hostile input through the whole facade: bad paths, cookies and bodies get 4xx, never a crash', async () => {
  const app = makeApp();
  app.post('/echo/<name>', function echo(ctx) {
    return { name: ctx.params.name, form: ctx.request.form.toDict() };
  });
  app.get('/', function index(ctx) {
    return `user ${String(ctx.session.user ?? 'anonymous')}`;
  });
  const client = app.testClient();
  assert.equal((await client.get('/%zz')).status, 404);
  const forged = await client.get('/', { headers: { Cookie: 'session=eyJ1c2VyIjoiYWRtaW4ifQ.forged.sig' } });
  assert.equal(forged.text, 'user anonymous', 'a forged cookie is an empty session');
  const badJson = await client.post('/echo/x', { data: '{', headers: { 'Content-Type': 'application/json' } });
  assert.equal(badJson.status, 200, 'form parsing ignores a JSON body; the view still answers');
  const parts = Object.fromEntries(Array.from({ length: 1200 }, (_, i) => [`f${i}`, 'x']));
  assert.equal((await client.post('/echo/x', { data: parts })).status, 413, 'MAX_FORM_PARTS (1000) by default');
  assert.equal((await client.get('/')).status, 200, 'the app still serves');
});

// Flask's `with client.session_transaction() as sess:` (testing docs).
test('testClient().sessionTransaction(): set the session before a request, read it after one', async () => {
  const app = makeApp();
  app.get('/', function index(ctx) {
    return `Logged in as ${String(ctx.session.user_id ?? 'nobody')}`;
  });
  app.post('/visit', function visit(ctx) {
    ctx.session.visits = Number(ctx.session.visits ?? 0) + 1;
    return 'ok';
  });
  const client = app.testClient();
  assert.equal(await client.sessionTransaction((s) => Object.keys(s).length), 0, 'no cookie yet: empty');
  await client.sessionTransaction((session) => {
    session.user_id = 7;
  });
  assert.equal((await client.get('/')).text, 'Logged in as 7');
  await client.post('/visit');
  await client.post('/visit');
  assert.deepEqual(await client.sessionTransaction((s) => ({ ...s })), { user_id: 7, visits: 2 });
  await client.sessionTransaction((session) => {
    delete session.user_id;
    delete session.visits;
  });
  assert.equal(client.getCookie('session'), undefined, 'an emptied session deletes the cookie');
  assert.equal((await client.get('/')).text, 'Logged in as nobody');

  client.setCookie('session', 'forged.cookie.value');
  assert.equal(await client.sessionTransaction((s) => s.user_id), undefined, 'a tampered cookie opens empty');
  const keyless = new Kolba(FIXTURES).testClient();
  await assert.rejects(keyless.sessionTransaction(() => undefined), /Session backend did not open a session/);
});

// Flask 3.1 TRUSTED_HOSTS / Werkzeug host_is_trusted.
test('TRUSTED_HOSTS: listed hosts and dot-prefixed subdomains pass, others get 400 before routing', async () => {
  const app = makeApp({ TRUSTED_HOSTS: ['example.com', '.example.org', 'bücher.de'] });
  let viewed = 0;
  app.get('/', function index() {
    viewed++;
    return 'ok';
  });
  const server = app.callback();
  for (const host of ['example.com', 'example.com:8000', 'example.org', 'api.example.org', 'xn--bcher-kva.de']) {
    await request(server).get('/').set('Host', host).expect(200, 'ok');
  }
  for (const host of ['evil.com', 'www.example.com', 'notexample.org', 'example.org.evil.com']) {
    const res = await request(server).get('/').set('Host', host);
    assert.equal(res.status, 400, host);
    assert.match(res.text, new RegExp(`Host &#39;${host.replace(/\./g, '\\.')}&#39; is not trusted\\.`));
  }
  assert.equal(viewed, 5, 'an untrusted host never reaches the view');
  const missing = await request(server).get('/nowhere').set('Host', 'evil.com');
  assert.equal(missing.status, 400, 'checked before routing, as Flask does while matching');
});

test('DEBUG shows the escaped debug page for an unhandled error; production never does', async () => {
  for (const debug of [true, false]) {
    const app = makeApp({ DEBUG: debug });
    app.get('/', function index() {
      throw new Error('<script>alert(1)</script> broke');
    });
    const res = await app.testClient().get('/');
    assert.equal(res.status, 500);
    assert.doesNotMatch(res.text, /<script>alert/, 'never unescaped');
    if (debug) assert.match(res.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt; broke/);
    else assert.doesNotMatch(res.text, /alert|broke/);
  }
});

test('run({ ssl }) serves HTTPS with the given certificate and key files', async () => {
  const app = makeApp();
  app.get('/', function index(ctx) {
    return `secure=${String(ctx.secure)}`;
  });
  const tls = new URL('./fixtures/tls/', import.meta.url);
  const cert = new URL('cert.pem', tls).pathname;
  const running = await app.run({ port: 0, quiet: true, ssl: { cert, key: new URL('key.pem', tls).pathname } });
  try {
    assert.match(running.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const https = await import('node:https');
    const { readFileSync } = await import('node:fs');
    const body = await new Promise<string>((resolve, reject) => {
      https.get(running.url, { ca: readFileSync(cert) }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    assert.equal(body, 'secure=true');
  } finally {
    await running.close();
  }
});

// Flask's app.url_map.converters["list"] = ListConverter (the docs' example), app and blueprint.
test('custom converters: to_python, to_url, and a ValidationError is a 404, in blueprints too', async () => {
  const List = defineConverter<string[]>({
    regex: '[a-z]+(?:\\+[a-z]+)*',
    toPython: (value) => {
      if (value.includes('admin')) throw new ValidationError();
      return value.split('+');
    },
    toUrl: (value) => value.join('+'),
  });
  const app = new Kolba(FIXTURES, { converters: { list: List }, config: { SECRET_KEY: 'x' } });
  app.koa.silent = true;
  app.get('/tags/<list:tags>', function tags(ctx) {
    return { tags: ctx.params.tags, self: ctx.urlFor('tags', { tags: ctx.params.tags }) };
  });
  const bp = new Blueprint('bp', FIXTURES, { urlPrefix: '/bp' });
  bp.get('/<list:names>', function names(ctx) {
    return (ctx.params.names as string[]).join(',');
  });
  app.registerBlueprint(bp);
  const client = app.testClient();
  assert.deepEqual((await client.get('/tags/a+b')).json, { tags: ['a', 'b'], self: '/tags/a+b' });
  assert.equal((await client.get('/tags/a+admin')).status, 404);
  assert.equal((await client.get('/bp/x+y')).text, 'x,y');
  assert.equal(app.urlFor('bp.names', { names: ['p', 'q'] }), '/bp/p+q');
});

test('before_request runs once for a view that hands over with next(), and once on a miss', async () => {
  const app = makeApp();
  const endpoints: unknown[] = [];
  app.beforeRequest((ctx) => void endpoints.push(ctx.routing?.endpoint ?? null));
  app.get('/pass', function pass(_ctx, next) {
    return next();
  });
  const client = app.testClient();
  assert.equal((await client.get('/pass')).status, 404);
  assert.equal((await client.get('/missing')).status, 404);
  assert.deepEqual(endpoints, ['pass', null]);
});
