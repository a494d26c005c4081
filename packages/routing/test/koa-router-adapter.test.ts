// flaskRules / addRule on a real @koa/router 15 instance.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Koa from 'koa';
import KoaRouter from '@koa/router';
import request from 'supertest';
import { errorHandlers } from '@kolba/http';
import { Router, ValidationError, addRule, defineConverter, flaskRules } from '../src/index.js';

function serve(koaRouter: KoaRouter, flask = false): ReturnType<Koa['callback']> {
  const app = new Koa();
  if (flask) app.use(errorHandlers());
  app.use(koaRouter.routes()).use(koaRouter.allowedMethods());
  return app.callback();
}

describe('flaskRules on @koa/router', () => {
  it('converts params with Werkzeug converters and types', async () => {
    const koaRouter = new KoaRouter();
    flaskRules(koaRouter)
      .get('/post/<int:id>', function post(ctx) {
        return { id: ctx.params.id, type: typeof ctx.params.id };
      })
      .get('/doc/<uuid:id>', function doc(ctx) {
        return { id: ctx.params.id };
      })
      .get('/files/<path:rest>', function files(ctx) {
        return { rest: ctx.params.rest };
      })
      .get('/v<int:major>.<int:minor>', function version(ctx) {
        return { major: ctx.params.major, minor: ctx.params.minor };
      });
    const app = serve(koaRouter);
    assert.deepEqual((await request(app).get('/post/042')).body, { id: 42, type: 'number' });
    assert.deepEqual((await request(app).get('/doc/12345678-1234-1234-1234-123456789ABC')).body, {
      id: '12345678-1234-1234-1234-123456789abc',
    });
    assert.deepEqual((await request(app).get('/files/a/b/c.txt')).body, { rest: 'a/b/c.txt' });
    assert.deepEqual((await request(app).get('/v2.10')).body, { major: 2, minor: 10 });
  });

  it("keeps @koa/router's precedence: a value of the wrong shape falls through to the next route", async () => {
    const koaRouter = new KoaRouter();
    flaskRules(koaRouter).get('/post/<int:id>', function byId(ctx) {
      return `id ${ctx.params.id}`;
    });
    koaRouter.get('/post/:slug', (ctx) => {
      ctx.body = `slug ${ctx.params.slug}`;
    });
    const app = serve(koaRouter);
    assert.equal((await request(app).get('/post/12')).text, 'id 12');
    assert.equal((await request(app).get('/post/hello')).text, 'slug hello');
  });

  it('registration order decides, not Werkzeug weights (documented difference)', async () => {
    const koaRouter = new KoaRouter();
    const rules = flaskRules(koaRouter);
    rules.get('/<name>', function byName(ctx) {
      return `name ${ctx.params.name}`;
    });
    rules.get('/about', function about() {
      return 'about';
    });
    assert.equal((await request(serve(koaRouter)).get('/about')).text, 'name about');
  });

  it('a ValidationError is a 404 without trying later routes (Werkzeug §3.4)', async () => {
    const koaRouter = new KoaRouter();
    flaskRules(koaRouter).get('/p/<int(max=5):n>', function small(ctx) {
      return `small ${ctx.params.n}`;
    });
    koaRouter.get('/p/:n', (ctx) => {
      ctx.body = 'never reached for 7';
    });
    const app = serve(koaRouter);
    assert.equal((await request(app).get('/p/3')).text, 'small 3');
    assert.equal((await request(app).get('/p/7')).status, 404);
    const flask = await request(serve(koaRouter, true)).get('/p/7');
    assert.equal(flask.status, 404);
    assert.match(flask.text, /<title>404 Not Found<\/title>/);
  });

  it("leaves 405/OPTIONS to @koa/router's allowedMethods()", async () => {
    const koaRouter = new KoaRouter();
    flaskRules(koaRouter).get('/x/<int:id>', function x() {
      return 'x';
    });
    const res = await request(serve(koaRouter)).post('/x/1');
    assert.equal(res.status, 405);
    assert.match(res.headers.allow!, /GET/);
  });

  it('builds URLs with the router prefix, converters and the request host', async () => {
    const koaRouter = new KoaRouter({ prefix: '/api' });
    const rules = flaskRules(koaRouter)
      .get('/post/<int:id>', { endpoint: 'post' }, function post(ctx) {
        return { self: ctx.urlFor('post', { id: ctx.params.id }), abs: ctx.urlFor('post', { id: 1 }, { external: true }) };
      })
      .get('/<any(about, help):page>', { endpoint: 'page' }, () => 'page');
    assert.equal(rules.urlFor('post', { id: 3, q: 'x' }), '/api/post/3?q=x');
    assert.throws(() => rules.urlFor('page', { page: 'nope' as 'about' }), /'nope' is not one of 'about', 'help'/);
    const res = await request(serve(koaRouter)).get('/api/post/9').set('Host', 'example.com');
    assert.deepEqual(res.body, { self: '/api/post/9', abs: 'http://example.com/api/post/1' });
  });

  it('keeps params of a @koa/router prefix next to the converted ones', async () => {
    const koaRouter = new KoaRouter({ prefix: '/org/:org' });
    flaskRules(koaRouter).get('/repo/<int:id>', function repo(ctx) {
      // @koa/router's own prefix params are not in the rule's types.
      return { org: (ctx.params as Record<string, unknown>).org, id: ctx.params.id };
    });
    assert.deepEqual((await request(serve(koaRouter)).get('/org/acme/repo/5')).body, { org: 'acme', id: 5 });
  });

  it('fills @koa/router prefix params when building (was /org/:org/repo/5?org=acme)', async () => {
    const koaRouter = new KoaRouter({ prefix: '/org/:org' });
    const rules = flaskRules(koaRouter).get('/repo/<int:id>', { endpoint: 'repo' }, function repo(ctx) {
      return ctx.urlFor('repo', { org: 'other', id: ctx.params.id + 1 });
    });
    assert.equal(rules.urlFor('repo', { org: 'a b', id: 5 }), '/org/a%20b/repo/5');
    assert.throws(() => rules.urlFor('repo', { id: 5 }), /Could not build url for endpoint 'repo' with values \['id'\]\. Did you forget to specify values \['org'\]\?/);
    assert.equal((await request(serve(koaRouter)).get('/org/acme/repo/5')).text, '/org/other/repo/6');
  });

  it('applies defaults, sets ctx.routing and writes return values', async () => {
    const koaRouter = new KoaRouter();
    flaskRules(koaRouter).get('/list/<int:page>', { endpoint: 'list', defaults: { size: 20 } }, (ctx) => ({
      page: ctx.params.page,
      size: ctx.params.size,
      endpoint: ctx.routing.endpoint,
      rule: ctx.routing.rule.rule,
    }));
    const res = await request(serve(koaRouter)).get('/list/2');
    assert.equal(res.headers['content-type'], 'application/json');
    assert.deepEqual(res.body, { page: 2, size: 20, endpoint: 'list', rule: '/list/<int:page>' });
  });

  it('custom converters, path-to-regexp syntax and non-ASCII in static text', async () => {
    const Even = defineConverter<number>({
      regex: '\\d+',
      toPython: (value) => {
        if (Number(value) % 2) throw new ValidationError();
        return Number(value);
      },
    });
    const koaRouter = new KoaRouter();
    flaskRules(koaRouter, { converters: { even: Even } })
      .get('/even/<even:n>', function even(ctx) {
        return `even ${ctx.params.n}`;
      })
      .get('/a:b/(x)/<s>', function colon(ctx) {
        return `colon ${ctx.params.s}`;
      })
      .get('/café au lait/<int:n>', function cafe(ctx) {
        return `café ${ctx.params.n}`;
      });
    const app = serve(koaRouter);
    assert.equal((await request(app).get('/even/4')).text, 'even 4');
    assert.equal((await request(app).get('/even/5')).status, 404);
    assert.equal((await request(app).get('/a:b/(x)/q')).text, 'colon q');
    // Static text is matched in its percent-encoded form (which @koa/router alone never matches).
    assert.equal((await request(app).get('/caf%C3%A9%20au%20lait/2')).text, 'café 2');
  });

  it("decides segment spanning with the core's isPartIsolating, not by probing the regex", async () => {
    // Audit: the adapter tested each regex against 'a/b'. `\d{4}/\d{2}` never matches 'a/b', so
    // it became a one-segment `:month` and `/month/2024/05` was a 404 (Werkzeug: a match).
    const Month = defineConverter({ regex: '\\d{4}/\\d{2}' });
    // Explicit partIsolating wins over a regex that could match `/` (the Router agrees).
    const Word = defineConverter({ regex: '.+', partIsolating: true });
    const koaRouter = new KoaRouter();
    flaskRules(koaRouter, { converters: { month: Month, word: Word } })
      .get('/month/<month:m>', function month(ctx) {
        return `month ${ctx.params.m}`;
      })
      .get('/word/<word:w>', function word(ctx) {
        return `word ${ctx.params.w}`;
      });
    const app = serve(koaRouter);
    assert.equal((await request(app).get('/month/2024/05')).text, 'month 2024/05');
    assert.equal((await request(app).get('/month/2024-05')).status, 404);
    assert.equal((await request(app).get('/word/ab')).text, 'word ab');
    assert.equal((await request(app).get('/word/a/b')).status, 404);
    const router = new Router({ converters: { month: Month, word: Word } })
      .get('/month/<month:m>', function month(ctx) {
        return `month ${ctx.params.m}`;
      })
      .get('/word/<word:w>', function word(ctx) {
        return `word ${ctx.params.w}`;
      });
    const kolba = new Koa().use(router.routes()).callback();
    assert.equal((await request(kolba).get('/month/2024/05')).text, 'month 2024/05');
    assert.equal((await request(kolba).get('/word/a/b')).status, 404);
  });

  it('accepts a custom regex that is only valid without the u flag, as the Router does', async () => {
    // `\-` is an identity escape JavaScript allows only outside `u` mode; the core falls back to
    // non-`u` compilation, and the adapter used to throw a SyntaxError at registration.
    const Signed = defineConverter<number>({ regex: '\\-?\\d+', toPython: Number });
    const koaRouter = new KoaRouter();
    flaskRules(koaRouter, { converters: { signed: Signed } }).get('/n/<signed:n>', function n(ctx) {
      return `n ${typeof ctx.params.n} ${String(ctx.params.n)}`;
    });
    const app = serve(koaRouter);
    assert.equal((await request(app).get('/n/-5')).text, 'n number -5');
    assert.equal((await request(app).get('/n/x5')).status, 404);
  });

  it('a toPython that throws something other than ValidationError is a 500, not a crash', async () => {
    const Boom = defineConverter({
      toPython: () => {
        throw new Error('database down');
      },
    });
    const koaRouter = new KoaRouter();
    flaskRules(koaRouter, { converters: { boom: Boom } }).get('/b/<boom:v>', function b() {
      return 'never';
    });
    const app = new Koa();
    app.silent = true;
    app.use(errorHandlers()).use(koaRouter.routes());
    const res = await request(app.callback()).get('/b/1');
    assert.equal(res.status, 500);
    assert.doesNotMatch(res.text, /database down/);
  });

  it('is one registry per router, with Flask endpoint rules', () => {
    const koaRouter = new KoaRouter();
    assert.equal(flaskRules(koaRouter), flaskRules(koaRouter));
    flaskRules(koaRouter).get('/a', function index() {
      return 'a';
    });
    assert.throws(
      () =>
        flaskRules(koaRouter).get('/b', function index() {
          return 'b';
        }),
      { message: 'View function mapping is overwriting an existing endpoint function: index' },
    );
    assert.throws(() => flaskRules(koaRouter).get('/<int:>', () => 'x'), /malformed url rule/);
  });

  it('addRule registers one rule with a method (or several)', async () => {
    const koaRouter = new KoaRouter();
    addRule(koaRouter, 'GET', '/item/<int:id>', (ctx) => `get ${ctx.params.id}`);
    addRule(koaRouter, ['POST', 'PUT'], '/item/<int:id>', { endpoint: 'save' }, (ctx) => `save ${ctx.params.id}`);
    const app = serve(koaRouter);
    assert.equal((await request(app).get('/item/1')).text, 'get 1');
    assert.equal((await request(app).put('/item/2')).text, 'save 2');
    assert.equal(flaskRules(koaRouter).urlFor('save', { id: 3 }), '/item/3');
  });

  it('never answers 5xx for malformed paths', async () => {
    const koaRouter = new KoaRouter();
    flaskRules(koaRouter)
      .get('/user/<name>', function user(ctx) {
        return { name: ctx.params.name };
      })
      .get('/post/<int:id>', function post(ctx) {
        return { id: ctx.params.id };
      })
      .get('/files/<path:p>', function files(ctx) {
        return { p: ctx.params.p };
      });
    const app = serve(koaRouter);
    assert.deepEqual((await request(app).get('/user/%zz')).body, { name: '%zz' });
    assert.deepEqual((await request(app).get('/user/a%00b')).body, { name: 'a\u0000b' });
    for (const piece of ['%', '%zz', '%ff', '%C0%AF', '%00', '..', '%2F', '%2e%2e', '%E2%82']) {
      for (const prefix of ['/user/', '/post/', '/files/a/']) {
        const res = await request(app).get(`${prefix}${piece}x`);
        assert.ok(res.status < 500, `${prefix}${piece}x → ${res.status}`);
      }
    }
  });
});
