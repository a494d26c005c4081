/**
 * The per-request side of the Koa adapter: `routes()` matches and runs, `allowedMethods()` turns
 * a recorded miss into 405 (or NotFound/MethodNotAllowed for an error handler).
 *
 * How "no match" composes with Koa: `routes()` never answers a 404 or 405 itself. It records the
 * miss on the context and calls `next()`, so middleware mounted after the router (another router,
 * koa-static, a proxy) still gets the request — the Koa convention. `allowedMethods()`, placed
 * after `routes()`, looks at the recorded miss once everything downstream has run and only acts
 * if nothing answered: 405 + `Allow`, or with `{ throw: true }` Werkzeug's `MethodNotAllowed` /
 * `NotFound` for `errorHandlers()` to render (the Flask experience). Redirects (308) and automatic
 * OPTIONS are answered directly, as Flask answers them before any view or error handler.
 *
 * @module
 */
import type * as Koa from 'koa';
import { HttpResponse, MethodNotAllowed, NotFound, applyReturnValue, redirect } from '@kolba/http';
import { decodePath } from './core/index.js';
import type { BuildContext, RouteTable } from './route-table.js';
import type { RouterNode } from './tree.js';
import type { AllowedMethodsOptions, RoutingInfo, UrlForOptions } from './types.js';

/**
 * Marks the middleware returned by `routes()` so `parent.use(child.routes())` mounts the router.
 *
 * @example
 * ```ts
 * const node = (child.routes() as RoutesMiddleware)[ROUTER];
 * ```
 */
export const ROUTER = Symbol.for('kolba.routing.router');

/**
 * The `routes()` middleware, carrying its router for mounting.
 *
 * @example
 * ```ts
 * const mw: RoutesMiddleware = createRoutes(node);
 * ```
 */
export type RoutesMiddleware = Koa.Middleware & { [ROUTER]: RouterNode };

interface Miss {
  kind: 'notFound' | 'methodNotAllowed';
  allowed?: string[];
}

const ABSOLUTE_URL = /^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|\/\/)/;

/**
 * The part of the request path that sits in front of `ctx.path` when the app is mounted
 * (koa-mount rewrites `ctx.path` but keeps `ctx.originalUrl`): Werkzeug's `script_root`, which
 * redirects and `urlFor` must keep.
 *
 * @example
 * ```ts
 * // koa-mount('/app', …), request /app/dir: ctx.path '/dir', ctx.originalUrl '/app/dir'
 * scriptRoot(ctx); // '/app'
 * ```
 */
export function scriptRoot(ctx: Koa.Context): string {
  const original = ctx.originalUrl;
  const q = original.indexOf('?');
  const originalPath = q === -1 ? original : original.slice(0, q);
  const path = ctx.path;
  if (originalPath === path || !originalPath.startsWith('/')) return '';
  if (originalPath.endsWith(path)) return originalPath.slice(0, originalPath.length - path.length);
  if (path === '/') return originalPath.replace(/\/+$/, '');
  return '';
}

// Werkzeug 3.1.8 `host_is_trusted`: a Host made of other characters is treated as absent.
const VALID_HOST = /^(?:[a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::[0-9]+)?$/i;

/**
 * The request's host as Werkzeug 3.1.8 `get_host` reads it: `''` when the `Host` (or, with
 * `app.proxy`, `X-Forwarded-Host`) has characters outside `[a-z0-9.-]`, an IPv6 literal and a
 * port — so a tab, quote or space in a Host header never reaches a `Location` — and without the
 * scheme's default port (`:80` for http, `:443` for https).
 *
 * @example
 * ```ts
 * requestHost(ctx); // 'example.com:8080', or '' for `Host: a"b`
 * ```
 */
export function requestHost(ctx: Koa.Context): string {
  const host = ctx.host;
  if (!VALID_HOST.test(host)) return '';
  const scheme = ctx.protocol;
  if (scheme === 'http' && host.endsWith(':80')) return host.slice(0, -3);
  if (scheme === 'https' && host.endsWith(':443')) return host.slice(0, -4);
  return host;
}

/**
 * The request facts URL building needs, read when a URL is built.
 *
 * @example
 * ```ts
 * buildUrl(map, 'post', { id: 1 }, {}, buildContext(ctx));
 * ```
 */
export function buildContext(ctx: Koa.Context): BuildContext {
  return { method: ctx.method, scheme: ctx.protocol, host: requestHost(ctx), scriptRoot: scriptRoot(ctx) };
}

/**
 * Werkzeug's `RequestRedirect`: 308 to an absolute URL, keeping the raw query string when asked.
 * Without a usable host the Location stays relative (Werkzeug would send `http:///dir/`).
 */
function sendRedirect(ctx: Koa.Context, location: string, keepQuery: boolean, code: number): void {
  let target = location;
  if (!ABSOLUTE_URL.test(target)) {
    const host = requestHost(ctx);
    // Only http or https: X-Forwarded-Proto (trusted with app.proxy) is not copied into a header as is.
    const scheme = ctx.protocol === 'https' ? 'https' : 'http';
    target = host === '' ? `${scriptRoot(ctx)}${target}` : `${scheme}://${host}${scriptRoot(ctx)}${target}`;
  }
  if (keepQuery && ctx.querystring !== '') target += `?${ctx.querystring}`;
  applyReturnValue(ctx, redirect(target, code));
}

/** Flask's automatic OPTIONS answer: 200, empty HTML body, `Allow` listing every method of the path. */
function sendOptions(ctx: Koa.Context, allowed: string[]): void {
  applyReturnValue(ctx, new HttpResponse('', 200, { Allow: allowed.join(', ') }));
}

/**
 * Flask's relative endpoints: `'.index'` means `index` in the blueprint of the matched endpoint
 * (the part before its last dot, `admin.users` → `admin.index`), or the app's `index` when the
 * request matched no dotted endpoint.
 *
 * @example
 * ```ts
 * relativeEndpoint('.index', 'admin.users'); // 'admin.index'
 * relativeEndpoint('.index', undefined);     // 'index'
 * ```
 */
export function relativeEndpoint(endpoint: string, current: string | undefined): string {
  const dot = current === undefined ? -1 : current.lastIndexOf('.');
  return dot > 0 ? `${current!.slice(0, dot)}${endpoint}` : endpoint.slice(1);
}

/**
 * Build the `routes()` middleware of a router.
 *
 * @example
 * ```ts
 * app.use(createRoutes(node));
 * ```
 */
export function createRoutes(node: RouterNode): RoutesMiddleware {
  const failureKey = node.failureKey;
  const kolbaRoutes = function kolbaRoutes(ctx: Koa.Context, next: Koa.Next): unknown {
    const table: RouteTable = node.table();
    // Set before matching, so error handlers and templates rendering a 404 can build URLs too.
    ctx.urlFor = function urlFor(endpoint: string, values?: Record<string, unknown>, options?: UrlForOptions): string {
      const target = endpoint.charCodeAt(0) === 46 /* '.' */ ? relativeEndpoint(endpoint, ctx.routing?.endpoint) : endpoint;
      return table.build(target, values, options, buildContext(ctx));
    };
    const result = table.map.match(decodePath(ctx.path), ctx.method);
    switch (result.kind) {
      case 'match': {
        const route = table.route(result.rule)!;
        const params = result.params;
        ctx.params = params;
        (ctx.request as unknown as { params: unknown }).params = params;
        ctx.routing = { endpoint: route.endpoint, rule: result.rule, viewArgs: params } satisfies RoutingInfo;
        // What @koa/router sets and Koa logging/metrics middleware read.
        ctx._matchedRoute = route.ruleText;
        ctx._matchedRouteName = route.endpoint;
        return route.run(ctx, next);
      }
      case 'redirect':
        sendRedirect(ctx, result.location, result.keepQuery, result.code);
        return undefined;
      case 'options':
        sendOptions(ctx, result.allowed);
        return undefined;
      default:
        ctx[failureKey] = result satisfies Miss;
        return next();
    }
  } as RoutesMiddleware;
  kolbaRoutes[ROUTER] = node;
  return kolbaRoutes;
}

/**
 * Build the `allowedMethods()` middleware of a router.
 *
 * @example
 * ```ts
 * app.use(createAllowedMethods(node, { throw: true }));
 * ```
 */
export function createAllowedMethods(node: RouterNode, options: AllowedMethodsOptions = {}): Koa.Middleware {
  const failureKey = node.failureKey;
  return async function kolbaAllowedMethods(ctx, next) {
    await next();
    const miss = ctx[failureKey] as Miss | undefined;
    // Koa's untouched response is status 404 with no body: anything else means someone answered.
    if (miss === undefined || ctx.status !== 404 || ctx.body != null) return;
    if (miss.kind === 'methodNotAllowed') {
      const allowed = miss.allowed ?? [];
      if (options.throw) throw options.methodNotAllowed?.(allowed) ?? new MethodNotAllowed(allowed);
      ctx.status = 405;
      if (allowed.length > 0) ctx.set('Allow', allowed.join(', '));
    } else if (options.throw) {
      throw options.notFound?.() ?? new NotFound();
    }
  };
}
