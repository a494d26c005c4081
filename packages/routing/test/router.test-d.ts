// Type tests for Router / flaskRules: compiled by `npx tsc -p tsconfig.typetest.json`, never run.
import KoaRouter from '@koa/router';
import { Router, addRule, flaskRules, type RouteContext } from '../src/index.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

declare module '../src/index.js' {
  interface ConverterTypes {
    slug: string;
    day: Date;
  }
}

// ctx.params follows the rule literal, with and without options
new Router()
  .get('/post/<int:id>', (ctx) => {
    type _ = Expect<Equal<typeof ctx.params, { id: number }>>;
    return ctx.params.id + 1;
  })
  .get('/u/<username>/<path:rest>', { endpoint: 'files' }, (ctx) => {
    type _ = Expect<Equal<typeof ctx.params, { username: string; rest: string }>>;
    // @ts-expect-error — no such param
    return ctx.params.missing;
  })
  .route('/<any(about, help):page>/<float:v>', { methods: ['GET', 'POST'] }, (ctx) => {
    type _ = Expect<Equal<typeof ctx.params, { page: 'about' | 'help'; v: number }>>;
  })
  .get('/all/', { defaults: { page: 1 } }, (ctx) => {
    type _ = Expect<Equal<typeof ctx.params, { page: number }>>;
  })
  .get('/d/<day:d>/<slug:s>', (ctx) => {
    type _ = Expect<Equal<typeof ctx.params, { d: Date; s: string }>>;
    return ctx.params.d.getFullYear();
  })
  // several middleware share the inferred context
  .get(
    '/m/<int:n>',
    async (ctx, next) => {
      const n: number = ctx.params.n;
      void n;
      await next();
    },
    (ctx) => ctx.params.n.toFixed(0),
  );

// non-literal rules fall back to Record<string, unknown>
declare const dynamicRule: string;
new Router().get(dynamicRule, (ctx) => {
  type _ = Expect<Equal<typeof ctx.params, Record<string, unknown>>>;
});

// the router prefix joins the params
new Router({ prefix: '/<lang>' }).get('/post/<int:id>', (ctx) => {
  type _ = Expect<Equal<typeof ctx.params, { lang: string; id: number }>>;
});

// routing info and urlFor on ctx
new Router().get('/r', (ctx) => {
  const endpoint: string = ctx.routing.endpoint;
  const rule: string = ctx.routing.rule.rule;
  const url: string = ctx.urlFor('anything', { x: 1 }, { external: true });
  return [endpoint, rule, url];
});

// urlFor checks endpoints the router knows at compile time
const users = new Router({ prefix: '/users' }).get('/<int:id>', { endpoint: 'user' }, () => 'u');
const app = new Router()
  .get('/post/<int:id>', { endpoint: 'post' }, () => 'p')
  .route('/all/', { endpoint: 'all', defaults: { page: 1 } }, () => 'a')
  .route('/all/page/<int:page>', { endpoint: 'all' }, () => 'a')
  .get('/', { endpoint: 'index' }, () => 'i')
  .use('/<lang>', users);

app.urlFor('post', { id: 3 });
app.urlFor('post', { id: 3, q: 'extra keys are the query string' }, { anchor: 'top' });
app.urlFor('index');
app.urlFor('all');
app.urlFor('all', { page: 2 });
app.urlFor('user', { lang: 'en', id: 1 });
app.urlFor('registered.by.function.name', { anything: true });
// @ts-expect-error — id must be a number
app.urlFor('post', { id: '3' });
// @ts-expect-error — id is required
app.urlFor('post', {});
// @ts-expect-error — values are required for 'post'
app.urlFor('post');
// @ts-expect-error — the mount prefix adds a required lang
app.urlFor('user', { id: 1 });
// @ts-expect-error — urlFor options are checked too
app.urlFor('index', {}, { anchr: 'x' });

// handler types can be named
const show = (ctx: RouteContext<{ id: number }>): string => `post ${ctx.params.id}`;
new Router().get('/show/<int:id>', show);
// @ts-expect-error — a handler expecting a string id does not fit an int rule
new Router().get('/show/<int:id>', (ctx: RouteContext<{ id: string }>) => ctx.params.id);

// the @koa/router adapter infers the same way
const koaRouter = new KoaRouter();
const rules = flaskRules(koaRouter).get('/item/<int:id>', { endpoint: 'item' }, (ctx) => {
  type _ = Expect<Equal<typeof ctx.params, { id: number }>>;
});
rules.urlFor('item', { id: 1 });
// @ts-expect-error — id must be a number
rules.urlFor('item', { id: 'x' });
addRule(koaRouter, 'GET', '/thing/<uuid:id>', (ctx) => {
  type _ = Expect<Equal<typeof ctx.params, { id: string }>>;
});

// Other kolba packages take the router structurally (@kolba/static's StaticRouter, @kolba/templates'
// UrlBuilder): a router with typed routes must still fit those shapes.
interface StaticRouterShape {
  get(rule: string, options: { endpoint: string }, handler: (ctx: import('koa').Context) => Promise<void>): unknown;
}
type UrlBuilderShape = (
  endpoint: string,
  values?: Record<string, unknown>,
  options?: { method?: string; anchor?: string; external?: boolean; scheme?: string },
) => string;
const forStatic: StaticRouterShape = app;
const plainForStatic: StaticRouterShape = new Router();
const builder: UrlBuilderShape = (endpoint, values, options) => app.urlFor(endpoint, values, options);
new Router().get('/t', (ctx) => {
  const fromCtx: UrlBuilderShape = ctx.urlFor;
  return fromCtx('x');
});
void [forStatic, plainForStatic, builder];

// A typed router is still a Router: functions taking `Router` (a facade, a plugin) accept it.
declare function takesRouter(router: Router): void;
declare function takesAnyRouter(router: Router<unknown, string>): void;
takesRouter(app);
takesAnyRouter(app);
takesAnyRouter(new Router({ prefix: '/p' }));
