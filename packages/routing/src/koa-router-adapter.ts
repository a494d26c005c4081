/**
 * Flask rules on an existing @koa/router (v15) instance, for teams that keep their router.
 *
 * @koa/router keeps deciding which route runs (registration order, its prefixes, nesting and
 * trailing-slash handling, its `allowedMethods()`); the adapter adds what it lacks: Werkzeug
 * converters as constraints, converted `ctx.params`, 404 when a converter rejects a value, and
 * `urlFor`. Each rule is registered as a @koa/router path with plain `:name` / `*name` params;
 * at request time the captured strings must fully match the converter's regex — otherwise the
 * layer steps aside (`next()`) and @koa/router tries its next matching route — and then go
 * through `toPython`, whose ValidationError is a 404 without fall-through (Werkzeug §3.4).
 *
 * @module
 */
import { METHODS } from 'node:http';
import type * as Koa from 'koa';
import compose from 'koa-compose';
import { NotFound, applyReturnValue } from '@kolba/http';
import { RuleMap, ValidationError, converterPattern, isPartIsolating, quotePath, type BaseConverter, type Rule } from './core/index.js';
import { buildContext } from './dispatch.js';
import { buildUrl } from './route-table.js';
import { routeArgs, shortcutArgs } from './route-args.js';
import type { KnownEndpoint, RouteParams, UrlForArgs } from './rule-types.js';
import { joinRule } from './tree.js';
import type { DefaultsOf, EntryOf, Handlers, RouteOptions, RouterOptions, RuleOptions, ShortcutOptions, UrlForOptions } from './types.js';

/**
 * The part of a @koa/router instance the adapter uses (structural, so @koa/router stays optional).
 *
 * @example
 * ```ts
 * const koaRouter: KoaRouterLike = new KoaRouter({ prefix: '/api' });
 * ```
 */
export interface KoaRouterLike {
  opts?: { prefix?: string };
  register(path: string, methods: string[], middleware: Koa.Middleware[], options?: { name?: string }): unknown;
}

/**
 * Options of {@link flaskRules}: the converters and slash handling of the URL map used to build.
 *
 * @example
 * ```ts
 * const rules = flaskRules(koaRouter, { converters: { slug: SlugConverter } });
 * ```
 */
export type FlaskRulesOptions = Pick<RouterOptions, 'converters' | 'mergeSlashes'>;

/**
 * A method shortcut of {@link FlaskRules}.
 *
 * @example
 * ```ts
 * rules.get('/post/<int:id>', { endpoint: 'post' }, (ctx) => `post ${ctx.params.id}`);
 * ```
 */
export interface AdapterShortcut<Routes> {
  <const R extends string, const O extends ShortcutOptions>(
    rule: R,
    options: O,
    ...middleware: Handlers<RouteParams<R, DefaultsOf<O>>>
  ): FlaskRules<Routes | EntryOf<O, R>>;
  <const R extends string>(rule: R, ...middleware: Handlers<RouteParams<R>>): FlaskRules<Routes>;
}

/**
 * Flask rules registered on a @koa/router instance (see {@link flaskRules}).
 *
 * @example
 * ```ts
 * const rules = flaskRules(koaRouter).get('/post/<int:id>', { endpoint: 'post' }, show);
 * rules.urlFor('post', { id: 3 }); // '/post/3'
 * ```
 */
export interface FlaskRules<Routes = never> {
  /** GET (and HEAD) rule. */
  get: AdapterShortcut<Routes>;
  /** POST rule. */
  post: AdapterShortcut<Routes>;
  /** PUT rule. */
  put: AdapterShortcut<Routes>;
  /** PATCH rule. */
  patch: AdapterShortcut<Routes>;
  /** DELETE rule. */
  delete: AdapterShortcut<Routes>;
  /** Rule for every method. */
  all: AdapterShortcut<Routes>;
  /** Rule with explicit `methods` (default `['GET']`), like Flask's `app.route`. */
  route<const R extends string, const O extends RouteOptions>(
    rule: R,
    options: O,
    ...middleware: Handlers<RouteParams<R, DefaultsOf<O>>>
  ): FlaskRules<Routes | EntryOf<O, R>>;
  /** Flask's `url_for` over the rules added through this adapter (relative unless `external`). */
  urlFor<E extends KnownEndpoint<Routes> | (string & {})>(endpoint: E, ...args: UrlForArgs<Routes, NoInfer<E>, UrlForOptions>): string;
  /** The core URL map holding the adapter's rules (used for building). */
  readonly map: RuleMap;
}

const registries = new WeakMap<KoaRouterLike, FlaskRules<unknown>>();
const ALL_METHODS = [...METHODS];
const PATH_TO_REGEXP_SPECIAL = /[{}()[\]+?!:*\\]/g;
const PLACEHOLDER = /<(?:([a-zA-Z_][a-zA-Z0-9_]*)(?:\(.*?\))?:)?([a-zA-Z_][a-zA-Z0-9_]*)>/g;

/**
 * The @koa/router (path-to-regexp v8) path for a Werkzeug rule: `<int:id>` → `:id`, a converter
 * that spans segments (`path`) → `*name`, static text escaped. The converter checks happen later.
 */
function koaPath(rule: string, converters: ReadonlyMap<string, BaseConverter>): string {
  // @koa/router matches the raw (percent-encoded) path: static text is written the way Werkzeug
  // builds it (`/café` → `/caf%C3%A9`), then escaped for path-to-regexp.
  const literal = (text: string): string => quotePath(text).replace(PATH_TO_REGEXP_SPECIAL, '\\$&');
  let out = '';
  let last = 0;
  for (const match of rule.matchAll(PLACEHOLDER)) {
    out += literal(rule.slice(last, match.index));
    const name = match[2]!;
    const converter = converters.get(name);
    // The core's own part-isolation decision (explicit `partIsolating`, else a `/` in the regex).
    out += converter !== undefined && !isPartIsolating(converter) ? `*${name}` : `:${name}`;
    last = match.index + match[0].length;
  }
  return out + literal(rule.slice(last));
}

const KOA_PARAM = /([:*])([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * The @koa/router prefix as Werkzeug rule text, for building: its `:name` params become `<name>`
 * and `*name` wildcards `<path:name>`, so `urlFor` fills them from the values
 * (`prefix: '/org/:org'` → `/org/acme/repo/5`, not `/org/:org/repo/5?org=acme`). Matching stays
 * @koa/router's: the adapter never matches with this text.
 */
function prefixRule(prefix: string): string {
  return prefix.replace(KOA_PARAM, (_all, kind: string, name: string) => (kind === ':' ? `<${name}>` : `<path:${name}>`));
}

interface ParamCheck {
  name: string;
  pattern: RegExp;
  converter: BaseConverter;
}

/**
 * The one middleware a rule's @koa/router layer runs: check and convert the captured params,
 * then run the route's own chain with `ctx.params`, `ctx.routing`, `ctx.urlFor` set.
 */
function ruleLayer(map: RuleMap, rule: Rule, checks: ParamCheck[], middleware: Koa.Middleware[], endpoint: string): Koa.Middleware {
  const view = middleware[middleware.length - 1]!;
  const applyOptions = { endpoint };
  const viewWithReturn: Koa.Middleware = async function (ctx, next) {
    const value: unknown = await view(ctx, next);
    if (value !== undefined) applyReturnValue(ctx, value, applyOptions);
  };
  const run = middleware.length === 1 ? viewWithReturn : compose([...middleware.slice(0, -1), viewWithReturn]);
  const defaults = rule.defaults;
  return function kolbaRule(ctx, next) {
    const raw = (ctx.params ?? {}) as Record<string, string>;
    for (const check of checks) {
      const value = raw[check.name];
      // Not this rule's shape after all: let @koa/router try its next matching route.
      if (value === undefined || !check.pattern.test(value)) return next();
    }
    const params: Record<string, unknown> = { ...raw };
    for (const check of checks) {
      try {
        params[check.name] = check.converter.toPython(raw[check.name]!);
      } catch (error) {
        // Werkzeug ≥ 2.2: a rejected value ends matching with 404, no other rule is tried.
        if (error instanceof ValidationError) throw new NotFound();
        throw error;
      }
    }
    if (defaults !== undefined) for (const key of Object.keys(defaults)) params[key] ??= defaults[key];
    ctx.params = params;
    (ctx.request as unknown as { params: unknown }).params = params;
    ctx.routing = { endpoint, rule, viewArgs: params };
    ctx.urlFor = (target: string, values?: Record<string, unknown>, options?: UrlForOptions): string =>
      buildUrl(map, target, values, options, buildContext(ctx));
    return run(ctx, next);
  };
}

/**
 * Add Flask rules to an existing @koa/router instance. One registry per router: calling it again
 * returns the same object (the options of the first call apply).
 *
 * What differs from `Router`: @koa/router decides precedence (registration order, not Werkzeug's
 * weights), trailing slashes and 405/501/OPTIONS; there are no 308 slash or defaults redirects;
 * `urlFor` knows the rules added here with the router's own `prefix`, not prefixes added later by
 * nesting it with `parent.use('/x', child.routes())`.
 *
 * @example
 * ```ts
 * import KoaRouter from '@koa/router';
 * const koaRouter = new KoaRouter();
 * const rules = flaskRules(koaRouter)
 *   .get('/post/<int:id>', { endpoint: 'post' }, (ctx) => `post ${ctx.params.id + 1}`);
 * koaRouter.get('/about', (ctx) => { ctx.body = rules.urlFor('post', { id: 1 }); });
 * app.use(koaRouter.routes()).use(koaRouter.allowedMethods());
 * ```
 */
export function flaskRules(koaRouter: KoaRouterLike, options: FlaskRulesOptions = {}): FlaskRules {
  const existing = registries.get(koaRouter);
  if (existing !== undefined) return existing as FlaskRules;
  const map = new RuleMap({ converters: options.converters, mergeSlashes: options.mergeSlashes });
  const views = new Map<string, unknown>();

  const register = (rule: string, methods: unknown, ruleOptions: RuleOptions | RouteOptions, middleware: unknown[]): void => {
    if (typeof rule !== 'string') throw new TypeError(`A rule must be a string, not ${typeof rule}.`);
    const fullRule = joinRule(prefixRule(koaRouter.opts?.prefix ?? ''), rule);
    const args = routeArgs(fullRule, methods, ruleOptions, middleware);
    const owner = views.get(args.endpoint);
    if (args.view !== undefined && owner !== undefined && owner !== args.view) {
      throw new Error(`View function mapping is overwriting an existing endpoint function: ${args.endpoint}`);
    }
    // Registers in the build map and validates the rule (malformed rule, unknown converter).
    const compiled = map.add(fullRule, { ...args.options, endpoint: args.endpoint, ...(args.methods ? { methods: args.methods } : {}) });
    if (args.view !== undefined) views.set(args.endpoint, args.view);
    const checks: ParamCheck[] = [...compiled.converters].map(([name, converter]) => ({
      name,
      converter,
      pattern: converterPattern(converter),
    }));
    const layer = ruleLayer(map, compiled, checks, args.middleware as unknown as Koa.Middleware[], args.endpoint);
    koaRouter.register(koaPath(rule, compiled.converters), args.methods ?? ALL_METHODS, [layer], { name: args.endpoint });
  };

  const shortcut = (methods: string[] | undefined) =>
    function (rule: string, ...rest: unknown[]) {
      const { options: ruleOptions, middleware } = shortcutArgs(rest);
      register(rule, methods, ruleOptions, middleware);
      return rules;
    };

  const rules = {
    get: shortcut(['GET']),
    post: shortcut(['POST']),
    put: shortcut(['PUT']),
    patch: shortcut(['PATCH']),
    delete: shortcut(['DELETE']),
    all: shortcut(undefined),
    route(rule: string, routeOptions: RouteOptions, ...middleware: unknown[]) {
      register(rule, routeOptions.methods ?? ['GET'], routeOptions, middleware);
      return rules;
    },
    urlFor(endpoint: string, values?: Record<string, unknown>, urlOptions?: UrlForOptions): string {
      return buildUrl(map, endpoint, values, urlOptions);
    },
    map,
  } as unknown as FlaskRules;
  registries.set(koaRouter, rules as FlaskRules<unknown>);
  return rules;
}

/**
 * Add one Flask rule to a @koa/router instance — `flaskRules(koaRouter).route(rule, { methods:
 * [method] }, ...middleware)` in one call.
 *
 * @example
 * ```ts
 * addRule(koaRouter, 'GET', '/post/<int:id>', (ctx) => `post ${ctx.params.id}`);
 * addRule(koaRouter, 'POST', '/post/<int:id>', { endpoint: 'save' }, save);
 * ```
 */
export function addRule<const R extends string>(
  koaRouter: KoaRouterLike,
  method: string | readonly string[],
  rule: R,
  ...rest: [ShortcutOptions, ...Handlers<RouteParams<R>>] | Handlers<RouteParams<R>>
): FlaskRules {
  const { options, middleware } = shortcutArgs(rest);
  return flaskRules(koaRouter).route(rule, { ...options, methods: typeof method === 'string' ? [method] : method } as RouteOptions, ...(middleware as Handlers<Record<string, unknown>>));
}
