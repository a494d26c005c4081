/**
 * Reading `(rule, [options,] ...middleware)` the way Flask reads `route(rule, **options)` +
 * a view function — shared by `Router` and the @koa/router adapter.
 *
 * @module
 */
import type { RouteMiddleware, RouteOptions, RuleOptions } from './types.js';

/**
 * A registration, normalised.
 *
 * @example
 * ```ts
 * const args: RouteArgs = routeArgs('/x', ['GET'], {}, [function x() { return 'x'; }]);
 * args.endpoint; // 'x'
 * ```
 */
export interface RouteArgs {
  endpoint: string;
  methods: string[] | undefined;
  options: Omit<RuleOptions, 'endpoint'>;
  middleware: RouteMiddleware[];
  /** The function that owns the endpoint for Flask's overwrite check; undefined when anonymous. */
  view: ((...args: never[]) => unknown) | undefined;
}

/**
 * Flask's default endpoint: the view function's name (`bound f` counts as `f`).
 *
 * @example
 * ```ts
 * viewName(function show() {}.bind(null)); // 'show'
 * viewName(() => 1);                        // ''
 * ```
 */
export function viewName(view: unknown): string {
  return typeof view === 'function' ? view.name.replace(/^bound /, '') : '';
}

/**
 * Split a shortcut call's arguments (`get(rule, [options,] ...middleware)`).
 *
 * @throws TypeError when `methods` is passed to a shortcut (Flask: "Use the 'route' decorator to
 *   use the 'methods' argument.").
 * @example
 * ```ts
 * shortcutArgs([{ endpoint: 'x' }, handler]); // { options: { endpoint: 'x' }, middleware: [handler] }
 * ```
 */
export function shortcutArgs(rest: unknown[]): { options: RuleOptions; middleware: unknown[] } {
  if (rest.length > 0 && typeof rest[0] === 'object' && rest[0] !== null) {
    const options = rest[0] as RuleOptions;
    if ('methods' in options) throw new TypeError("Use the 'route' method to use the 'methods' argument.");
    return { options, middleware: rest.slice(1) };
  }
  return { options: {}, middleware: rest };
}

/**
 * Normalise a registration: check the handlers, upper-case methods, pick the endpoint.
 *
 * @param fullRule - the rule with the router's prefix, standing in as endpoint for an anonymous handler
 * @throws TypeError for a string `methods` (Flask's message), a missing handler or a non-function.
 * @example
 * ```ts
 * routeArgs('/post/<int:id>', ['get'], {}, [show]).methods; // ['GET']
 * ```
 */
export function routeArgs(fullRule: string, methods: unknown, options: RuleOptions | RouteOptions, middleware: unknown[]): RouteArgs {
  if (typeof methods === 'string') {
    throw new TypeError("Allowed methods must be a list of strings, for example: router.route(..., { methods: ['POST'] })");
  }
  if (middleware.length === 0) throw new TypeError(`Route '${fullRule}' needs at least one handler function.`);
  for (const fn of middleware) {
    if (typeof fn !== 'function') {
      throw new TypeError(`Route '${fullRule}': middleware must be a function, not ${fn === null ? 'null' : typeof fn}.`);
    }
  }
  const view = middleware[middleware.length - 1] as (...args: never[]) => unknown;
  const name = viewName(view);
  const { endpoint, ...rest } = options;
  if ('methods' in rest) delete (rest as RouteOptions).methods;
  return {
    // An anonymous handler has no name to become the endpoint; the rule stands in for it.
    endpoint: endpoint ?? (name || fullRule),
    methods: (methods as readonly unknown[] | undefined)?.map((method) => String(method).toUpperCase()),
    options: rest,
    middleware: middleware as RouteMiddleware[],
    // Flask's overwrite check compares view functions; an anonymous handler owns no endpoint.
    view: endpoint !== undefined || name !== '' ? view : undefined,
  };
}
