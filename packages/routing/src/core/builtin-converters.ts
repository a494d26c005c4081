/**
 * Werkzeug's built-in converters (spec §2.2–§2.6): `default`/`string`, `int`, `float`, `path`,
 * `uuid`, `any`.
 *
 * @module
 */

import type { ConverterArg } from './converter-args.js';
import { BaseConverter, SCANNER, escapeRegex, type ConverterClass } from './converters.js';
import { ValidationError } from './errors.js';
import { formatFloat, pyFloat, pyInt } from './python-values.js';
import { anyScanner, floatScanner, intScanner, pathScanner, stringScanner, uuidScanner } from './scanners.js';

/** Binds Python-style positional/keyword arguments to named parameters, with Python's errors. */
function bind(
  cls: string,
  params: readonly string[],
  defaults: readonly ConverterArg[],
  args: readonly ConverterArg[],
  kwargs: Readonly<Record<string, ConverterArg>>,
): ConverterArg[] {
  if (args.length > params.length) {
    throw new TypeError(
      `${cls}.__init__() takes from 2 to ${params.length + 2} positional arguments but ${args.length + 2} were given`,
    );
  }
  const bound = [...defaults];
  args.forEach((value, i) => (bound[i] = value));
  for (const [key, value] of Object.entries(kwargs)) {
    const i = params.indexOf(key);
    if (i < 0) throw new TypeError(`${cls}.__init__() got an unexpected keyword argument '${key}'`);
    if (i < args.length) throw new TypeError(`${cls}.__init__() got multiple values for argument '${key}'`);
    bound[i] = value;
  }
  return bound;
}

function toInt(value: ConverterArg): number {
  return Number(pyInt(value));
}

function toBound(name: string, value: ConverterArg): number | null {
  if (value === null) return null;
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got '${String(value)}'`);
  return value;
}

/**
 * `default` / `string`: one segment, `minlength=1`, `maxlength=None`, `length=None` (positional
 * in that order). Lengths count characters (code points) after percent-decoding.
 *
 * @example
 * ```ts
 * map.add('/code/<string(length=2):cc>', { endpoint: 'country' });
 * ```
 */
export class UnicodeConverter extends BaseConverter {
  constructor(map: unknown, args: readonly ConverterArg[] = [], kwargs: Readonly<Record<string, ConverterArg>> = {}) {
    super(map);
    const [minlength, maxlength, length] = bind('UnicodeConverter', ['minlength', 'maxlength', 'length'], [1, null, null], args, kwargs);
    let min: number;
    let max: number | null;
    if (length !== null && length !== undefined) {
      min = max = toInt(length);
      this.regex = `[^/]{${min}}`;
    } else {
      min = toInt(minlength ?? 1);
      max = maxlength === null || maxlength === undefined ? null : toInt(maxlength);
      this.regex = `[^/]{${min},${max ?? ''}}`;
    }
    this[SCANNER] = stringScanner(this.regex, min, max);
  }
}

/**
 * `path`: like `string` but also matches slashes (`[^/].*?`, weight 200, not part-isolating).
 *
 * @example
 * ```ts
 * map.add('/static/<path:filename>', { endpoint: 'static' });
 * ```
 */
export class PathConverter extends BaseConverter {
  override regex = '[^/].*?';
  override weight = 200;
  override partIsolating: boolean | undefined = false;
  constructor(map: unknown, args: readonly ConverterArg[] = [], kwargs: Readonly<Record<string, ConverterArg>> = {}) {
    super(map, args, kwargs);
    this[SCANNER] = pathScanner(this.regex);
  }
}

/**
 * `any(a, b, …)`: one of the given items. Building validates the value with Werkzeug's message
 * and emits it without percent-encoding, as Werkzeug does.
 *
 * @example
 * ```ts
 * map.add('/<any(about, help):page>', { endpoint: 'page' });
 * ```
 */
export class AnyConverter extends BaseConverter {
  // Werkzeug sets the regex per instance, so `any` keeps the inherited `part_isolating = True`
  // even for an item containing `/` (`<any("a/b"):x>` never matches `/a/b`); without this the
  // regex inference would let such an item span segments.
  override partIsolating: boolean | undefined = true;
  readonly items: ReadonlySet<string>;
  constructor(map: unknown, args: readonly ConverterArg[] = [], kwargs: Readonly<Record<string, ConverterArg>> = {}) {
    super(map);
    const unexpected = Object.keys(kwargs)[0];
    if (unexpected !== undefined) throw new TypeError(`AnyConverter.__init__() got an unexpected keyword argument '${unexpected}'`);
    // Werkzeug needs str items (re.escape raises on `any(1, 2)`); kolba stringifies them.
    const items = args.map((item) => String(item));
    this.items = new Set(items);
    this.regex = `(?:${items.map(escapeRegex).join('|')})`;
    this[SCANNER] = anyScanner(this.regex, items);
  }

  override toUrl(value: unknown): string {
    const text = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
    if (text !== undefined && this.items.has(text)) return text;
    const valid = [...this.items].sort().map((item) => `'${item}'`).join(', ');
    throw new TypeError(`'${String(value)}' is not one of ${valid}`);
  }
}

/** Shared by int and float (Werkzeug `NumberConverter`): min/max inclusive, optional sign. */
abstract class NumberConverter extends BaseConverter {
  override weight = 50;
  readonly fixedDigits: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly signed: boolean;

  constructor(map: unknown, fixedDigits: ConverterArg, min: ConverterArg, max: ConverterArg, signed: ConverterArg) {
    super(map);
    this.fixedDigits = toInt(fixedDigits ?? 0);
    this.min = toBound('min', min ?? null);
    this.max = toBound('max', max ?? null);
    this.signed = Boolean(signed);
  }

  protected checkRange(value: number): number {
    if ((this.min !== null && value < this.min) || (this.max !== null && value > this.max)) throw new ValidationError();
    return value;
  }
}

/**
 * `int(fixed_digits=0, min=None, max=None, signed=False)`: ASCII digits, weight 50. Values beyond
 * `Number.MAX_SAFE_INTEGER` are rejected (404) rather than silently rounded — see the README, "Differences from Flask".
 *
 * @example
 * ```ts
 * map.add('/page/<int(min=1):n>', { endpoint: 'page' });
 * map.add('/year/<int(fixed_digits=4):y>', { endpoint: 'year' }); // builds 0042
 * ```
 */
export class IntegerConverter extends NumberConverter {
  constructor(map: unknown, args: readonly ConverterArg[] = [], kwargs: Readonly<Record<string, ConverterArg>> = {}) {
    const [fixed, min, max, signed] = bind('IntegerConverter', ['fixed_digits', 'min', 'max', 'signed'], [0, null, null, false], args, kwargs);
    super(map, fixed!, min!, max!, signed!);
    this.regex = this.signed ? '-?\\d+' : '\\d+';
    this[SCANNER] = intScanner(this.regex, this.signed);
  }

  override toPython(value: string): number {
    if (this.fixedDigits && value.length !== this.fixedDigits) throw new ValidationError();
    const n = Number(value);
    // Python ints are unbounded; a JS number past 2^53 would silently be a different id.
    if (!Number.isSafeInteger(n)) throw new ValidationError();
    return this.checkRange(n === 0 ? 0 : n);
  }

  override toUrl(value: unknown): string {
    const text = pyInt(value).toString();
    // Python str.zfill: the sign counts toward the width (-5 with fixed_digits=3 → '-05').
    if (!this.fixedDigits || text.length >= this.fixedDigits) return text;
    const sign = text.startsWith('-') ? '-' : '';
    return sign + text.slice(sign.length).padStart(this.fixedDigits - sign.length, '0');
  }
}

/**
 * `float(min=None, max=None, signed=False)`: `\d+\.\d+`, weight 50. Builds the shortest
 * round-trip decimal without exponent (`1.0`, `0.00001`).
 *
 * @example
 * ```ts
 * map.add('/price/<float(max=100.0):p>', { endpoint: 'price' });
 * ```
 */
export class FloatConverter extends NumberConverter {
  constructor(map: unknown, args: readonly ConverterArg[] = [], kwargs: Readonly<Record<string, ConverterArg>> = {}) {
    const [min, max, signed] = bind('FloatConverter', ['min', 'max', 'signed'], [null, null, false], args, kwargs);
    super(map, 0, min!, max!, signed!);
    this.regex = this.signed ? '-?\\d+\\.\\d+' : '\\d+\\.\\d+';
    this[SCANNER] = floatScanner(this.regex, this.signed);
  }

  override toPython(value: string): number {
    return this.checkRange(Number(value));
  }

  override toUrl(value: unknown): string {
    return formatFloat(pyFloat(value));
  }
}

/**
 * `uuid`: 8-4-4-4-12 hex digits in either case; the view receives the lower-cased string
 * (JavaScript has no UUID type). Building emits the value as given, unquoted, like Werkzeug.
 *
 * @example
 * ```ts
 * map.add('/doc/<uuid:id>', { endpoint: 'doc' });
 * ```
 */
export class UUIDConverter extends BaseConverter {
  override regex = '[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}';
  constructor(map: unknown, args: readonly ConverterArg[] = [], kwargs: Readonly<Record<string, ConverterArg>> = {}) {
    super(map, args, kwargs);
    this[SCANNER] = uuidScanner(this.regex);
  }

  override toPython(value: string): string {
    return value.toLowerCase();
  }

  override toUrl(value: unknown): string {
    return String(value);
  }
}

/**
 * Werkzeug's `Map.default_converters`.
 * @example
 * ```ts
 * Object.keys(DEFAULT_CONVERTERS); // ['default', 'string', 'any', 'path', 'int', 'float', 'uuid']
 * ```
 */
export const DEFAULT_CONVERTERS: Readonly<Record<string, ConverterClass>> = Object.freeze({
  default: UnicodeConverter,
  string: UnicodeConverter,
  any: AnyConverter,
  path: PathConverter,
  int: IntegerConverter,
  float: FloatConverter,
  uuid: UUIDConverter,
});

