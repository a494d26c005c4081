/**
 * The untyped inside of a `Router`: its routes, its mounted children, endpoint bookkeeping and
 * the compiled table of its whole subtree. `Router` (router.ts) is the typed face over it.
 *
 * @module
 */
import type * as Koa from 'koa';
import compose from 'koa-compose';
import { applyReturnValue } from '@kolba/http';
import { RuleMap } from './core/index.js';
import { RouteTable, type CompiledRoute, type UrlDefaultsFunction } from './route-table.js';
import type { RouteMiddleware, RouterOptions, RuleOptions } from './types.js';

/**
 * One registered rule, as given to the router that owns it.
 *
 * @example
 * ```ts
 * const def: RouteDef = { rule: '/', endpoint: 'index', methods: ['GET'], options: {}, middleware: [index] };
 * ```
 */
export interface RouteDef {
  /** The rule joined with the owning router's prefix. */
  rule: string;
  endpoint: string;
  methods: string[] | undefined;
  options: Omit<RuleOptions, 'endpoint'>;
  middleware: RouteMiddleware[];
}

type Entry = { route: RouteDef } | { prefix: string; child: RouterNode };
type Converters = NonNullable<RouterOptions['converters']>;
type AnyFunction = (...args: never[]) => unknown;

/**
 * Join a prefix and a rule like Flask joins `url_prefix` and a rule:
 * `prefix.rstrip('/') + '/' + rule.lstrip('/')`, an empty rule leaving the prefix alone.
 *
 * @example
 * ```ts
 * joinRule('/api/', '/users'); // '/api/users'
 * joinRule('/api', '');        // '/api'
 * ```
 */
export function joinRule(prefix: string, rule: string): string {
  if (prefix === '') return rule;
  if (rule === '') return prefix;
  return `${prefix.replace(/\/+$/, '')}/${rule.replace(/^\/+/, '')}`;
}

/** Werkzeug's error for an endpoint taken by another view function (Flask `add_url_rule`). */
function overwriting(endpoint: string): Error {
  return new Error(`View function mapping is overwriting an existing endpoint function: ${endpoint}`);
}

/**
 * A router's state. Registration validates each rule at once (a malformed rule throws where it
 * is written); the table of the subtree is compiled lazily and rebuilt after any change below.
 *
 * @example
 * ```ts
 * const node = new RouterNode({});
 * node.addRoute({ rule: '/', endpoint: 'index', methods: ['GET'], options: {}, middleware: [index] }, index);
 * node.table().map.match('/', 'GET');
 * ```
 */
export class RouterNode {
  readonly options: RouterOptions;
  readonly prefix: string;
  /** Per-router key under which `routes()` leaves a 404/405 for `allowedMethods()`. */
  readonly failureKey = Symbol('kolba.routing.failure');
  readonly #entries: Entry[] = [];
  readonly #middleware: Koa.Middleware[] = [];
  readonly #parents: RouterNode[] = [];
  /** Endpoint → view function of the whole subtree (Flask's `app.view_functions`). */
  readonly #views = new Map<string, AnyFunction>();
  #table: RouteTable | undefined;
  /** `url_defaults` functions (kept on the root; see `Router.urlDefaults`). */
  readonly urlDefaults: UrlDefaultsFunction[] = [];

  constructor(options: RouterOptions) {
    this.options = options;
    this.prefix = options.prefix ?? '';
  }

  /** Register a rule. `view` is the function whose identity owns the endpoint (undefined: anonymous). */
  addRoute(def: RouteDef, view: AnyFunction | undefined): void {
    // Validate now, so a malformed rule or unknown converter throws at the line that wrote it.
    new RuleMap({ converters: this.#inheritedConverters() }).add(def.rule, addOptions(def, this.options));
    if (view !== undefined) this.#claimEndpoints([[def.endpoint, view]]);
    this.#entries.push({ route: def });
    this.#invalidate();
  }

  /** Mount a child router under `prefix` (the child keeps working on its own, too). */
  mount(prefix: string, child: RouterNode): void {
    if (child === this || child.#isAncestorOf(this)) {
      throw new Error('A router cannot be mounted inside itself.');
    }
    this.#checkConverters(child.#subtreeConverters());
    this.#claimEndpoints([...child.#views]);
    this.#entries.push({ prefix, child });
    child.#parents.push(this);
    this.#invalidate();
  }

  /** Router-level middleware: runs before the chain of every route of this router and its children. */
  use(middleware: Koa.Middleware): void {
    this.#middleware.push(middleware);
    this.#invalidate();
  }

  /** The topmost router above this one (the one holding the app-wide URL map). */
  root(): RouterNode {
    let node: RouterNode = this;
    while (node.#parents.length > 0) node = node.#parents[0]!;
    return node;
  }

  /** The compiled table of this subtree, rebuilt if anything changed since the last call. */
  table(): RouteTable {
    if (this.#table === undefined) {
      const table = new RouteTable({
        strictSlashes: this.options.strictSlashes,
        mergeSlashes: this.options.mergeSlashes,
        converters: this.#subtreeConverters(),
      }, this.root().urlDefaults);
      this.#collect(table, '', [], {});
      this.#table = table;
    }
    return this.#table;
  }

  #collect(table: RouteTable, prefix: string, scope: Koa.Middleware[], inherited: RouterOptions): void {
    const own = { strictSlashes: this.options.strictSlashes ?? inherited.strictSlashes, mergeSlashes: this.options.mergeSlashes ?? inherited.mergeSlashes };
    const chainScope = this.#middleware.length > 0 ? [...scope, ...this.#middleware] : scope;
    for (const entry of this.#entries) {
      if ('route' in entry) {
        const rule = joinRule(prefix, entry.route.rule);
        const route: CompiledRoute = { endpoint: entry.route.endpoint, ruleText: rule, run: chain(chainScope, entry.route) };
        table.add(rule, addOptions(entry.route, own), route);
      } else {
        entry.child.#collect(table, joinRule(prefix, entry.prefix), chainScope, own);
      }
    }
  }

  #invalidate(): void {
    this.#table = undefined;
    for (const parent of this.#parents) parent.#invalidate();
  }

  #isAncestorOf(node: RouterNode): boolean {
    return node.#parents.some((parent) => parent === this || this.#isAncestorOf(parent));
  }

  /** This router and every router above it. */
  #lineage(): RouterNode[] {
    const seen = new Set<RouterNode>();
    const walk = (node: RouterNode): void => {
      if (seen.has(node)) return;
      seen.add(node);
      for (const parent of node.#parents) walk(parent);
    };
    walk(this);
    return [...seen];
  }

  /** Flask refuses a second, different view function for an endpoint anywhere in the app. */
  #claimEndpoints(claims: [string, AnyFunction][]): void {
    const lineage = this.#lineage();
    for (const [endpoint, view] of claims) {
      for (const node of lineage) {
        const existing = node.#views.get(endpoint);
        if (existing !== undefined && existing !== view) throw overwriting(endpoint);
      }
    }
    for (const node of lineage) for (const [endpoint, view] of claims) node.#views.set(endpoint, view);
  }

  #inheritedConverters(): Converters {
    const merged: Converters = {};
    for (const node of this.#lineage().reverse()) Object.assign(merged, node.options.converters);
    return merged;
  }

  #subtreeConverters(): Converters {
    const merged: Converters = { ...this.options.converters };
    for (const entry of this.#entries) {
      if ('child' in entry) Object.assign(merged, entry.child.#subtreeConverters());
    }
    return merged;
  }

  /** Two routers may not give one converter name two meanings in one URL map. */
  #checkConverters(incoming: Converters): void {
    const mine = this.root().#subtreeConverters();
    for (const [name, converter] of Object.entries(incoming)) {
      if (mine[name] !== undefined && mine[name] !== converter) {
        throw new Error(`Converter '${name}' is already defined differently in this router tree.`);
      }
    }
  }
}

/** Core `add()` options for a route, with the router's slash defaults filled in. */
function addOptions(def: RouteDef, defaults: Pick<RouterOptions, 'strictSlashes' | 'mergeSlashes'>): Parameters<RuleMap['add']>[1] {
  const options: Record<string, unknown> = { endpoint: def.endpoint };
  if (def.methods !== undefined) options.methods = def.methods;
  const strictSlashes = def.options.strictSlashes ?? defaults.strictSlashes;
  const mergeSlashes = def.options.mergeSlashes ?? defaults.mergeSlashes;
  if (strictSlashes !== undefined) options.strictSlashes = strictSlashes;
  if (mergeSlashes !== undefined) options.mergeSlashes = mergeSlashes;
  for (const key of ['defaults', 'redirectTo', 'provideAutomaticOptions', 'alias', 'buildOnly'] as const) {
    if (def.options[key] !== undefined) options[key] = def.options[key];
  }
  return options as unknown as Parameters<RuleMap['add']>[1];
}

/**
 * The Koa chain of one route: router-level middleware, the route's middleware, then the view,
 * whose return value becomes the response (Flask's `make_response`).
 */
/** Koa records whether `ctx.status` was assigned; its default 404 is not an answer. */
function hasExplicitStatus(ctx: Koa.Context): boolean {
  return (ctx.response as { _explicitStatus?: boolean })._explicitStatus === true || ctx.status !== 404;
}

function chain(scope: Koa.Middleware[], def: RouteDef): CompiledRoute['run'] {
  const fns = def.middleware as unknown as Koa.Middleware[];
  const view = fns[fns.length - 1]!;
  const endpoint = { endpoint: def.endpoint };
  const viewWithReturn: Koa.Middleware = async function (ctx, next) {
    let delegated = false;
    const value: unknown = await view(ctx, () => {
      delegated = true;
      return next();
    });
    if (value !== undefined) applyReturnValue(ctx, value, endpoint);
    // Flask: a view that returns nothing is a bug ("did not return a valid response", a 500), not
    // a 404. Koa-style views that set ctx.body or ctx.status, or hand over with next(), are left alone.
    else if (!delegated && ctx.body === undefined && !hasExplicitStatus(ctx)) applyReturnValue(ctx, undefined, endpoint);
  };
  Object.defineProperty(viewWithReturn, 'name', { value: view.name || 'view' });
  const all = [...scope, ...fns.slice(0, -1), viewWithReturn];
  return all.length === 1 ? viewWithReturn : compose(all);
}
