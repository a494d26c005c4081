/**
 * Werkzeug's converter protocol (`BaseConverter`, spec §2.1) and {@link defineConverter} for
 * custom converters. The built-ins live in `builtin-converters.ts`.
 *
 * @module
 */

import type { ConverterArg } from './converter-args.js';
import { quotePath } from './quoting.js';
import type { Scanner } from './scanners.js';

/**
 * Internal: the backtracking-free scanner of a built-in converter (see `scanners.ts`).
 * @example
 * ```ts
 * const scanner = new IntegerConverter(null)[SCANNER]; // internal
 * ```
 */
export const SCANNER: unique symbol = Symbol('kolba.routing.scanner');

/**
 * Werkzeug's `BaseConverter`: a regex for one value, a weight for precedence, and the two
 * conversions. Subclass it (or use {@link defineConverter}) for custom converters and register
 * the class under a name with `new RuleMap({ converters: { name: Class } })`.
 *
 * Constructor arguments are the placeholder's parsed arguments (`<name(1, x=2):v>` → `[1]`,
 * `{ x: 2 }`); the base class ignores them, as Werkzeug's does.
 *
 * @example
 * ```ts
 * class ListConverter extends BaseConverter {
 *   override regex = '\\w+(?:,\\w+)*';
 *   override toPython(value: string): string[] { return value.split(','); }
 *   override toUrl(value: unknown): string { return (value as string[]).map(quotePath).join(','); }
 * }
 * const map = new RuleMap({ converters: { list: ListConverter } });
 * ```
 */
export class BaseConverter {
  /** Regex (JavaScript syntax) for the value; anchored to the whole value by the router. */
  regex = '[^/]+';
  /** Order among dynamic alternatives in one segment: lower is tried first (int 50, string 100, path 200). */
  weight = 100;
  /**
   * Whether the value stays inside one path segment. `undefined` = decide from the regex: `false`
   * when it can match a `/` (Werkzeug ≥ 2.3 infers this for subclasses that define a regex).
   */
  partIsolating: boolean | undefined = undefined;
  /** The map the converter belongs to (Werkzeug passes it as the first constructor argument). */
  readonly map: unknown;
  /** Internal: set by built-ins whose regex can be matched without backtracking. */
  [SCANNER]: Scanner | undefined = undefined;

  constructor(map?: unknown, args: readonly ConverterArg[] = [], kwargs: Readonly<Record<string, ConverterArg>> = {}) {
    void args;
    void kwargs;
    this.map = map;
  }

  /** Request value → view argument. Throw {@link ValidationError} to reject (→ 404). */
  toPython(value: string): unknown {
    return value;
  }

  /** View argument → URL text: `quote(str(value), safe="!$&'()*+,/:;=@")` by default. */
  toUrl(value: unknown): string {
    return quotePath(String(value));
  }
}

/**
 * A converter class as registered in `RuleMap({ converters })`.
 * @example
 * ```ts
 * const converters: Record<string, ConverterClass> = { even: EvenConverter };
 * ```
 */
export type ConverterClass = new (
  map: unknown,
  args: readonly ConverterArg[],
  kwargs: Readonly<Record<string, ConverterArg>>,
) => BaseConverter;

/**
 * Whether a converter's value stays inside one path segment (Werkzeug's `part_isolating`).
 * `partIsolating` set explicitly wins; `undefined` is decided from the regex: a `/` outside negated
 * classes like `[^/]` means the value can span segments (Werkzeug ≥ 2.3 infers `False` for a
 * subclass regex containing `/`). The matcher and the @koa/router adapter both decide with this.
 * @example
 * ```ts
 * isPartIsolating(new PathConverter(null)); // false
 * ```
 */
export function isPartIsolating(converter: BaseConverter): boolean {
  return converter.partIsolating ?? !converter.regex.replace(/\[\^[^\]]*\]/g, '').includes('/');
}

/**
 * Compiles regex text the way the matcher does: with the `u` flag when the text is valid in `u`
 * mode (so `.` and `[^/]` take whole code points), else without (a custom regex written with
 * escapes such as `\-` that only non-`u` mode accepts).
 * @example
 * ```ts
 * compileRegex('^(?:\\d+)$').test('42'); // true
 * ```
 */
export function compileRegex(source: string): RegExp {
  try {
    return new RegExp(source, 'u');
  } catch {
    return new RegExp(source);
  }
}

/**
 * The converter's regex anchored to a whole value (`^(?:regex)$`), compiled as the matcher
 * compiles it — for adapters that capture values with another router and check them afterwards.
 * @example
 * ```ts
 * converterPattern(new IntegerConverter(null)).test('007'); // true
 * converterPattern(new IntegerConverter(null)).test('7a');  // false
 * ```
 */
export function converterPattern(converter: BaseConverter): RegExp {
  return compileRegex(`^(?:${converter.regex})$`);
}

/**
 * Escapes static text for a `u`-flag RegExp (Werkzeug `re.escape`).
 * @example
 * ```ts
 * escapeRegex('a.b'); // 'a\\.b'
 * ```
 */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/**
 * What {@link defineConverter} needs: Werkzeug's converter members, all optional.
 * @example
 * ```ts
 * const spec: ConverterSpec<number> = { regex: '\\d+', toPython: Number };
 * ```
 */
export interface ConverterSpec<T> {
  /** Regex for one value (JavaScript syntax). Default `[^/]+`. */
  regex?: string;
  /** Precedence weight, lower first. Default 100. */
  weight?: number;
  /** Default: inferred from `regex` (false when it can match `/`). */
  partIsolating?: boolean;
  /** Throw {@link ValidationError} to reject the value (→ 404, no fall-through). */
  toPython?: (value: string) => T;
  /** Throw {@link ValidationError} to make the build skip this rule. */
  toUrl?: (value: T) => string;
}

/**
 * Creates a converter class from plain functions, for the common case that needs no arguments.
 *
 * @example
 * ```ts
 * const BoolConverter = defineConverter({
 *   regex: 'yes|no',
 *   toPython: (v) => v === 'yes',
 *   toUrl: (v: boolean) => (v ? 'yes' : 'no'),
 * });
 * const map = new RuleMap({ converters: { bool: BoolConverter } });
 * map.add('/flag/<bool:on>', { endpoint: 'flag' });
 * ```
 */
export function defineConverter<T = string>(spec: ConverterSpec<T>): ConverterClass {
  return class DefinedConverter extends BaseConverter {
    override regex = spec.regex ?? '[^/]+';
    override weight = spec.weight ?? 100;
    override partIsolating = spec.partIsolating;
    override toPython(value: string): unknown {
      return spec.toPython ? spec.toPython(value) : value;
    }
    override toUrl(value: unknown): string {
      return spec.toUrl ? spec.toUrl(value as T) : super.toUrl(value);
    }
  };
}
