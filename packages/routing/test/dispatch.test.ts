// HTTP behaviour of Router.routes() / allowedMethods() against real Koa apps (Werkzeug spec §3–§5).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Koa from 'koa';
import request from 'supertest';
import { HttpResponse, errorHandlers } from '@kolba/http';
import { Router } from '../src/index.js';

function serve(router: Router<unknown, string>, options: { throw?: boolean; flask?: boolean } = {}): ReturnType<Koa['callback']> {
  const app = new Koa();
  if (options.flask) app.use(errorHandlers());
  app.use(router.routes()).use(router.allowedMethods({ throw: options.throw }));
  return app.callback();
}

describe('typed conversion through HTTP', () => {
  const router = new Router()
    .get('/post/<int:id>', function post(ctx) {
      return { id: ctx.params.id, type: typeof ctx.params.id };
    })
    .get('/price/<float:v>', function price(ctx) {
      return { v: ctx.params.v };
    })
    .get('/doc/<uuid:id>', function doc(ctx) {
      return { id: ctx.params.id };
    })
    .get('/files/<path:rest>', function files(ctx) {
      return { rest: ctx.params.rest };
    })
    .get('/<any(about, help):page>', function page(ctx) {
      return { page: ctx.params.page };
    });
  const app = serve(router);

  it('converts int, float, uuid, path and any values', async () => {
    assert.deepEqual((await request(app).get('/post/007')).body, { id: 7, type: 'number' });
    assert.deepEqual((await request(app).get('/price/01.50')).body, { v: 1.5 });
    assert.deepEqual((await request(app).get('/doc/12345678-1234-1234-1234-123456789ABC')).body, {
      id: '12345678-1234-1234-1234-123456789abc',
    });
    assert.deepEqual((await request(app).get('/files/a/b/c.txt')).body, { rest: 'a/b/c.txt' });
    assert.deepEqual((await request(app).get('/help')).body, { page: 'help' });
  });

  it('answers 404 when a converter rejects the value', async () => {
    for (const path of ['/post/abc', '/post/-1', '/post/1.5', '/price/1', '/doc/1234', '/files/', '/other']) {
      assert.equal((await request(app).get(path)).status, 404, path);
    }
  });

  it('sets ctx.routing and the @koa/router fields that logging middleware reads', async () => {
    const r = new Router().get('/u/<int:id>', function user(ctx) {
      return {
        endpoint: ctx.routing.endpoint,
        rule: ctx.routing.rule.rule,
        viewArgs: ctx.routing.viewArgs,
        matched: ctx._matchedRoute as unknown,
        name: ctx._matchedRouteName as unknown,
      };
    });
    assert.deepEqual((await request(serve(r)).get('/u/5')).body, {
      endpoint: 'user',
      rule: '/u/<int:id>',
      viewArgs: { id: 5 },
      matched: '/u/<int:id>',
      name: 'user',
    });
  });
});

describe('precedence through HTTP (Werkzeug weights, not registration order)', () => {
  const router = new Router()
    .get('/<name>', function byName(ctx) {
      return `name:${ctx.params.name}`;
    })
    .get('/about', function about() {
      return 'about';
    })
    .get('/n/<path:p>', function nPath(ctx) {
      return `path:${ctx.params.p}`;
    })
    .get('/n/<s>', function nString(ctx) {
      return `string:${ctx.params.s}`;
    })
    .get('/n/<int:i>', function nInt(ctx) {
      return `int:${ctx.params.i}`;
    })
    .get('/x/<b>', function xb() {
      return 'x/<b>';
    })
    .get('/<a>/y', function ay() {
      return '<a>/y';
    });
  const app = serve(router);

  it('picks static over dynamic, int over string over path, leftmost static first', async () => {
    const cases: [string, string][] = [
      ['/about', 'about'],
      ['/other', 'name:other'],
      ['/n/12', 'int:12'],
      ['/n/abc', 'string:abc'],
      ['/n/a/b', 'path:a/b'],
      ['/x/y', 'x/<b>'],
      ['/z/y', '<a>/y'],
    ];
    for (const [path, body] of cases) assert.equal((await request(app).get(path)).text, body, path);
  });
});

describe('redirects', () => {
  const listAll = (ctx: { params: { page: unknown } }): string => `page ${String(ctx.params.page)}`;
  const router = new Router()
    .get('/dir/', function dir() {
      return 'dir';
    })
    .get('/user/<name>', function user(ctx) {
      return ctx.params.name;
    })
    .route('/all/', { endpoint: 'all', defaults: { page: 1 } }, listAll)
    .route('/all/page/<int:page>', { endpoint: 'all' }, listAll)
    .route('/old/<int:id>', { redirectTo: '/new/<id>' }, function old() {
      return 'never';
    });
  const app = serve(router);

  it('308s a branch rule requested without its slash, keeping the raw query string', async () => {
    const res = await request(app).get('/dir?x=1&y=%20').set('Host', 'example.com');
    assert.equal(res.status, 308);
    assert.equal(res.headers.location, 'http://example.com/dir/?x=1&y=%20');
    assert.match(res.text, /<title>Redirecting...<\/title>/);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  });

  it("sends Werkzeug's RequestRedirect response byte for byte", async () => {
    const r = new Router().get('/d/', function d() {
      return 'd';
    });
    const res = await request(serve(r)).get('/d').set('Host', 'localhost');
    assert.equal(res.headers.location, 'http://localhost/d/');
    // Werkzeug 3.1: redirect('http://localhost/d/', 308) is 225 bytes.
    assert.equal(res.headers['content-length'], '225');
  });

  it('uses the request protocol behind a trusted proxy', async () => {
    const koa = new Koa({ proxy: true });
    koa.use(router.routes());
    const res = await request(koa.callback()).get('/dir').set('Host', 'example.com').set('X-Forwarded-Proto', 'https');
    assert.equal(res.headers.location, 'https://example.com/dir/');
    const odd = await request(koa.callback()).get('/dir').set('Host', 'example.com').set('X-Forwarded-Proto', 'ja\tvascript');
    assert.equal(odd.status, 308);
    assert.equal(odd.headers.location, 'http://example.com/dir/');
  });

  it('does not redirect a method the branch rule does not accept (404, not 405)', async () => {
    assert.equal((await request(app).post('/dir')).status, 404);
  });

  it('308s merged slashes and leaves a leading // alone', async () => {
    const res = await request(app).get('/user//bob?q=1').set('Host', 'example.com');
    assert.equal(res.status, 308);
    assert.equal(res.headers.location, 'http://example.com/user/bob?q=1');
  });

  it('308s a URL spelling out a default to the canonical rule (query kept)', async () => {
    assert.equal((await request(app).get('/all/')).text, 'page 1');
    assert.equal((await request(app).get('/all/page/2')).text, 'page 2');
    const res = await request(app).get('/all/page/1?q=1').set('Host', 'example.com');
    assert.equal(res.status, 308);
    assert.equal(res.headers.location, 'http://example.com/all/?q=1');
  });

  it('redirectTo drops the query string (Werkzeug §4.6)', async () => {
    const res = await request(app).get('/old/5?q=1').set('Host', 'example.com');
    assert.equal(res.status, 308);
    assert.equal(res.headers.location, 'http://example.com/new/5');
  });

  it('keeps the mount point (script root) when the app is mounted under a prefix', async () => {
    const koa = new Koa();
    // What koa-mount does: strip the prefix from ctx.path, keep ctx.originalUrl.
    koa.use(async function mount(ctx, next) {
      if (!ctx.path.startsWith('/app')) return;
      ctx.path = ctx.path.slice(4) || '/';
      await next();
    });
    const mounted = new Router()
      .get('/dir/', function dir() {
        return 'dir';
      })
      .get('/link', function link(ctx) {
        return ctx.urlFor('dir');
      });
    koa.use(mounted.routes());
    const res = await request(koa.callback()).get('/app/dir?a=1').set('Host', 'example.com');
    assert.equal(res.headers.location, 'http://example.com/app/dir/?a=1');
    assert.equal((await request(koa.callback()).get('/app/link')).text, '/app/dir/');
  });
});

describe('405, HEAD and OPTIONS', () => {
  const router = new Router()
    .route('/x', { methods: ['GET', 'POST'] }, function x() {
      return 'x!';
    })
    .put('/x', function putX() {
      return 'put';
    })
    .route('/quiet', { methods: ['GET'], provideAutomaticOptions: false }, function quiet() {
      return 'q';
    })
    .post('/only-post', function onlyPost() {
      return 'p';
    })
    .get('/d/', function d() {
      return 'd';
    });

  it('Koa-style: 405 with an Allow header listing every method of the path', async () => {
    const res = await request(serve(router)).delete('/x');
    assert.equal(res.status, 405);
    assert.deepEqual(new Set(res.headers.allow!.split(', ')), new Set(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']));
  });

  it("Flask-style: MethodNotAllowed rendered as Werkzeug's page, with Allow", async () => {
    const res = await request(serve(router, { throw: true, flask: true })).delete('/x');
    assert.equal(res.status, 405);
    assert.equal(res.headers['content-length'], '153');
    assert.match(res.text, /<title>405 Method Not Allowed<\/title>/);
    assert.deepEqual(new Set(res.headers.allow!.split(', ')), new Set(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']));
  });

  it('answers HEAD with the GET headers and no body', async () => {
    const res = await request(serve(router)).head('/x');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-length'], '2');
    assert.equal(res.text, undefined);
    assert.equal((await request(serve(router)).head('/only-post')).status, 405);
  });

  it('answers OPTIONS automatically: 200, empty HTML body, Allow for all rules of the path', async () => {
    const res = await request(serve(router)).options('/x');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-length'], '0');
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.deepEqual(new Set(res.headers.allow!.split(', ')), new Set(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']));
  });

  it('OPTIONS: 405 when the rule opts out, 404 for an unknown path, 308 for a branch without slash', async () => {
    const app = serve(router);
    const quiet = await request(app).options('/quiet');
    assert.equal(quiet.status, 405);
    assert.deepEqual(new Set(quiet.headers.allow!.split(', ')), new Set(['GET', 'HEAD']));
    assert.equal((await request(app).options('/nope')).status, 404);
    assert.equal((await request(app).options('/d')).status, 308);
  });

  it('an OPTIONS handler registered before the GET rule answers OPTIONS itself (as in Flask)', async () => {
    const r = new Router()
      .options('/c', function preflight(ctx) {
        ctx.set('Access-Control-Allow-Origin', '*');
        ctx.status = 204;
      })
      .get('/c', function c() {
        return 'c';
      })
      .get('/late', function late() {
        return 'late';
      })
      .options('/late', function latePreflight(ctx) {
        ctx.status = 204;
      });
    const res = await request(serve(r)).options('/c');
    assert.equal(res.status, 204);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    // Registered after the GET rule, whose automatic OPTIONS matches first (Flask: same).
    assert.equal((await request(serve(r)).options('/late')).status, 200);
  });
});

describe('no match: Koa convention and Flask experience', () => {
  const router = new Router().get('/only-get', function onlyGet() {
    return 'g';
  });

  it('Koa team: a miss falls through to downstream middleware, which may answer', async () => {
    const app = new Koa();
    app.use(router.routes()).use(router.allowedMethods());
    app.use(async function downstream(ctx) {
      ctx.body = `downstream ${ctx.method} ${ctx.path}`;
    });
    assert.equal((await request(app.callback()).get('/elsewhere')).text, 'downstream GET /elsewhere');
    // A path the router knows for other methods: downstream answered, so no 405.
    const res = await request(app.callback()).post('/only-get');
    assert.equal(res.status, 200);
    assert.equal(res.text, 'downstream POST /only-get');
  });

  it("Koa team: nothing downstream → Koa's own 404 and a bare 405", async () => {
    const app = serve(router);
    const miss = await request(app).get('/nope');
    assert.equal(miss.status, 404);
    assert.equal(miss.text, 'Not Found');
    const wrong = await request(app).post('/only-get');
    assert.equal(wrong.status, 405);
    assert.equal(wrong.text, 'Method Not Allowed');
  });

  it('two routers in one app: the second one gets what the first did not match', async () => {
    const other = new Router().post('/only-get', function otherPost() {
      return 'other router';
    });
    const app = new Koa();
    app.use(router.routes()).use(router.allowedMethods());
    app.use(other.routes()).use(other.allowedMethods());
    assert.equal((await request(app.callback()).post('/only-get')).text, 'other router');
    assert.equal((await request(app.callback()).put('/only-get')).status, 405);
  });

  it("Flask app: errorHandlers renders NotFound with the app's handler or Werkzeug's page", async () => {
    const app = new Koa();
    app.use(
      errorHandlers({
        404: (_error, ctx) => {
          return `custom 404 for ${ctx.path}`;
        },
      }),
    );
    app.use(router.routes()).use(router.allowedMethods({ throw: true }));
    const res = await request(app.callback()).get('/nope');
    assert.equal(res.status, 404);
    assert.equal(res.text, 'custom 404 for /nope');

    const plain = await request(serve(router, { throw: true, flask: true })).get('/nope');
    assert.equal(plain.status, 404);
    assert.equal(plain.headers['content-length'], '207');
    assert.match(plain.text, /<h1>Not Found<\/h1>/);
  });

  it('custom errors from allowedMethods({ throw, notFound, methodNotAllowed })', async () => {
    const app = new Koa();
    app.use(async function catcher(ctx, next) {
      try {
        await next();
      } catch (error) {
        ctx.status = 418;
        ctx.body = (error as Error).message;
      }
    });
    app.use(router.routes());
    app.use(
      router.allowedMethods({
        throw: true,
        notFound: () => new Error('nf'),
        methodNotAllowed: (allowed) => new Error(`mna ${allowed.join('|')}`),
      }),
    );
    assert.equal((await request(app.callback()).get('/nope')).text, 'nf');
    assert.equal((await request(app.callback()).delete('/only-get')).text, 'mna GET|HEAD|OPTIONS');
  });
});

describe('handler return values and middleware', () => {
  it("writes Flask return values through @kolba/http's applyReturnValue", async () => {
    const router = new Router()
      .get('/s', function s() {
        return '<b>hi</b>';
      })
      .get('/j', async function j() {
        return { b: 1, a: [1, 2] };
      })
      .get('/r', function r() {
        return new HttpResponse('made', 201, { 'X-A': '1' });
      })
      .get('/koa', function koaStyle(ctx) {
        ctx.body = 'koa style';
      });
    const app = serve(router);
    const s = await request(app).get('/s');
    assert.equal(s.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(s.text, '<b>hi</b>');
    const j = await request(app).get('/j');
    assert.equal(j.headers['content-type'], 'application/json');
    assert.deepEqual(j.body, { b: 1, a: [1, 2] });
    const r = await request(app).get('/r');
    assert.equal(r.status, 201);
    assert.equal(r.headers['x-a'], '1');
    assert.equal((await request(app).get('/koa')).text, 'koa style');
  });

  it('runs route middleware, then the view; next() from the view reaches downstream middleware', async () => {
    const seen: string[] = [];
    const router = new Router().get(
      '/m/<int:n>',
      async function guard(ctx, next) {
        seen.push(`guard ${ctx.params.n}`);
        await next();
      },
      async function view(_ctx, next) {
        seen.push('view');
        await next();
      },
    );
    const app = new Koa();
    app.use(router.routes());
    app.use(function after(ctx) {
      seen.push('after');
      ctx.body = 'after';
    });
    assert.equal((await request(app.callback()).get('/m/3')).text, 'after');
    assert.deepEqual(seen, ['guard 3', 'view', 'after']);
  });

  it('a thrown error keeps its status (no 500 for HTTP errors)', async () => {
    const router = new Router().get('/forbidden', function forbidden(ctx) {
      ctx.throw(403);
    });
    assert.equal((await request(serve(router)).get('/forbidden')).status, 403);
  });
});

describe('ctx.urlFor inside a request', () => {
  const search = (ctx: { urlFor: (e: string) => string }): string => ctx.urlFor('search');
  const router = new Router()
    .get('/post/<int:id>', { endpoint: 'post' }, function post() {
      return 'post';
    })
    .route('/search', { endpoint: 'search', methods: ['GET'] }, search)
    .route('/search/go', { endpoint: 'search', methods: ['POST'] }, search)
    .get('/links', function links(ctx) {
      return {
        relative: ctx.urlFor('post', { id: 3 }),
        query: ctx.urlFor('post', { id: 3, q: 'a b', list: [1, 2] }),
        anchor: ctx.urlFor('post', { id: 3 }, { anchor: 'sec 1/ü#x' }),
        external: ctx.urlFor('post', { id: 3 }, { external: true }),
        scheme: ctx.urlFor('post', { id: 3 }, { scheme: 'https' }),
        host: ctx.urlFor('post', { id: 3 }, { external: true, host: 'cdn.example.org' }),
      };
    });
  const app = serve(router);

  it('builds relative, query, anchor and external URLs from the request', async () => {
    const res = await request(app).get('/links').set('Host', 'example.com:8080');
    assert.deepEqual(res.body, {
      relative: '/post/3',
      query: '/post/3?q=a+b&list=1&list=2',
      anchor: '/post/3#sec%201/%C3%BC#x',
      external: 'http://example.com:8080/post/3',
      scheme: 'https://example.com:8080/post/3',
      host: 'http://cdn.example.org/post/3',
    });
  });

  it("prefers the rule for the request's method (Werkzeug's default method)", async () => {
    assert.equal((await request(app).get('/search')).text, '/search');
    assert.equal((await request(app).post('/search/go')).text, '/search/go');
  });

  it('is available to error handlers of unmatched requests', async () => {
    const koa = new Koa();
    koa.use(
      errorHandlers({
        404: (_error, ctx) => `go to ${String(ctx.urlFor('post', { id: 1 }))}`,
      }),
    );
    koa.use(router.routes()).use(router.allowedMethods({ throw: true }));
    assert.equal((await request(koa.callback()).get('/missing')).text, 'go to /post/1');
  });

  it("refuses a scheme on a relative URL with Flask's message (→ 500, not a crash)", async () => {
    const r = new Router().get('/bad', function bad(ctx) {
      return ctx.urlFor('bad', {}, { scheme: 'https', external: false });
    });
    const koa = new Koa();
    koa.silent = true;
    koa.use(r.routes());
    assert.equal((await request(koa.callback()).get('/bad')).status, 500);
    assert.throws(() => r.urlFor('bad', {}, { scheme: 'https', external: false }), {
      message: "When specifying '_scheme', '_external' must be True.",
    });
  });
});

describe('relative endpoints in ctx.urlFor', () => {
  it('".name" resolves against the matched endpoint’s prefix, else the top level (Flask)', async () => {
    const router = new Router()
      .get('/', { endpoint: 'index' }, (ctx) => ctx.urlFor('.index'))
      .get('/admin/', { endpoint: 'admin.index' }, () => 'admin')
      .get('/admin/users', { endpoint: 'admin.users' }, (ctx) => ctx.urlFor('.index', { page: 2 }))
      .get('/a/b/c', { endpoint: 'a.b.c' }, (ctx) => ctx.urlFor('.d'))
      .get('/a/b/d', { endpoint: 'a.b.d' }, () => 'd');
    const app = new Koa();
    app.use(router.routes());
    const server = app.callback();
    await request(server).get('/').expect(200, '/');
    await request(server).get('/admin/users').expect(200, '/admin/?page=2');
    await request(server).get('/a/b/c').expect(200, '/a/b/d');
  });
});

describe('url_defaults', () => {
  it('fills values for every URL built, on a copy, in registration order (Flask url_defaults)', async () => {
    const router = new Router()
      .get('/<lang>/', { endpoint: 'index' }, (ctx) => ctx.urlFor('about'))
      .get('/<lang>/about', { endpoint: 'about' }, () => 'about')
      .get('/plain', { endpoint: 'plain' }, () => 'plain');
    const seen: string[] = [];
    router.urlDefaults((endpoint, values) => {
      seen.push(endpoint);
      if (endpoint !== 'plain' && values.lang === undefined) values.lang = 'en';
    });
    router.urlDefaults((_endpoint, values) => {
      if (values.lang === 'en') values.lang = 'en-GB';
    });
    const values = { page: 2 };
    assert.equal(router.urlFor('about', values), '/en-GB/about?page=2');
    assert.deepEqual(values, { page: 2 }, 'the caller’s values are not changed');
    assert.equal(router.urlFor('about', { lang: 'fr' }), '/fr/about');
    assert.equal(router.urlFor('plain'), '/plain');
    const app = new Koa();
    app.use(router.routes());
    await request(app.callback()).get('/de/').expect(200, '/en-GB/about');
    assert.deepEqual(seen, ['about', 'about', 'plain', 'about']);
    assert.throws(() => router.urlDefaults('x' as never), TypeError);
  });
});
