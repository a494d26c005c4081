/**
 * One URL rule (Werkzeug `Rule`): the parsed pattern, its endpoint, methods, defaults and slash
 * behaviour, plus the builder that turns values back into a URL path.
 *
 * @module
 */

import type { BaseConverter, ConverterClass } from './converters.js';
import { RuleError, ValidationError, pyRepr } from './errors.js';
import { encodeQuery, quotePath } from './quoting.js';
import { parseRule, type ParsedPart } from './rule-parser.js';

/**
 * A `redirectTo` function: gets the converted values, returns the target URL.
 * @example
 * ```ts
 * map.add('/old/<int:id>', { endpoint: 'old', redirectTo: (p) => `/new/${p.id}` });
 * ```
 */
export type RedirectToFunction = (params: Record<string, unknown>) => string;

/**
 * Options of `RuleMap#add` (Werkzeug `Rule(...)` keyword arguments, camelCased).
 * @example
 * ```ts
 * map.add('/user/<int:id>', { endpoint: 'user', methods: ['GET', 'POST'], defaults: { tab: 'home' } });
 * ```
 */
export interface RuleOptions {
  /** Name used by `build`/`urlFor` and reported on match. */
  endpoint: string;
  /**
   * Allowed methods (upper-cased; `HEAD` is added when `GET` is present). Omitted = every method,
   * as a Werkzeug `Rule(methods=None)`. A plain string is a `TypeError`, as in Flask.
   */
  methods?: readonly string[];
  /** Values merged into the match result, used for building and for canonical redirects (§4.4). */
  defaults?: Readonly<Record<string, unknown>>;
  /** Default: the map's. `/a/` requested as `/a` → 308; `/b` requested as `/b/` → 404. */
  strictSlashes?: boolean;
  /** Default: the map's. Collapse `//` in the rule; allow redirecting `//` in requests to this rule. */
  mergeSlashes?: boolean;
  /** Redirect (308, query dropped) instead of matching: a string with `<name>` placeholders or a function. */
  redirectTo?: string | RedirectToFunction;
  /**
   * Answer `OPTIONS` automatically (Flask `provide_automatic_options`). Default: true when
   * `methods` is given without `OPTIONS` (Flask's `PROVIDE_AUTOMATIC_OPTIONS` default).
   */
  provideAutomaticOptions?: boolean;
  /** Werkzeug `alias=True`: when matched, redirect to the endpoint's canonical URL (§4.5). */
  alias?: boolean;
  /** Werkzeug `build_only=True`: never matches, only builds. */
  buildOnly?: boolean;
}

/**
 * Map-level settings a rule inherits.
 * @example
 * ```ts
 * new Rule('/x', { endpoint: 'x' }, { strictSlashes: true, mergeSlashes: true, converters: DEFAULT_CONVERTERS, map: null });
 * ```
 */
export interface RuleContext {
  readonly strictSlashes: boolean;
  readonly mergeSlashes: boolean;
  readonly converters: Readonly<Record<string, ConverterClass>>;
  readonly map: unknown;
}

type BuildOp = { readonly text: string; readonly name?: undefined } | { readonly text?: undefined; readonly name: string };

const PLACEHOLDER = /<([^>]+)>/g;

/**
 * A compiled rule. Created by `RuleMap#add`; read its fields, don't construct it directly.
 *
 * @example
 * ```ts
 * const rule = map.add('/user/<int:id>', { endpoint: 'user', methods: ['GET'] });
 * rule.methods;   // ['GET', 'HEAD', 'OPTIONS']
 * rule.arguments; // Set { 'id' }
 * ```
 */
export class Rule {
  /** The rule string as registered. */
  readonly rule: string;
  readonly endpoint: string;
  /** Sorted allowed methods, or `undefined` for "any method". */
  readonly methods: readonly string[] | undefined;
  readonly defaults: Readonly<Record<string, unknown>> | undefined;
  /** Variable names ∪ default keys (Werkzeug `Rule.arguments`). */
  readonly arguments: ReadonlySet<string>;
  /** Converter of each variable, in rule order. */
  readonly converters: ReadonlyMap<string, BaseConverter>;
  readonly strictSlashes: boolean;
  readonly mergeSlashes: boolean;
  readonly redirectTo: string | RedirectToFunction | undefined;
  readonly provideAutomaticOptions: boolean;
  readonly alias: boolean;
  readonly buildOnly: boolean;
  /** Werkzeug `is_leaf`: the rule does not end with `/`. */
  readonly isLeaf: boolean;
  /** @internal Method lookup set. */
  readonly methodSet: ReadonlySet<string> | undefined;
  /** @internal Parsed parts for the state machine. */
  readonly parts: readonly ParsedPart[];
  /** @internal Variable names in rule order (positional match values). */
  readonly variableNames: readonly string[];
  /** @internal Converters in the same order as {@link variableNames}. */
  readonly converterList: readonly BaseConverter[];
  readonly #ops: readonly BuildOp[];

  constructor(rule: string, options: RuleOptions, context: RuleContext) {
    if (typeof rule !== 'string' || !rule.startsWith('/')) {
      throw new RuleError(String(rule), `URL rule ${pyRepr(String(rule))} must start with a slash.`);
    }
    if (!options || typeof options.endpoint !== 'string' || !options.endpoint) {
      throw new RuleError(rule, `URL rule ${pyRepr(rule)} needs an endpoint name`);
    }
    this.rule = rule;
    this.endpoint = options.endpoint;
    this.strictSlashes = options.strictSlashes ?? context.strictSlashes;
    this.mergeSlashes = options.mergeSlashes ?? context.mergeSlashes;
    this.alias = options.alias ?? false;
    this.buildOnly = options.buildOnly ?? false;
    this.isLeaf = !rule.endsWith('/');
    this.defaults = options.defaults ? { ...options.defaults } : undefined;

    let methods: Set<string> | undefined;
    if (options.methods !== undefined) {
      if (typeof options.methods === 'string') {
        // Flask's wording (app.add_url_rule).
        throw new TypeError('Allowed methods must be a list of strings, for example: @app.route(..., methods=["POST"])');
      }
      methods = new Set([...options.methods].map((m) => String(m).toUpperCase()));
      if (methods.has('GET')) methods.add('HEAD');
    }
    this.provideAutomaticOptions = options.provideAutomaticOptions ?? (methods !== undefined && !methods.has('OPTIONS'));
    if (this.provideAutomaticOptions && methods) methods.add('OPTIONS');
    this.methodSet = methods;
    this.methods = methods ? [...methods].sort() : undefined;

    const source = this.mergeSlashes ? rule.replace(/\/{2,}/g, '/') : rule;
    const parsed = parseRule(source, context.converters, context.map);
    this.parts = parsed.parts;
    this.converters = parsed.converters;
    this.variableNames = [...parsed.converters.keys()];
    this.converterList = [...parsed.converters.values()];
    this.arguments = new Set([...this.variableNames, ...Object.keys(this.defaults ?? {})]);

    const defaults = this.defaults ?? {};
    this.#ops = parsed.trace.map((item): BuildOp => {
      if (!item.dynamic) return { text: quotePath(item.text) };
      // Werkzeug resolves a variable that also has a default to a constant at compile time.
      if (Object.hasOwn(defaults, item.name)) return { text: this.converters.get(item.name)!.toUrl(defaults[item.name]) };
      return { name: item.name };
    });

    this.redirectTo = options.redirectTo;
    if (typeof options.redirectTo === 'string') {
      for (const [, name] of options.redirectTo.matchAll(PLACEHOLDER)) {
        if (!this.converters.has(name!)) {
          // Werkzeug would fail with a KeyError (500) at request time; kolba refuses the rule.
          throw new RuleError(rule, `redirectTo ${pyRepr(options.redirectTo)} uses ${pyRepr(name!)}, which is not a variable of URL rule ${pyRepr(rule)}`);
        }
      }
    }
  }

  /**
   * Builds this rule's path from `values` (Werkzeug `Rule.build`): variables through their
   * converter's `toUrl`, unknown keys appended as a query string. Returns `undefined` when a
   * converter rejects a value with `ValidationError`; other errors propagate.
   *
   * @example
   * ```ts
   * rule.build({ id: 5, tab: 'posts' }); // '/user/5?tab=posts'
   * ```
   */
  build(values: Readonly<Record<string, unknown>>, appendUnknown = true): string | undefined {
    let url = '';
    try {
      for (const op of this.#ops) url += op.name === undefined ? op.text : this.converters.get(op.name)!.toUrl(values[op.name]);
    } catch (err) {
      if (err instanceof ValidationError) return undefined;
      throw err;
    }
    if (appendUnknown) {
      const extra = Object.entries(values).filter(([key]) => !this.arguments.has(key));
      const query = extra.length ? encodeQuery(extra) : '';
      if (query) url += `?${query}`;
    }
    return url;
  }

  /** Werkzeug `Rule.suitable_for`: can `values` (and `method`) build this rule? */
  suitableFor(values: Readonly<Record<string, unknown>>, method: string | undefined): boolean {
    if (method !== undefined && this.methodSet && !this.methodSet.has(method)) return false;
    const defaults = this.defaults ?? {};
    for (const key of this.arguments) if (!Object.hasOwn(defaults, key) && !Object.hasOwn(values, key)) return false;
    for (const [key, value] of Object.entries(defaults)) if (Object.hasOwn(values, key) && values[key] !== value) return false;
    return true;
  }

  /** Werkzeug `Rule.provides_defaults_for`: this rule is the canonical form of `rule`'s URLs. */
  providesDefaultsFor(rule: Rule): boolean {
    return (
      !this.buildOnly &&
      this.defaults !== undefined &&
      Object.keys(this.defaults).length > 0 &&
      this.endpoint === rule.endpoint &&
      this !== rule &&
      this.arguments.size === rule.arguments.size &&
      [...this.arguments].every((a) => rule.arguments.has(a))
    );
  }

  /** Werkzeug `build_compare_key`: aliases last, then more arguments, then more defaults first. */
  buildCompareKey(): readonly [number, number, number] {
    return [this.alias ? 1 : 0, -this.arguments.size, -Object.keys(this.defaults ?? {}).length];
  }

  /** The rule string. */
  toString(): string {
    return this.rule;
  }
}
