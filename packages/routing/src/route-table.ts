/**
 * A compiled router tree: one core `RuleMap` holding every rule of a router and its mounted
 * children (one URL map per app, as in Flask), plus the Koa middleware chain of each rule.
 *
 * @module
 */
import type * as Koa from 'koa';
import { RuleMap, type Rule } from './core/index.js';
import type { UrlForOptions } from './types.js';

/**
 * The part of a request that URL building needs (Werkzeug's bound `MapAdapter`).
 *
 * @example
 * ```ts
 * const request: BuildContext = { method: 'GET', scheme: 'https', host: 'example.com', scriptRoot: '' };
 * ```
 */
export interface BuildContext {
  method: string;
  scheme: string;
  host: string;
  scriptRoot: string;
}

/**
 * What the dispatcher runs for a matched rule.
 *
 * @example
 * ```ts
 * const route: CompiledRoute = { endpoint: 'index', ruleText: '/', run: (ctx) => { ctx.body = 'hi'; } };
 * ```
 */
export interface CompiledRoute {
  endpoint: string;
  /** The full rule string, for `ctx._matchedRoute` (what Koa logging/metrics middleware read). */
  ruleText: string;
  run: (ctx: Koa.Context, next: Koa.Next) => unknown;
}

type MapOptions = NonNullable<ConstructorParameters<typeof RuleMap>[0]>;
type AddOptions = Parameters<RuleMap['add']>[1];

/**
 * A `url_defaults` function: called with the endpoint and the values of every URL built, it may
 * add values in place (Flask's `@app.url_defaults`).
 *
 * @example
 * ```ts
 * const keepLanguage: UrlDefaultsFunction = (endpoint, values) => { values.lang ??= 'en'; };
 * ```
 */
export type UrlDefaultsFunction = (endpoint: string, values: Record<string, unknown>) => void;

/**
 * The compiled form of a router tree.
 *
 * @example
 * ```ts
 * const table = new RouteTable({});
 * table.add('/post/<int:id>', { endpoint: 'show' }, { endpoint: 'show', ruleText: '/post/<int:id>', run });
 * table.build('show', { id: 3 }); // '/post/3'
 * ```
 */
export class RouteTable {
  /** The core URL map. */
  readonly map: RuleMap;
  readonly #routes = new Map<Rule, CompiledRoute>();
  readonly #urlDefaults: readonly UrlDefaultsFunction[];

  constructor(options: MapOptions, urlDefaults: readonly UrlDefaultsFunction[] = []) {
    this.map = new RuleMap(options);
    this.#urlDefaults = urlDefaults;
  }

  /** Add one rule (throws the core's registration error for a malformed rule). */
  add(rule: string, options: AddOptions, route: CompiledRoute): Rule {
    const compiled = this.map.add(rule, options);
    this.#routes.set(compiled, route);
    return compiled;
  }

  /** The chain registered for a rule returned by `map.match()`. */
  route(rule: Rule): CompiledRoute | undefined {
    return this.#routes.get(rule);
  }

  /** Flask's `url_for` on this map (see {@link buildUrl}). */
  build(endpoint: string, values?: Record<string, unknown>, options?: UrlForOptions, request?: BuildContext): string {
    if (this.#urlDefaults.length === 0) return buildUrl(this.map, endpoint, values, options, request);
    // Flask's url_defaults: each function may fill in values, on a copy (the caller's object is
    // left alone), in registration order.
    const filled = { ...values };
    for (const fn of this.#urlDefaults) fn(endpoint, filled);
    return buildUrl(this.map, endpoint, filled, options, request);
  }
}

/**
 * Flask's `url_for` on a core map. Inside a request (`request` given) URLs are relative unless
 * `external`/`scheme` ask otherwise, and the request's method is preferred when the endpoint has
 * several rules (Werkzeug tries the adapter's default method first, then none; spec §6.2).
 *
 * @throws TypeError for `scheme` with `external: false` (Flask's ValueError), the core's
 *   BuildError when no rule of the endpoint fits the values.
 * @example
 * ```ts
 * buildUrl(map, 'post', { id: 3 }, { anchor: 'c' }); // '/post/3#c'
 * ```
 */
export function buildUrl(
  map: RuleMap,
  endpoint: string,
  values: Record<string, unknown> = {},
  options: UrlForOptions = {},
  request?: BuildContext,
): string {
  if (options.scheme !== undefined && options.external === false) {
    // Flask's url_for: a scheme only makes sense on an absolute URL.
    throw new TypeError("When specifying '_scheme', '_external' must be True.");
  }
  const external = options.external ?? options.scheme !== undefined;
  return map.build(endpoint, values, {
    method: options.method,
    // Werkzeug prefers the rule for the current request's method, then any (spec §6.2).
    defaultMethod: request?.method,
    anchor: options.anchor,
    external,
    scheme: external ? (options.scheme ?? request?.scheme) : undefined,
    host: options.host ?? request?.host,
    scriptName: request?.scriptRoot,
  });
}