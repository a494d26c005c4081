/**
 * The few Python conversions Werkzeug's converters rely on (`int()`, `float()`, `str(float)`),
 * reproduced for JavaScript values so `toUrl` accepts what Werkzeug accepts and rejects the rest
 * with Python's messages.
 *
 * @module
 */

const INT_LITERAL = /^\s*([+-]?)(\d+(?:_\d+)*)\s*$/;
const FLOAT_LITERAL = /^\s*[+-]?(?:(?:\d+(?:_\d+)*)?\.?\d+(?:_\d+)*|\d+(?:_\d+)*\.)(?:[eE][+-]?\d+(?:_\d+)*)?\s*$/;
const FLOAT_SPECIAL = /^\s*([+-]?)(inf|infinity|nan)\s*$/i;

function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'dict' : typeof value;
}

/**
 * Python `int(value)` for the int converter's `toUrl`: numbers truncate toward zero (`3.9` → `3`),
 * booleans are 0/1, bigints and integer strings (`'42'`, `' -7 '`, `'1_000'`) are exact.
 * Anything else throws a `TypeError` carrying Python's message (Werkzeug lets that `ValueError`
 * propagate instead of turning it into a `BuildError`).
 *
 * @example
 * ```ts
 * pyInt(3.9); // 3n
 * pyInt('12345678901234567890'); // 12345678901234567890n
 * ```
 */
export function pyInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new TypeError(
        Number.isNaN(value) ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer',
      );
    }
    return BigInt(Math.trunc(value));
  }
  if (typeof value === 'string') {
    const m = INT_LITERAL.exec(value);
    if (m) return BigInt(`${m[1]}${m[2]!.replace(/_/g, '')}`);
    throw new TypeError(`invalid literal for int() with base 10: '${value}'`);
  }
  throw new TypeError(`int() argument must be a string, a bytes-like object or a real number, not '${typeName(value)}'`);
}

/**
 * Python `float(value)`: numbers as they are, booleans 0/1, bigints converted, numeric strings
 * parsed (`'1.5'`, `'1e5'`, `'inf'`, `'nan'`). Anything else throws a `TypeError` with Python's
 * message.
 *
 * @example
 * ```ts
 * pyFloat('2.50'); // 2.5
 * ```
 */
export function pyFloat(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    if (FLOAT_LITERAL.test(value)) return Number(value.replace(/_/g, '').trim());
    const special = FLOAT_SPECIAL.exec(value);
    if (special) {
      if (special[2]!.toLowerCase() === 'nan') return Number.NaN;
      return special[1] === '-' ? -Infinity : Infinity;
    }
    throw new TypeError(`could not convert string to float: '${value}'`);
  }
  throw new TypeError(`float() argument must be a string or a real number, not '${typeName(value)}'`);
}

/**
 * Formats a float for a URL as spec §2.6 recommends: the shortest decimal that round-trips, always
 * with a fractional part and never in exponent notation (`1.0`, `0.5`, `0.00001`,
 * `100000000000000000000.0`). Matches Werkzeug 3.1 (`str(float)`) for everyday values, and
 * unlike it never emits `1e-05`/`1e+20`, which the float converter could not match back
 * (pallets/werkzeug#3146); avoids Werkzeug-main's `1.` regression. Non-finite values are written
 * like Python (`nan`, `inf`, `-inf`).
 *
 * @example
 * ```ts
 * formatFloat(3); // '3.0'
 * formatFloat(1e-5); // '0.00001'
 * ```
 */
export function formatFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Object.is(value, -0)) return '-0.0';
  let text = String(value);
  const e = text.indexOf('e');
  if (e >= 0) {
    const sign = text.startsWith('-') ? '-' : '';
    const mantissa = text.slice(sign.length, e);
    const exponent = Number(text.slice(e + 1));
    const dot = mantissa.indexOf('.');
    const digits = mantissa.replace('.', '');
    const point = (dot < 0 ? mantissa.length : dot) + exponent;
    if (point <= 0) text = `${sign}0.${'0'.repeat(-point)}${digits}`;
    else if (point >= digits.length) text = `${sign}${digits}${'0'.repeat(point - digits.length)}`;
    else text = `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  return text.includes('.') ? text : `${text}.0`;
}
