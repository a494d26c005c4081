/**
 * `Router`: Werkzeug rules on Koa with the @koa/router surface (`get`…`all`, `routes()`,
 * `allowedMethods()`, `use()`), typed params and Flask's `url_for`.
 *
 * @module
 */
import type * as Koa from 'koa';
import type { RuleMap } from './core/index.js';
import { ROUTER, createAllowedMethods, createRoutes, type RoutesMiddleware } from './dispatch.js';
import type { JoinRule, KnownEndpoint, PrefixRoutes, RouteParams, UrlForArgs } from './rule-types.js';
import { routeArgs, shortcutArgs } from './route-args.js';
import { RouterNode, joinRule } from './tree.js';
import type { UrlDefaultsFunction } from './route-table.js';
import type {
  AllowedMethodsOptions,
  DefaultsOf,
  EntryOf,
  Handlers,
  RouteOptions,
  RouterOptions,
  ShortcutOptions,
  UrlForOptions,
} from './types.js';

/**
 * A method shortcut (`router.get`, `router.post`, …): `(rule, [options,] ...middleware)`.
 *
 * @example
 * ```ts
 * router.get('/post/<int:id>', { endpoint: 'post' }, (ctx) => `post ${ctx.params.id + 1}`);
 * ```
 */
export interface MethodShortcut<Routes, Prefix extends string> {
  <const R extends string, const O extends ShortcutOptions>(
    rule: R,
    options: O,
    ...middleware: Handlers<RouteParams<JoinRule<Prefix, R>, DefaultsOf<O>>>
  ): Router<Routes | EntryOf<O, JoinRule<Prefix, R>>, Prefix>;
  <const R extends string>(rule: R, ...middleware: Handlers<RouteParams<JoinRule<Prefix, R>>>): Router<Routes, Prefix>;
}

/**
 * Werkzeug URL rules for Koa. Rules use Werkzeug syntax (`/post/<int:id>`), match by Werkzeug's
 * precedence (static before dynamic, int before string before path — not registration order),
 * give handlers converted, typed `ctx.params`, and build URLs with {@link Router.urlFor}.
 *
 * @typeParam Routes - endpoints registered with an explicit `endpoint` (checked by `urlFor`)
 * @typeParam Prefix - the `prefix` option, joined into every rule's param types
 * @example
 * ```ts
 * const router = new Router()
 *   .get('/', function index() { return 'home'; })
 *   .get('/post/<int:id>', { endpoint: 'post' }, (ctx) => ({ id: ctx.params.id })); // id: number
 * router.urlFor('post', { id: 3 }); // '/post/3'
 * app.use(router.routes()).use(router.allowedMethods());
 * ```
 */
export class Router<Routes = never, Prefix extends string = ''> {
  readonly #node: RouterNode;

  constructor(options: RouterOptions<Prefix> = {}) {
    this.#node = new RouterNode(options);
  }

  /** Register a GET rule (HEAD and OPTIONS are answered too). @example `router.get('/', function index() { return 'hi'; })` */
  readonly get: MethodShortcut<Routes, Prefix> = this.#shortcut(['GET']);
  /** Register a POST rule. @example `router.post('/login', function login(ctx) { … })` */
  readonly post: MethodShortcut<Routes, Prefix> = this.#shortcut(['POST']);
  /** Register a PUT rule. @example `router.put('/item/<int:id>', function replace(ctx) { … })` */
  readonly put: MethodShortcut<Routes, Prefix> = this.#shortcut(['PUT']);
  /** Register a PATCH rule. @example `router.patch('/item/<int:id>', function update(ctx) { … })` */
  readonly patch: MethodShortcut<Routes, Prefix> = this.#shortcut(['PATCH']);
  /** Register a DELETE rule. @example `router.delete('/item/<int:id>', function remove(ctx) { … })` */
  readonly delete: MethodShortcut<Routes, Prefix> = this.#shortcut(['DELETE']);
  /** Register a HEAD-only rule. @example `router.head('/ping', function ping() { return ''; })` */
  readonly head: MethodShortcut<Routes, Prefix> = this.#shortcut(['HEAD']);
  /** Register an OPTIONS rule (the handler answers OPTIONS itself). @example `router.options('/x', cors)` */
  readonly options: MethodShortcut<Routes, Prefix> = this.#shortcut(['OPTIONS']);
  /** Register a rule for every method (Werkzeug `methods=None`). @example `router.all('/hook', function hook() { return 'ok'; })` */
  readonly all: MethodShortcut<Routes, Prefix> = this.#shortcut(undefined);

  /**
   * Register a rule with explicit options — Flask's `app.route(rule, methods=…, endpoint=…,
   * defaults=…, strict_slashes=…, redirect_to=…, provide_automatic_options=…)`.
   *
   * @throws TypeError if `methods` is a string (Flask refuses it too), Error for a malformed
   *   rule, or Flask's "View function mapping is overwriting an existing endpoint function".
   * @example
   * ```ts
   * router.route('/login', { methods: ['GET', 'POST'] }, function login(ctx) { … });
   * router.route('/all/', { endpoint: 'all', defaults: { page: 1 } }, listAll);
   * ```
   */
  route<const R extends string, const O extends RouteOptions>(
    rule: R,
    options: O,
    ...middleware: Handlers<RouteParams<JoinRule<Prefix, R>, DefaultsOf<O>>>
  ): Router<Routes | EntryOf<O, JoinRule<Prefix, R>>, Prefix> {
    this.#register(rule, options.methods ?? ['GET'], options, middleware as unknown[]);
    return this as never;
  }

  /**
   * Mount child routers (optionally under a prefix, joined like a blueprint's `url_prefix`) or add
   * router-level middleware that runs before every route of this router and its children.
   * Endpoints stay global: `urlFor` on any router of the tree builds any endpoint of the tree.
   * Passing `child.routes()` mounts `child`, for code written for @koa/router.
   *
   * @example
   * ```ts
   * const api = new Router().get('/users/<int:id>', { endpoint: 'user' }, showUser);
   * const app = new Router().use('/api', api);
   * app.urlFor('user', { id: 1 }); // '/api/users/1'
   * admin.use(requireLogin);        // runs before every admin route
   * ```
   */
  use<const P extends string, CR, CP extends string>(prefix: P, child: Router<CR, CP>): Router<Routes | PrefixRoutes<JoinRule<Prefix, P>, CR>, Prefix>;
  use<CR, CP extends string>(child: Router<CR, CP>): Router<Routes | PrefixRoutes<Prefix, CR>, Prefix>;
  use(...middleware: [string, ...Koa.Middleware[]] | Koa.Middleware[]): this;
  use(...args: unknown[]): unknown {
    const prefix = typeof args[0] === 'string' ? (args.shift() as string) : '';
    if (args.length === 0) throw new TypeError('router.use() needs a router or middleware.');
    for (const item of args) {
      const child = item instanceof Router ? item.#node : (item as Partial<RoutesMiddleware> | null)?.[ROUTER];
      if (child !== undefined) {
        this.#node.mount(joinRule(this.#node.prefix, prefix), child);
      } else if (typeof item === 'function') {
        if (prefix !== '') throw new TypeError('router.use(prefix, middleware): mount a child Router to scope middleware to a prefix.');
        this.#node.use(item as Koa.Middleware);
      } else {
        throw new TypeError(`router.use() takes routers and middleware functions, not ${item === null ? 'null' : typeof item}.`);
      }
    }
    return this;
  }

  /**
   * The Koa middleware that matches requests and runs routes. Compiles the URL map now, so a
   * conflict surfaces at start-up rather than on the first request.
   *
   * @example
   * ```ts
   * app.use(router.routes()).use(router.allowedMethods());
   * ```
   */
  routes(): Koa.Middleware {
    this.#node.table();
    return createRoutes(this.#node);
  }

  /**
   * Alias of {@link Router.routes}, as in @koa/router.
   *
   * @example
   * ```ts
   * app.use(router.middleware());
   * ```
   */
  middleware(): Koa.Middleware {
    return this.routes();
  }

  /**
   * The Koa middleware that answers what `routes()` could not match, once nothing downstream
   * did: 405 with `Allow` (or, with `{ throw: true }`, `MethodNotAllowed` / `NotFound` thrown for
   * `errorHandlers()` to render). Place it right after `routes()`.
   *
   * @example
   * ```ts
   * app.use(router.routes()).use(router.allowedMethods({ throw: true }));
   * ```
   */
  allowedMethods(options: AllowedMethodsOptions = {}): Koa.Middleware {
    return createAllowedMethods(this.#node, options);
  }

  /**
   * Flask's `url_for` without a request: builds from the URL map of the whole router tree this
   * router belongs to. Relative unless `external` (which then needs `host`). Inside a request
   * use `ctx.urlFor`, which also knows the request's host, scheme, method and mount point.
   *
   * @throws BuildError (from the core) naming the endpoint and the missing or rejected values.
   * @example
   * ```ts
   * router.urlFor('post', { id: 3, q: 'a b' }, { anchor: 'c' }); // '/post/3?q=a+b#c'
   * router.urlFor('post', { id: 3 }, { external: true, host: 'example.com', scheme: 'https' });
   * ```
   */
  urlFor<E extends KnownEndpoint<Routes> | (string & {})>(endpoint: E, ...args: UrlForArgs<Routes, NoInfer<E>, UrlForOptions>): string {
    const [values, options] = args as [Record<string, unknown>?, UrlForOptions?];
    return this.#node.root().table().build(endpoint, values, options);
  }

  /**
   * Registers a `url_defaults` function for every URL built from this router tree (`urlFor`,
   * `ctx.urlFor`, templates' `url_for`): it receives the endpoint and a copy of the values and
   * may add to them (Flask's `@app.url_defaults`, e.g. keeping a language code in every URL).
   *
   * @example
   * ```ts
   * router.urlDefaults((endpoint, values) => {
   *   if ('lang' in values || !router.map.rules.some((r) => r.endpoint === endpoint && r.arguments.has('lang'))) return;
   *   values.lang = currentLanguage();
   * });
   * ```
   */
  urlDefaults(fn: UrlDefaultsFunction): this {
    if (typeof fn !== 'function') throw new TypeError('router.urlDefaults(fn): fn must be a function.');
    this.#node.root().urlDefaults.push(fn);
    return this;
  }

  /**
   * The compiled core URL map of this router and its children (for inspection, e.g. listing
   * routes; `map.rules`).
   *
   * @example
   * ```ts
   * for (const rule of router.map.rules) console.log(rule.endpoint, rule.rule);
   * ```
   */
  get map(): RuleMap {
    return this.#node.table().map;
  }

  #shortcut(methods: string[] | undefined): MethodShortcut<Routes, Prefix> {
    const router = this;
    return function (rule: string, ...rest: unknown[]) {
      const { options, middleware } = shortcutArgs(rest);
      router.#register(rule, methods, options, middleware);
      return router;
    } as MethodShortcut<Routes, Prefix>;
  }

  #register(rule: string, methods: unknown, options: RouteOptions, middleware: unknown[]): void {
    if (typeof rule !== 'string') throw new TypeError(`A rule must be a string, not ${typeof rule}.`);
    const fullRule = joinRule(this.#node.prefix, rule);
    const args = routeArgs(fullRule, methods, options, middleware);
    this.#node.addRoute({ rule: fullRule, endpoint: args.endpoint, methods: args.methods, options: args.options, middleware: args.middleware }, args.view);
  }
}
