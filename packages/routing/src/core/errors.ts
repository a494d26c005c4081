/**
 * Errors raised by the routing core. Names follow Werkzeug (`ValidationError`, `BuildError`);
 * `RuleError` stands in for the `ValueError`/`LookupError`/`TypeError` Werkzeug raises while
 * compiling a malformed rule.
 *
 * @module
 */

/**
 * Thrown by a converter's `toPython` to say "this value is not acceptable here" (→ 404), or by
 * `toUrl` to say "this rule cannot build that value" (the next rule of the endpoint is tried).
 *
 * Werkzeug ≥ 2.2 semantics: a `ValidationError` while matching does **not** fall through to other
 * rules; the request ends with 404 (or 405 if another rule matched the path for other methods).
 *
 * @example
 * ```ts
 * class EvenConverter extends BaseConverter {
 *   override regex = '\\d+';
 *   override toPython(value: string): number {
 *     const n = Number(value);
 *     if (n % 2) throw new ValidationError();
 *     return n;
 *   }
 * }
 * ```
 */
export class ValidationError extends Error {
  override name = 'ValidationError';
  constructor(message = 'value rejected by converter') {
    super(message);
  }
}

/**
 * A rule that cannot be registered: malformed placeholder syntax, a rule not starting with `/`,
 * an unknown converter, bad converter arguments or a duplicate variable name. The message names
 * the rule and uses Werkzeug's wording where Werkzeug has one.
 *
 * @example
 * ```ts
 * try { map.add('/a/<int:x', { endpoint: 'a' }); }
 * catch (err) { (err as RuleError).message; } // "malformed url rule: '/a/<int:x'"
 * ```
 */
export class RuleError extends Error {
  override name = 'RuleError';
  /** The offending rule string. */
  readonly rule: string;
  constructor(rule: string, message: string) {
    super(message);
    this.rule = rule;
  }
}

/**
 * Minimal view of a rule used by {@link BuildError} for its suggestion (avoids an import cycle).
 * @example
 * ```ts
 * const rule: BuildErrorRule = map.rules[0]!;
 * ```
 */
export interface BuildErrorRule {
  readonly endpoint: string;
  readonly methods: readonly string[] | undefined;
  readonly arguments: ReadonlySet<string>;
  readonly defaults: Readonly<Record<string, unknown>> | undefined;
}

/**
 * No rule of `endpoint` could be built from the given values (Werkzeug `BuildError`, a
 * `LookupError` in Python). The message follows Werkzeug's, including its suggestion: the rule
 * whose endpoint is most similar (difflib ratio), and for the same endpoint the methods to use
 * or the values that are missing.
 *
 * @example
 * ```ts
 * try { map.build('user'); }
 * catch (err) {
 *   // "Could not build url for endpoint 'user'. Did you forget to specify values ['id']?"
 *   if (err instanceof BuildError) console.log(err.message, err.suggested?.rule);
 * }
 * ```
 */
export class BuildError extends Error {
  override name = 'BuildError';
  readonly endpoint: string;
  /** The values after `null`/`undefined` entries were dropped. */
  readonly values: Readonly<Record<string, unknown>>;
  /** The method passed explicitly to `build`, if any. */
  readonly method: string | undefined;
  /** The closest rule (Werkzeug's `suggested`), or `undefined` when the map is empty. */
  readonly suggested: (BuildErrorRule & { readonly rule: string }) | undefined;

  constructor(
    endpoint: string,
    values: Readonly<Record<string, unknown>>,
    method: string | undefined,
    suggested: (BuildErrorRule & { readonly rule: string }) | undefined,
  ) {
    super(buildErrorMessage(endpoint, values, method, suggested));
    this.endpoint = endpoint;
    this.values = values;
    this.method = method;
    this.suggested = suggested;
  }
}

/**
 * Python `repr()` of a str as Werkzeug's messages show it (single quotes).
 * @example
 * ```ts
 * pyRepr('a'); // "'a'"
 * ```
 */
export function pyRepr(value: string): string {
  return value.includes("'") && !value.includes('"') ? `"${value}"` : `'${value.replace(/'/g, "\\'")}'`;
}

/**
 * Python `repr()` of a sorted list of str: `['a', 'b']`.
 * @example
 * ```ts
 * pyListRepr(['b', 'a']); // "['a', 'b']"
 * ```
 */
export function pyListRepr(values: Iterable<string>): string {
  return `[${[...values].sort(pyCompare).map(pyRepr).join(', ')}]`;
}

/**
 * Code-point order, as Python sorts str (JS `sort()` compares UTF-16 units).
 * @example
 * ```ts
 * ['b', 'a'].sort(pyCompare); // ['a', 'b']
 * ```
 */
export function pyCompare(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

function buildErrorMessage(
  endpoint: string,
  values: Readonly<Record<string, unknown>>,
  method: string | undefined,
  suggested: BuildErrorRule | undefined,
): string {
  // Werkzeug routing/exceptions.py BuildError.__str__, piece by piece.
  let message = `Could not build url for endpoint ${pyRepr(endpoint)}`;
  if (method) message += ` (${pyRepr(method)})`;
  const keys = Object.keys(values);
  if (keys.length) message += ` with values ${pyListRepr(keys)}`;
  message += '.';
  if (suggested) {
    if (suggested.endpoint === endpoint) {
      if (method && suggested.methods !== undefined && !suggested.methods.includes(method)) {
        message += ` Did you mean to use methods ${pyListRepr(suggested.methods)}?`;
      }
      const missing = new Set([...suggested.arguments, ...Object.keys(suggested.defaults ?? {})]);
      for (const key of keys) missing.delete(key);
      if (missing.size) message += ` Did you forget to specify values ${pyListRepr(missing)}?`;
    } else {
      message += ` Did you mean ${pyRepr(suggested.endpoint)} instead?`;
    }
  }
  return message;
}
