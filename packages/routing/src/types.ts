/**
 * Public types of the Koa adapter: what a handler's `ctx` carries, route and router options.
 *
 * @module
 */
import type * as Koa from 'koa';
import type { Rule, RuleMap } from './core/index.js';
import type { KnownEndpoint, RouteEntry, UrlForArgs } from './rule-types.js';

/** Options of the core `RuleMap` constructor (converters, map-wide slash handling). */
type MapOptions = NonNullable<ConstructorParameters<typeof RuleMap>[0]>;
/** Options of the core `RuleMap.add`. */
type AddOptions = NonNullable<Parameters<RuleMap['add']>[1]>;

/**
 * What `ctx.routing` holds after a match — Flask's `request.endpoint`, `request.url_rule` and
 * `request.view_args`.
 *
 * @example
 * ```ts
 * router.get('/post/<int:id>', function show(ctx) {
 *   ctx.routing.endpoint;      // 'show'
 *   ctx.routing.rule.rule;     // '/post/<int:id>'
 *   ctx.routing.viewArgs;      // { id: 3 }
 * });
 * ```
 */
export interface RoutingInfo {
  /** The matched endpoint (Flask `request.endpoint`). */
  endpoint: string;
  /** The matched rule (Flask `request.url_rule`). */
  rule: Rule;
  /** The converted values, defaults included (Flask `request.view_args`). */
  viewArgs: Record<string, unknown>;
}

/**
 * Options of `urlFor` — Flask's `_anchor`, `_method`, `_external`, `_scheme` without the
 * underscores (JavaScript has no keyword arguments, so they live in a separate object).
 *
 * @example
 * ```ts
 * ctx.urlFor('post', { id: 3 }, { external: true, anchor: 'comments' });
 * // 'http://example.com/post/3#comments'
 * ```
 */
export interface UrlForOptions {
  /** Appended as `#anchor` (quoted like Flask's `_anchor`). */
  anchor?: string;
  /** Pick the rule of the endpoint that accepts this method (Flask `_method`). */
  method?: string;
  /** Absolute URL (Flask `_external`); inside a request it uses the request's protocol and host. */
  external?: boolean;
  /** URL scheme; implies `external` (Flask `_scheme`). */
  scheme?: string;
  /** Host for external URLs; defaults to the request's `Host` (Flask `SERVER_NAME` outside a request). */
  host?: string;
}

/**
 * The `urlFor` function — Flask's `url_for`. Endpoints the router's type knows are checked
 * (values and their converter types); any other string is accepted and checked at run time.
 *
 * @example
 * ```ts
 * const url: string = ctx.urlFor('post', { id: 3, q: 'x' }); // '/post/3?q=x'
 * ```
 */
export interface UrlFor<Routes = never> {
  <E extends KnownEndpoint<Routes> | (string & {})>(endpoint: E, ...args: UrlForArgs<Routes, NoInfer<E>, UrlForOptions>): string;
}

/**
 * The properties the router adds to a Koa context.
 *
 * @example
 * ```ts
 * function show(ctx: RouteContext<{ id: number }>) { return `post ${ctx.params.id}`; }
 * ```
 */
export interface RoutingContext<P = Record<string, unknown>> {
  /** Converted URL values of the matched rule (Werkzeug `to_python`), defaults included. */
  params: P;
  /** Endpoint, rule and view args of the match. */
  routing: RoutingInfo;
  /**
   * Build a URL for an endpoint in this request (relative unless `external`). Any endpoint string;
   * the checked form is the router's own `urlFor` (a handler's context type cannot know the
   * endpoints registered after it, and staying unchecked keeps typed routers assignable to
   * `Router`).
   */
  urlFor: UrlFor;
}

/**
 * The Koa context a route handler receives.
 *
 * @example
 * ```ts
 * const show: RouteMiddleware<{ id: number }> = (ctx) => `post ${ctx.params.id}`;
 * ```
 */
export type RouteContext<P = Record<string, unknown>> = Koa.ParameterizedContext<
  Koa.DefaultState,
  Koa.DefaultContext & RoutingContext<P>
>;

/**
 * A route handler or route middleware: Koa's `(ctx, next)`. The last function of a route is the
 * view: a value it returns (string, object, `HttpResponse`, stream…) becomes the response as in
 * Flask; `undefined` leaves `ctx.body` to Koa as usual.
 *
 * @example
 * ```ts
 * const hello: RouteMiddleware<{ name: string }> = (ctx) => `Hello ${ctx.params.name}`;
 * ```
 */
export type RouteMiddleware<P = Record<string, unknown>> = (
  ctx: RouteContext<P>,
  next: Koa.Next,
) => unknown;

/**
 * Per-rule options (Werkzeug `Rule` / Flask `add_url_rule` keyword arguments).
 *
 * @example
 * ```ts
 * router.get('/all/', { endpoint: 'all', defaults: { page: 1 } }, listAll);
 * ```
 */
export interface RuleOptions {
  /** Endpoint name; defaults to the handler function's name (Flask: the view function's name). */
  endpoint?: string;
  /** Values merged into `ctx.params`, used when building, and for canonical 308 redirects. */
  defaults?: Record<string, unknown>;
  /** Rule-level `strict_slashes`; defaults to the router's, which defaults to `true`. */
  strictSlashes?: boolean;
  /** Rule-level `merge_slashes`; defaults to the router's, which defaults to `true`. */
  mergeSlashes?: boolean;
  /** Werkzeug `redirect_to`: answer every match with a 308 to this target. */
  redirectTo?: AddOptions['redirectTo'];
  /** Answer OPTIONS automatically with `Allow` (Flask `provide_automatic_options`, default `true`). */
  provideAutomaticOptions?: boolean;
  /** Werkzeug `alias`: a match 308-redirects to the endpoint's canonical URL. */
  alias?: boolean;
  /** Werkzeug `build_only`: never matches, only builds (e.g. an external CDN URL). */
  buildOnly?: boolean;
}

/**
 * Options of `router.route()`: a rule's options plus its methods.
 *
 * @example
 * ```ts
 * router.route('/login', { methods: ['GET', 'POST'] }, login);
 * ```
 */
export interface RouteOptions extends RuleOptions {
  /** Allowed methods (Flask `methods`, default `['GET']`); HEAD is added with GET, OPTIONS automatically. */
  methods?: readonly string[];
}

/**
 * Options of `new Router()`.
 *
 * @example
 * ```ts
 * const api = new Router({ prefix: '/api', strictSlashes: false });
 * ```
 */
export interface RouterOptions<Prefix extends string = string> {
  /** Prepended to every rule of this router, joined like Flask's `url_prefix`. */
  prefix?: Prefix;
  /** Default `strict_slashes` of this router's rules (Werkzeug `Map(strict_slashes=True)`). */
  strictSlashes?: boolean;
  /** Default `merge_slashes` of this router's rules (Werkzeug `Map(merge_slashes=True)`). */
  mergeSlashes?: boolean;
  /** Custom converters by name (Flask `app.url_map.converters`). */
  converters?: MapOptions['converters'];
}

/**
 * Options of `router.allowedMethods()`.
 *
 * @example
 * ```ts
 * app.use(errorHandlers());                               // renders Werkzeug's pages
 * app.use(router.routes()).use(router.allowedMethods({ throw: true }));
 * ```
 */
export interface AllowedMethodsOptions {
  /**
   * Throw `NotFound` / `MethodNotAllowed` from @kolba/http when nothing downstream handled the
   * request, for an error handler to render (the Flask experience). Without it a 405 sets the
   * status and `Allow` and a miss is left to Koa's default 404 (the @koa/router behaviour).
   * @default false
   */
  throw?: boolean;
  /** Error to throw for a 405 when `throw` is set (receives the allowed methods). */
  methodNotAllowed?: (allowed: string[]) => Error;
  /** Error to throw for a 404 when `throw` is set. */
  notFound?: () => Error;
}

/**
 * The `defaults` type of route options (`{}` when absent).
 *
 * @example
 * ```ts
 * type D = DefaultsOf<{ defaults: { page: 1 } }>; // { page: 1 }
 * ```
 */
export type DefaultsOf<O> = O extends { defaults: infer D } ? D : {};
/**
 * The type-level entry a registration adds — only when the endpoint is spelled out.
 *
 * @example
 * ```ts
 * type E = EntryOf<{ endpoint: 'post' }, '/post/<int:id>'>; // RouteEntry<'post', '/post/<int:id>', {}>
 * ```
 */
export type EntryOf<O, R extends string> = O extends { endpoint: infer E extends string } ? RouteEntry<E, R, DefaultsOf<O>> : never;
/**
 * At least one handler.
 *
 * @example
 * ```ts
 * const chain: Handlers<{ id: number }> = [(ctx) => ctx.params.id];
 * ```
 */
export type Handlers<P> = [RouteMiddleware<P>, ...RouteMiddleware<P>[]];
/**
 * Options of the method shortcuts: `methods` belongs to `route()` (Flask raises TypeError too).
 *
 * @example
 * ```ts
 * const options: ShortcutOptions = { endpoint: 'post', strictSlashes: false };
 * ```
 */
export type ShortcutOptions = RuleOptions & { methods?: never };
