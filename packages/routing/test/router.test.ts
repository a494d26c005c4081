// Router registration, endpoints, prefixes, nesting and urlFor outside a request.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Koa from 'koa';
import request from 'supertest';
import { errorHandlers } from '@kolba/http';
import { BuildError, RuleError, Router, ValidationError, defineConverter } from '../src/index.js';

function callback(router: Router<unknown, string>): ReturnType<Koa['callback']> {
  const app = new Koa();
  app.use(router.routes()).use(router.allowedMethods());
  return app.callback();
}

describe('endpoints (Flask: the view function name)', () => {
  it('defaults to the handler name, strips "bound ", and falls back to the rule for anonymous handlers', async () => {
    function show() {
      return 'x';
    }
    const router = new Router()
      .get('/a', function alpha(ctx) {
        return ctx.routing.endpoint;
      })
      .get('/b', show.bind(null))
      .get('/c', (ctx) => ctx.routing.endpoint);
    assert.equal((await request(callback(router)).get('/a')).text, 'alpha');
    assert.equal(router.urlFor('show'), '/b');
    assert.equal((await request(callback(router)).get('/c')).text, '/c');
    assert.equal(router.urlFor('/c'), '/c');
  });

  it("refuses a second, different function for an endpoint with Flask's message", () => {
    const router = new Router().get('/a', function index() {
      return 'a';
    });
    assert.throws(
      () =>
        router.post('/b', function index() {
          return 'b';
        }),
      { message: 'View function mapping is overwriting an existing endpoint function: index' },
    );
    assert.throws(() => router.get('/c', { endpoint: 'index' }, () => 'c'), {
      message: 'View function mapping is overwriting an existing endpoint function: index',
    });
  });

  it('accepts the same view under several rules and anonymous handlers on one path', () => {
    const list = (): string => 'list';
    const router = new Router()
      .get('/all/', { endpoint: 'all' }, list)
      .get('/all/<int:page>', { endpoint: 'all' }, list)
      .get('/x', () => 'get')
      .post('/x', () => 'post');
    assert.equal(router.urlFor('all', { page: 2 }), '/all/2');
    assert.equal(router.map.rules.length, 4);
  });

  it('keeps an endpoint unique across a router tree', () => {
    const parent = new Router().get('/', function index() {
      return 'p';
    });
    const child = new Router().get('/', function index() {
      return 'c';
    });
    assert.throws(() => parent.use('/child', child), /overwriting an existing endpoint function: index/);
    const other = new Router();
    parent.use('/other', other);
    assert.throws(
      () =>
        other.get('/x', function index() {
          return 'o';
        }),
      /overwriting an existing endpoint function: index/,
    );
  });
});

describe('registration errors', () => {
  it('throws at registration for malformed rules and unknown converters, naming the rule', () => {
    const router = new Router();
    assert.throws(() => router.get('/a/<int:>', () => 'x'), (error: unknown) => {
      assert.ok(error instanceof RuleError);
      assert.match((error as Error).message, /\/a\/<int:>/);
      return true;
    });
    assert.throws(() => router.get('/<nope:x>', () => 'x'), /nope/);
    assert.throws(() => router.get('no-slash', () => 'x'), /must start with a slash/);
    assert.equal(router.map.rules.length, 0);
  });

  it("checks methods and handlers like Flask's route()", () => {
    const router = new Router();
    assert.throws(() => router.route('/x', { methods: 'POST' as unknown as string[] }, () => 'x'), {
      name: 'TypeError',
      message: "Allowed methods must be a list of strings, for example: router.route(..., { methods: ['POST'] })",
    });
    assert.throws(() => router.get('/x', { methods: ['POST'] } as never, () => 'x'), {
      name: 'TypeError',
      message: "Use the 'route' method to use the 'methods' argument.",
    });
    assert.throws(() => (router.get as (rule: string) => unknown)('/x'), /needs at least one handler/);
    assert.throws(() => (router.get as (rule: string, mw: unknown) => unknown)('/x', 'nope'), /must be a function, not string/);
  });

  it('lower-case methods work and route() defaults to GET', async () => {
    const router = new Router()
      .route('/p', { methods: ['post'] }, function p() {
        return 'posted';
      })
      .route('/g', {}, function g() {
        return 'got';
      });
    assert.equal((await request(callback(router)).post('/p')).text, 'posted');
    assert.equal((await request(callback(router)).get('/g')).text, 'got');
    assert.equal((await request(callback(router)).post('/g')).status, 405);
  });
});

describe('urlFor without a request', () => {
  const router = new Router()
    .get('/post/<int:id>', { endpoint: 'post' }, () => 'p')
    .get('/static sp/<path:f>', { endpoint: 'static' }, () => 's');

  it('builds relative URLs with quoting, query string and anchor', () => {
    assert.equal(router.urlFor('post', { id: 3 }), '/post/3');
    assert.equal(router.urlFor('post', { id: 3, q: 'a b', plus: '+&=#/?' }), '/post/3?q=a+b&plus=%2B%26%3D%23/?');
    assert.equal(router.urlFor('post', { id: 3 }, { anchor: 'x y' }), '/post/3#x%20y');
    assert.equal(router.urlFor('static', { f: 'a b/ü.css' }), '/static%20sp/a%20b/%C3%BC.css');
  });

  it('builds external URLs from an explicit host and scheme', () => {
    assert.equal(router.urlFor('post', { id: 3 }, { external: true, host: 'example.com' }), 'http://example.com/post/3');
    assert.equal(router.urlFor('post', { id: 3 }, { scheme: 'https', host: 'example.com' }), 'https://example.com/post/3');
    assert.throws(() => router.urlFor('post', { id: 3 }, { external: true }), /without a host/);
  });

  it("throws the core's BuildError naming the endpoint and values", () => {
    assert.throws(() => router.urlFor('pots', { id: 1 }), (error: unknown) => {
      assert.ok(error instanceof BuildError);
      assert.match((error as Error).message, /Could not build url for endpoint 'pots'.*Did you mean 'post' instead\?/);
      return true;
    });
    assert.throws(() => (router.urlFor as (endpoint: string) => string)('post'), /Did you forget to specify values \['id'\]/);
  });
});

describe('prefixes and nesting', () => {
  it("joins prefixes like Flask's url_prefix", () => {
    const table: [prefix: string, rule: string, url: string][] = [
      ['/foo', '', '/foo'],
      ['/foo/', '', '/foo/'],
      ['/foo/', '/bar', '/foo/bar'],
      ['/foo/', 'bar', '/foo/bar'],
      ['/foo', '/bar', '/foo/bar'],
      ['/foo/', '//bar', '/foo/bar'],
      ['/foo//', '/bar', '/foo/bar'],
    ];
    for (const [prefix, rule, url] of table) {
      const router = new Router({ prefix }).get(rule, { endpoint: 'x' }, () => 'x');
      assert.equal(router.urlFor('x'), url, `${prefix} + ${rule}`);
    }
  });

  it('routes, converts and builds across nested routers, with prefix placeholders', async () => {
    const users = new Router({ prefix: '/users' })
      // `lang` comes from the mount prefix: there at run time, not in the child's types.
      .get('/<int:id>', { endpoint: 'user' }, (ctx) => ({ lang: (ctx.params as Record<string, unknown>).lang, id: ctx.params.id }))
      .get('/', { endpoint: 'users' }, (ctx) => ctx.urlFor('home'));
    const api = new Router().use('/<lang>', users);
    const root = new Router().get('/', { endpoint: 'home' }, (ctx) => ctx.urlFor('user', { lang: 'en', id: 5 })).use('/api', api);

    const app = callback(root);
    assert.deepEqual((await request(app).get('/api/de/users/7')).body, { lang: 'de', id: 7 });
    assert.equal((await request(app).get('/')).text, '/api/en/users/5');
    assert.equal((await request(app).get('/api/de/users/')).text, '/');
    // urlFor from any router of the tree sees the whole tree.
    assert.equal(users.urlFor('home'), '/');
    assert.equal(users.urlFor('user', { lang: 'fr', id: 1 }), '/api/fr/users/1');
    assert.equal(root.urlFor('users', { lang: 'fr' }), '/api/fr/users/');
  });

  it("puts mounted children under the parent's own prefix", async () => {
    const child = new Router({ prefix: '/c' }).get('/x', { endpoint: 'cx' }, () => 'cx');
    const bare = new Router().get('/y', { endpoint: 'y' }, () => 'y');
    const root = new Router({ prefix: '/r' }).use('/m', child).use(bare);
    assert.equal(root.urlFor('cx'), '/r/m/c/x');
    assert.equal(root.urlFor('y'), '/r/y');
    assert.equal((await request(callback(root)).get('/r/m/c/x')).text, 'cx');
  });

  it('sees routes added to a child after it was mounted', async () => {
    const child = new Router();
    const root = new Router().use('/c', child);
    const app = callback(root);
    assert.equal((await request(app).get('/c/late')).status, 404);
    child.get('/late', function late() {
      return 'late';
    });
    assert.equal((await request(app).get('/c/late')).text, 'late');
    assert.equal(root.urlFor('late'), '/c/late');
  });

  it('uses Werkzeug precedence across the whole tree, not mount order', async () => {
    const dynamic = new Router().get('/<name>', function byName(ctx) {
      return `name ${ctx.params.name}`;
    });
    const fixed = new Router().get('/about', function about() {
      return 'about';
    });
    const root = new Router().use(dynamic).use(fixed);
    assert.equal((await request(callback(root)).get('/about')).text, 'about');
  });

  it('mounts a child passed as child.routes() or child.middleware() (code written for @koa/router)', async () => {
    const child = new Router().get('/x', function childX() {
      return 'child';
    });
    const other = new Router().get('/y', function otherY() {
      return 'other';
    });
    const root = new Router().use('/c', child.routes()).use('/o', other.middleware());
    assert.equal((await request(callback(root)).get('/c/x')).text, 'child');
    assert.equal((await request(callback(root)).get('/o/y')).text, 'other');
  });

  it('refuses cycles and prefix-scoped plain middleware', () => {
    const a = new Router();
    const b = new Router();
    a.use('/b', b);
    assert.throws(() => b.use('/a', a), /inside itself/);
    assert.throws(() => a.use(a), /inside itself/);
    assert.throws(() => a.use('/x', async (_ctx, next) => next()), /mount a child Router/);
  });

  it('router-level middleware runs before every route of the router and its children only', async () => {
    const seen: string[] = [];
    const admin = new Router({ prefix: '/admin' })
      .use(async function requireLogin(ctx, next) {
        seen.push(`guard ${ctx.routing.endpoint}`);
        if (ctx.get('X-User') === '') {
          ctx.status = 401;
          return;
        }
        await next();
      })
      .get('/', function dashboard() {
        return 'dashboard';
      });
    const reports = new Router().get('/reports/<int:year>', function reports(ctx) {
      return `reports ${ctx.params.year}`;
    });
    admin.use(reports);
    const root = new Router()
      .get('/', function home() {
        return 'home';
      })
      .use(admin);
    const app = callback(root);
    assert.equal((await request(app).get('/')).text, 'home');
    assert.equal((await request(app).get('/admin/')).status, 401);
    assert.equal((await request(app).get('/admin/reports/2024').set('X-User', 'ann')).text, 'reports 2024');
    assert.deepEqual(seen, ['guard dashboard', 'guard reports']);
  });
});

describe('router options', () => {
  it('strictSlashes: false lets a leaf match with a trailing slash and a branch without', async () => {
    const router = new Router({ strictSlashes: false })
      .get('/leaf', function leaf() {
        return 'leaf';
      })
      .get('/branch/', function branch() {
        return 'branch';
      });
    const app = callback(router);
    assert.equal((await request(app).get('/leaf/')).text, 'leaf');
    assert.equal((await request(app).get('/branch')).text, 'branch');
  });

  it('a rule-level strictSlashes overrides the router', async () => {
    const router = new Router({ strictSlashes: false }).get('/strict/', { strictSlashes: true }, function strict() {
      return 's';
    });
    assert.equal((await request(callback(router)).get('/strict')).status, 308);
  });

  it('custom converters: registered by name, converting and building', async () => {
    const BoolConverter = defineConverter<boolean>({
      regex: 'yes|no',
      toPython: (value) => value === 'yes',
      toUrl: (value) => (value ? 'yes' : 'no'),
    });
    const EvenConverter = defineConverter<number>({
      regex: '\\d+',
      toPython: (value) => {
        if (Number(value) % 2 !== 0) throw new ValidationError();
        return Number(value);
      },
    });
    const router = new Router({ converters: { bool: BoolConverter, even: EvenConverter } })
      .get('/flag/<bool:on>', { endpoint: 'flag' }, (ctx) => ({ on: ctx.params.on }))
      .get('/even/<even:n>', { endpoint: 'even' }, (ctx) => ({ n: ctx.params.n }));
    const app = callback(router);
    assert.deepEqual((await request(app).get('/flag/yes')).body, { on: true });
    assert.equal((await request(app).get('/even/3')).status, 404);
    assert.deepEqual((await request(app).get('/even/4')).body, { n: 4 });
    assert.equal(router.urlFor('flag', { on: false }), '/flag/no');
  });

  it("a child's converter joins the tree; one name with two meanings is refused", () => {
    const A = defineConverter({ regex: 'a+' });
    const B = defineConverter({ regex: 'b+' });
    const child = new Router({ converters: { letters: A } }).get('/<letters:x>', { endpoint: 'letters' }, () => 'x');
    const root = new Router().use('/c', child);
    assert.equal(root.urlFor('letters', { x: 'aa' }), '/c/aa');
    assert.throws(() => new Router({ converters: { letters: B } }).use(child), /Converter 'letters' is already defined differently/);
  });
});

describe('audit: trying to break it', () => {
  it('serves rules and middleware added after the first request and after routes() was taken', async () => {
    const router = new Router().get('/a', function lateA() {
      return 'a';
    });
    const app = callback(router); // routes() taken, table compiled
    assert.equal((await request(app).get('/b')).status, 404);
    const seen: string[] = [];
    router.get('/b', function lateB(ctx) {
      return ctx.urlFor('lateC');
    });
    router.use(async function audit(ctx, next) {
      seen.push(ctx.path);
      await next();
    });
    router.use('/c', new Router().get('/', function lateC() {
      return 'c';
    }));
    assert.equal((await request(app).get('/b')).text, '/c/');
    assert.equal((await request(app).get('/c/')).text, 'c');
    assert.equal((await request(app).get('/a')).text, 'a');
    assert.deepEqual(seen, ['/b', '/c/', '/a']);
  });

  it('a request in flight while a rule is added finishes against the table it matched', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const router = new Router().get('/slow', async function slow(ctx) {
      await gate;
      return ctx.urlFor('slow');
    });
    const app = callback(router);
    const pending = request(app).get('/slow').then((res) => res);
    await new Promise((resolve) => setTimeout(resolve, 20));
    router.get('/fast', function fast() {
      return 'fast';
    });
    release();
    const res = await pending;
    assert.equal(res.status, 200);
    assert.equal(res.text, '/slow');
    assert.equal((await request(app).get('/fast')).text, 'fast');
  });

  it('nested three deep: the innermost handler and router build every endpoint of the tree', async () => {
    const inner = new Router({ prefix: '/leaf' }).get('/<int:id>', function leaf(ctx) {
      return `${ctx.urlFor('top')} ${ctx.urlFor('leaf', { lang: 'de', id: ctx.params.id + 1 })} ${ctx.urlFor('mid', { lang: 'fr' })}`;
    });
    const mid = new Router().get('/', function mid() {
      return 'mid';
    }).use(inner);
    const top = new Router().get('/', function top() {
      return 'top';
    }).use('/m/<lang>', mid);
    assert.equal((await request(callback(top)).get('/m/en/leaf/5')).text, '/ /m/de/leaf/6 /m/fr/');
    assert.equal(inner.urlFor('top'), '/');
    assert.equal(inner.urlFor('leaf', { lang: 'en', id: 1 }), '/m/en/leaf/1');
  });

  it('prefixes with trailing slashes on both the mount and the child join to one slash', async () => {
    const items = new Router({ prefix: '/items/' })
      .get('/', function itemIndex() {
        return 'index';
      })
      .get('/<int:id>/', function item(ctx) {
        return `item ${ctx.params.id}`;
      });
    const root = new Router().use('/v1/', items);
    assert.equal(root.urlFor('itemIndex'), '/v1/items/');
    assert.equal(root.urlFor('item', { id: 1 }), '/v1/items/1/');
    const app = callback(root);
    assert.equal((await request(app).get('/v1/items/1/')).text, 'item 1');
    const redirect = await request(app).get('/v1/items/1?x=1').set('Host', 'example.com');
    assert.equal(redirect.status, 308);
    assert.equal(redirect.headers.location, 'http://example.com/v1/items/1/?x=1');
    assert.equal((await request(app).get('/v1//items/1/')).status, 308);
  });

  it('urlFor quotes /, ?, #, %, unicode and empty values as Werkzeug 3.1 does', () => {
    const router = new Router()
      .get('/s/<v>', { endpoint: 's' }, () => 's')
      .get('/p/<path:v>', { endpoint: 'p' }, () => 'p')
      .get('/q', { endpoint: 'q' }, () => 'q');
    // [value, '/s/<v>', '/p/<path:v>', '/q?v=…'] — checked against Werkzeug's MapAdapter.build.
    const rows: [string, string, string, string][] = [
      ['a/b', '/s/a/b', '/p/a/b', 'a/b'],
      ['a?b', '/s/a%3Fb', '/p/a%3Fb', 'a?b'],
      ['a#b', '/s/a%23b', '/p/a%23b', 'a%23b'],
      ['100%', '/s/100%25', '/p/100%25', '100%25'],
      ['%2F', '/s/%252F', '/p/%252F', '%252F'],
      ['ü é', '/s/%C3%BC%20%C3%A9', '/p/%C3%BC%20%C3%A9', '%C3%BC+%C3%A9'],
      ['😀', '/s/%F0%9F%98%80', '/p/%F0%9F%98%80', '%F0%9F%98%80'],
      ['a+b', '/s/a+b', '/p/a+b', 'a%2Bb'],
      ['', '/s/', '/p/', ''],
      ['\ud800', '/s/%EF%BF%BD', '/p/%EF%BF%BD', '%EF%BF%BD'], // lone surrogate: U+FFFD, no URIError
    ];
    for (const [value, s, p, q] of rows) {
      assert.equal(router.urlFor('s', { v: value }), s, JSON.stringify(value));
      assert.equal(router.urlFor('p', { v: value }), p, JSON.stringify(value));
      assert.equal(router.urlFor('q', { v: value, w: [value, null, 1], n: null, u: undefined }), `/q?v=${q}&w=${q}&w=1`);
    }
  });

  it("a converter's toUrl: ValidationError skips the rule (BuildError), other errors propagate (→ 500)", async () => {
    const Picky = defineConverter<string>({
      toUrl: (value) => {
        if (value === 'no') throw new ValidationError();
        if (value === 'boom') throw new RangeError('toUrl exploded');
        return value;
      },
    });
    const router = new Router({ converters: { picky: Picky } })
      .get('/x/<picky:v>', { endpoint: 'x' }, () => 'x')
      .get('/link', function link(ctx) {
        return ctx.urlFor('x', { v: String(ctx.query.v) });
      });
    assert.equal(router.urlFor('x', { v: 'ok' }), '/x/ok');
    assert.throws(() => router.urlFor('x', { v: 'no' }), (error: unknown) => error instanceof BuildError && /'x' with values \['v'\]/.test(error.message));
    assert.throws(() => router.urlFor('x', { v: 'boom' }), RangeError);
    const app = new Koa();
    app.silent = true;
    app.use(errorHandlers()).use(router.routes());
    const res = await request(app.callback()).get('/link?v=boom');
    assert.equal(res.status, 500);
    assert.doesNotMatch(res.text, /exploded/);
  });

  it('spec §3.4 over HTTP: an even converter (weight 10) rejecting /3 is a 404, /<int:n> is not tried', async () => {
    const Even = defineConverter<number>({
      regex: '\\d+',
      weight: 10,
      toPython: (value) => {
        if (Number(value) % 2 !== 0) throw new ValidationError();
        return Number(value);
      },
    });
    const router = new Router({ converters: { even: Even } })
      .get('/<even:n>', function even(ctx) {
        return `even ${ctx.params.n}`;
      })
      .get('/<int:n>', function anyInt(ctx) {
        return `int ${ctx.params.n}`;
      });
    const app = callback(router);
    assert.equal((await request(app).get('/4')).text, 'even 4');
    assert.equal((await request(app).get('/3')).status, 404);
  });

  it('ids beyond MAX_SAFE_INTEGER: int is a 404, the README BigInt converter matches them exactly', async () => {
    const BigIntConverter = defineConverter({ regex: '\\d+', weight: 50, toPython: BigInt, toUrl: String });
    const router = new Router({ converters: { bigint: BigIntConverter } })
      .get('/i/<int:id>', function small(ctx) {
        return `int ${ctx.params.id}`;
      })
      .get('/b/<bigint:id>', { endpoint: 'big' }, (ctx) => `big ${String(ctx.params.id)} ${typeof ctx.params.id}`);
    const app = callback(router);
    assert.equal((await request(app).get('/i/9007199254740991')).text, 'int 9007199254740991');
    assert.equal((await request(app).get('/i/9007199254740993')).status, 404);
    assert.equal((await request(app).get('/b/9007199254740993')).text, 'big 9007199254740993 bigint');
    assert.equal(router.urlFor('big', { id: 18446744073709551615n }), '/b/18446744073709551615');
  });

  it("a toPython that throws something other than ValidationError is Werkzeug's 500, not a crash or a 404", async () => {
    const Boom = defineConverter({
      toPython: () => {
        throw new Error('database down');
      },
    });
    const router = new Router({ converters: { boom: Boom } })
      .get('/b/<boom:v>', function b() {
        return 'never';
      })
      .get('/b/<path:v>', function fallback() {
        return 'fallback';
      });
    const app = new Koa();
    app.silent = true;
    app.use(errorHandlers()).use(router.routes()).use(router.allowedMethods({ throw: true }));
    const res = await request(app.callback()).get('/b/1');
    assert.equal(res.status, 500);
    assert.doesNotMatch(res.text, /database down/);
    assert.equal((await request(app.callback()).get('/b/1/2')).text, 'fallback');
  });
});
