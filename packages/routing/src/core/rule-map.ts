/**
 * `RuleMap`: Werkzeug's `Map` + `MapAdapter` without the WSGI environment. Register rules, match
 * a request path and method to a {@link MatchResult}, build URLs by endpoint.
 *
 * @module
 */

import { DEFAULT_CONVERTERS } from './builtin-converters.js';
import type { ConverterClass } from './converters.js';
import { BuildError, ValidationError } from './errors.js';
import { quotePath } from './quoting.js';
import { Rule, type RuleOptions } from './rule.js';
import { assembleUrl, closestRule, resolveAgainstRoot } from './url-assembly.js';
import { StateMachine, type SearchResult } from './state-machine.js';

/**
 * Options of {@link RuleMap}.
 * @example
 * ```ts
 * const map = new RuleMap({ strictSlashes: false, converters: { even: EvenConverter } });
 * ```
 */
export interface RuleMapOptions {
  /** Default for rules (Werkzeug `Map(strict_slashes=True)`, Flask's default): `/a/` requested as `/a` → 308. */
  strictSlashes?: boolean;
  /** Default for rules (Werkzeug `Map(merge_slashes=True)`): `/a//b` → 308 to `/a/b`. */
  mergeSlashes?: boolean;
  /** Extra converters by name, merged over the built-ins (Flask `app.url_map.converters`). */
  converters?: Readonly<Record<string, ConverterClass>>;
  /** Werkzeug `Map(redirect_defaults=True)`: redirect non-canonical URLs to the rule holding the defaults. */
  redirectDefaults?: boolean;
}

/**
 * The outcome of {@link RuleMap.match}. `redirect.location` is a path relative to the map's root
 * (prefix it with the mount point / script root), or an absolute URL from `redirectTo`; append
 * the request's raw query string when `keepQuery` is true.
 * @example
 * ```ts
 * const result: MatchResult = map.match('/user/1', 'GET');
 * if (result.kind === 'match') console.log(result.params);
 * ```
 */
export type MatchResult =
  | { kind: 'match'; rule: Rule; params: Record<string, unknown> }
  | { kind: 'redirect'; location: string; keepQuery: boolean; code: 308 }
  | { kind: 'methodNotAllowed'; allowed: string[] }
  | { kind: 'notFound' }
  | { kind: 'options'; allowed: string[] };

/**
 * Options of {@link RuleMap.build} (Flask `url_for`'s underscore arguments).
 * @example
 * ```ts
 * map.build('user', { id: 1 }, { external: true, host: 'example.com', anchor: 'top' });
 * ```
 */
export interface BuildOptions {
  /** Build the rule for this method (`_method`); unsuitable rules are skipped. */
  method?: string;
  /** Method tried first when `method` is omitted (Werkzeug: the current request's method). Default `GET`. */
  defaultMethod?: string;
  /** Appended as `#` + quoted anchor (`_anchor`). */
  anchor?: string;
  /** Absolute URL `<scheme>://<host><scriptName>/<path>` (`_external`). Implied by `scheme`. */
  external?: boolean;
  /** `https`/`wss` → `https`, any other non-empty value → `http`, `''` → protocol-relative `//host` (`_scheme`). */
  scheme?: string;
  /** Host (and port) for external URLs, e.g. the request's `Host`. Required when external. */
  host?: string;
  /** Mount point / script root prepended to the path (Flask `APPLICATION_ROOT` / `SCRIPT_NAME`). */
  scriptName?: string;
  /** Append values that are not rule arguments as a query string. Default true. */
  appendUnknown?: boolean;
}

const NOT_FOUND: MatchResult = Object.freeze({ kind: 'notFound' }) as MatchResult;
/** A method no rule lists: Werkzeug's `allowed_methods` trick to collect every method of a path. */
const NO_METHOD = '--';

function redirect(location: string, keepQuery: boolean): MatchResult {
  return { kind: 'redirect', location, keepQuery, code: 308 };
}

/** `/{path.lstrip('/')}` without a regex; `''` stays `''` (redirected to `/`). */
function normalise(path: string): string {
  let i = 0;
  while (path.charCodeAt(i) === 0x2f) i++;
  return path === '' ? '' : i === 1 ? path : `/${path.slice(i)}`;
}

/**
 * A set of URL rules with Werkzeug's matching and building semantics; no Koa, no I/O.
 *
 * @example
 * ```ts
 * const map = new RuleMap();
 * map.add('/', { endpoint: 'index', methods: ['GET'] });
 * map.add('/user/<int:id>', { endpoint: 'user', methods: ['GET', 'POST'] });
 * map.match('/user/42', 'GET');   // { kind: 'match', rule, params: { id: 42 } }
 * map.match('/user/42', 'PUT');   // { kind: 'methodNotAllowed', allowed: ['GET', 'HEAD', 'OPTIONS', 'POST'] }
 * map.build('user', { id: 7, tab: 'x' }); // '/user/7?tab=x'
 * ```
 */
export class RuleMap {
  readonly strictSlashes: boolean;
  readonly mergeSlashes: boolean;
  readonly redirectDefaults: boolean;
  /** Converter classes by name (built-ins plus the ones passed in). */
  readonly converters: Readonly<Record<string, ConverterClass>>;
  readonly #rules: Rule[] = [];
  readonly #byEndpoint = new Map<string, Rule[]>();
  readonly #machine = new StateMachine();

  constructor(options: RuleMapOptions = {}) {
    this.strictSlashes = options.strictSlashes ?? true;
    this.mergeSlashes = options.mergeSlashes ?? true;
    this.redirectDefaults = options.redirectDefaults ?? true;
    this.converters = Object.freeze({ ...DEFAULT_CONVERTERS, ...options.converters });
  }

  /** Every rule, in registration order. */
  get rules(): readonly Rule[] {
    return this.#rules;
  }

  /**
   * Compiles and registers a rule. Throws `RuleError` (naming the rule) for malformed rules,
   * unknown converters, bad converter arguments and duplicate variable names; `TypeError` when
   * `methods` is a string.
   *
   * @example
   * ```ts
   * map.add('/all/', { endpoint: 'all', defaults: { page: 1 } });
   * map.add('/all/page/<int:page>', { endpoint: 'all' });
   * ```
   */
  add(rule: string, options: RuleOptions): Rule {
    const compiled = new Rule(rule, options, {
      strictSlashes: this.strictSlashes,
      mergeSlashes: this.mergeSlashes,
      converters: this.converters,
      map: this,
    });
    // Insert into the trie first: if that throws, nothing half-registered remains.
    if (!compiled.buildOnly) this.#machine.add(compiled);
    this.#rules.push(compiled);
    const list = this.#byEndpoint.get(compiled.endpoint) ?? [];
    this.#byEndpoint.set(compiled.endpoint, list);
    // Build order (Werkzeug `build_compare_key`), stable: insert after every rule that sorts ≤.
    const key = compiled.buildCompareKey();
    let at = list.length;
    while (at > 0 && compareKeys(list[at - 1]!.buildCompareKey(), key) > 0) at--;
    list.splice(at, 0, compiled);
    return compiled;
  }

  /**
   * Matches a request. `path` is the **percent-decoded** request path without the query string,
   * as Werkzeug sees `PATH_INFO` (use {@link decodePath} on Koa's raw `ctx.path`: UTF-8, U+FFFD
   * for invalid bytes, bad escapes kept, `%2F` becomes a separator). `method` is the request
   * method. Never throws for any path string; only a custom converter's own errors propagate
   * (Werkzeug → 500).
   *
   * @example
   * ```ts
   * const r = map.match(decodePath(ctx.path), ctx.method);
   * if (r.kind === 'redirect') ctx.redirect(r.location + (r.keepQuery && ctx.querystring ? `?${ctx.querystring}` : ''));
   * ```
   */
  match(path: string, method: string): MatchResult {
    return this.#match(normalise(path), upper(method));
  }

  /**
   * Methods accepted by the rules matching `path` (decoded, as for {@link match}), sorted
   * alphabetically; `[]` when nothing matches or a rule accepts any method (Werkzeug
   * `allowed_methods`).
   *
   * @example
   * ```ts
   * map.allowedMethods('/user/1'); // ['GET', 'HEAD', 'OPTIONS', 'POST']
   * ```
   */
  allowedMethods(path: string): string[] {
    return this.#allowed(normalise(path));
  }

  #allowed(path: string): string[] {
    const result = this.#match(path, NO_METHOD);
    return result.kind === 'methodNotAllowed' ? result.allowed : [];
  }

  #match(path: string, method: string): MatchResult {
    let found: SearchResult = this.#machine.search(path, method);
    if (found.slashRequired) return redirect(quotePath(`${path}/`), true);
    if (!found.rule && this.mergeSlashes && path.includes('//')) {
      // Only after a normal match failed: retry with runs of slashes collapsed (Werkzeug ≥ 3.1.7
      // collapses any run; 2.2 and ≤ 3.1.6 only pairs) and redirect there if a rule takes it.
      const merged = path.replace(/\/{2,}/g, '/');
      const again = this.#machine.search(merged, method);
      if (again.slashRequired) return redirect(quotePath(`${merged}/`), true);
      if (again.rule && again.rule.mergeSlashes) return redirect(quotePath(merged), true);
      if (found.haveMatchFor || again.haveMatchFor) {
        const union = new Set([...(found.haveMatchFor ?? []), ...(again.haveMatchFor ?? [])]);
        found = { ...found, haveMatchFor: union };
      }
    }
    const rule = found.rule;
    if (!rule) return noMatch(found);

    const params: Record<string, unknown> = {};
    const names = rule.variableNames;
    const converters = rule.converterList;
    for (let i = 0; i < names.length; i++) {
      try {
        params[names[i]!] = converters[i]!.toPython(found.values[i]!);
      } catch (err) {
        // Werkzeug ≥ 2.2: no fall-through to other rules (spec §3.4).
        if (err instanceof ValidationError) return noMatch(found);
        throw err;
      }
    }
    if (rule.defaults) Object.assign(params, rule.defaults);

    if (rule.alias && this.redirectDefaults) {
      const location = this.#partialBuild(rule.endpoint, params, method, 'GET', false);
      if (location !== undefined && location !== path) return redirect(location, true);
    }
    if (this.redirectDefaults) {
      for (const other of this.#byEndpoint.get(rule.endpoint)!) {
        if (other === rule) break;
        if (other.providesDefaultsFor(rule) && other.suitableFor(params, method)) {
          const location = other.build({ ...params, ...other.defaults });
          if (location !== undefined) return redirect(location, true);
        }
      }
    }
    if (rule.redirectTo !== undefined) {
      const target =
        typeof rule.redirectTo === 'string'
          ? rule.redirectTo.replace(/<([^>]+)>/g, (_, name: string) => rule.converters.get(name)!.toUrl(params[name]))
          : rule.redirectTo(params);
      // Werkzeug drops the query string here (spec §4.6).
      return redirect(resolveAgainstRoot(target), false);
    }
    if (method === 'OPTIONS' && rule.provideAutomaticOptions) {
      return { kind: 'options', allowed: this.#allowed(path) };
    }
    return { kind: 'match', rule, params };
  }

  /**
   * Builds a URL for `endpoint` (Werkzeug `MapAdapter.build`, Flask `url_for`). `null`/`undefined`
   * values are dropped; values that are not rule arguments become the query string. Throws
   * {@link BuildError} when no rule of the endpoint fits.
   *
   * @example
   * ```ts
   * map.build('user', { id: 5 });                                      // '/user/5'
   * map.build('user', { id: 5 }, { external: true, host: 'example.com' }); // 'http://example.com/user/5'
   * map.build('user', { id: 5 }, { anchor: 'top', scriptName: '/app' });   // '/app/user/5#top'
   * ```
   */
  build(endpoint: string, values: Readonly<Record<string, unknown>> = {}, options: BuildOptions = {}): string {
    const clean: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) if (value !== null && value !== undefined) clean[key] = value;
    const method = options.method?.toUpperCase();
    const path = this.#partialBuild(endpoint, clean, method, options.defaultMethod?.toUpperCase() ?? 'GET', options.appendUnknown ?? true);
    if (path === undefined) throw new BuildError(endpoint, clean, method, closestRule(this.#rules, endpoint, clean, method));

    return assembleUrl(path, options, endpoint);
  }

  #partialBuild(
    endpoint: string,
    values: Readonly<Record<string, unknown>>,
    method: string | undefined,
    defaultMethod: string,
    appendUnknown: boolean,
  ): string | undefined {
    const rules = this.#byEndpoint.get(endpoint);
    if (!rules) return undefined;
    // No explicit method: prefer rules for the default (request) method, then any (§6.2).
    const attempts = method === undefined ? [defaultMethod, undefined] : [method];
    for (const attempt of attempts) {
      for (const rule of rules) {
        if (!rule.suitableFor(values, attempt)) continue;
        const url = rule.build(values, appendUnknown);
        if (url !== undefined) return url;
      }
    }
    return undefined;
  }
}

/** Upper-cases a method only when needed (Node already hands over upper-case methods). */
function upper(method: string): string {
  for (let i = 0; i < method.length; i++) {
    const c = method.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) return method.toUpperCase();
  }
  return method;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

function noMatch(found: SearchResult): MatchResult {
  return found.haveMatchFor ? { kind: 'methodNotAllowed', allowed: [...found.haveMatchFor].sort() } : NOT_FOUND;
}
