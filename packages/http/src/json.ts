/**
 * Flask's `DefaultJSONProvider` (2.2+): `json.dumps` with sorted keys, ASCII-only output and
 * Flask's `default` hook, byte for byte; `jsonify` wraps it in an `application/json` response.
 */
import { isHtmlSafe } from './markup.js';
import { HttpResponse } from './response.js';

/**
 * Options of Flask's JSON provider.
 *
 * @example
 * ```ts
 * jsonify(data, { debug: true, sortKeys: false });
 * ```
 */
export interface JsonOptions {
  /** Flask debug mode: pretty-print with indent 2 unless `compact` says otherwise. @default false */
  debug?: boolean;
  /** `app.json.sort_keys`: sort object keys by code point. @default true */
  sortKeys?: boolean;
  /** `app.json.ensure_ascii`: escape non-ASCII as `\uXXXX`. @default true */
  ensureAscii?: boolean;
  /** `app.json.compact`: `true` compact, `false` indent 2, `undefined` compact unless debug. */
  compact?: boolean;
  /** `app.json.mimetype`. @default "application/json" */
  mimetype?: string;
}

/**
 * Options of {@link dumps}, mirroring Python's `json.dumps` arguments.
 *
 * @example
 * ```ts
 * dumps({ a: 1 }, { indent: 2 });
 * ```
 */
export interface DumpsOptions {
  /** @default true */
  sortKeys?: boolean;
  /** @default true */
  ensureAscii?: boolean;
  /** Spaces per level; undefined = single line. */
  indent?: number;
  /** `[itemSeparator, keySeparator]`; default `[", ", ": "]` (Python's), `[",", ": "]` with indent. */
  separators?: readonly [string, string];
}

const SIMPLE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const SHORT: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x08: '\\b', 0x0c: '\\f' };

function encodeString(s: string, ascii: boolean): string {
  if (SIMPLE.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const short = SHORT[c];
    if (short !== undefined) out += short;
    // Python's ensure_ascii escapes everything outside ' '..'~' (DEL included), per UTF-16 unit,
    // with lowercase hex: "é" → "\u00e9", "😀" → "\ud83d\ude00".
    else if (c < 0x20 || (ascii && c > 0x7e)) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += s[i];
  }
  return `${out}"`;
}

// Python sorts str keys by code point; JS's default sort compares UTF-16 units, which differs
// only when a surrogate (an astral character) meets U+E000–U+FFFF. Keys are nearly always
// free of both, so sort natively and fall back to a code point comparison only when needed.
const HIGH_UNITS = /[\ud800-\uffff]/;

function byCodePoint(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = (x[i] as string).codePointAt(0)! - (y[i] as string).codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function sortNow(keys: string[]): string[] {
  // One regex over the joined keys is cheaper than one per key.
  return HIGH_UNITS.test(keys.join('')) ? keys.sort(byCodePoint) : keys.sort();
}

// Responses repeat shapes: every object of a list, every request to an endpoint. Remember the
// last key list seen per key count and its sorted order; a hit costs one string comparison per
// key (mostly a pointer check: V8 internalises property names) instead of a sort.
const TRACK_FROM = 16;

const shapes = new Map<number, { keys: readonly string[]; sorted: string[] }>();

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `keys` sorted by code point as Python sorts str keys; the result must not be mutated. */
function sortKeys(keys: string[]): readonly string[] {
  const n = keys.length;
  if (n < 2) return keys;
  if (n > 64) return sortNow(keys);
  const hit = shapes.get(n);
  if (hit !== undefined && sameKeys(hit.keys, keys)) return hit.sorted;
  const sorted = sortNow(keys.slice());
  shapes.set(n, { keys, sorted });
  return sorted;
}

// Quoted keys (`"name":` without the separator) are cached too: the same few hundred names
// come back all the time. Bounded, so hostile key sets cannot grow it without limit.
const quotedKeys = new Map<string, string>();

function encodeKey(key: string, ascii: boolean): string {
  if (!ascii || key.length > 64) return encodeString(key, ascii);
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = encodeString(key, true);
    if (quotedKeys.size < 4096) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * Numbers as Python writes them. Integral values are treated as Python ints; other values use Python's float `repr`: the same shortest digits as JavaScript,
 * but scientific notation below 1e-4 or from 1e16 up, with a two-digit exponent (`1e-05`).
 */
function formatNumber(n: number): string {
  // JavaScript writes integral values as digits below 1e21 (Python int) and as `1e+21` above
  // (Python's float repr of the same value): both match Python already.
  if (Number.isInteger(n)) return String(n);
  // Between 1e-4 and 1e16 both languages print the same shortest digits in fixed notation.
  const abs = Math.abs(n);
  if (abs >= 1e-4 && abs < 1e16) return String(n);
  const [mantissa = '', expText = '0'] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const sign = exp < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let text: string;
  if (exp < 0) text = `0.${'0'.repeat(-exp - 1)}${digits}`;
  else {
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    text = `${intPart}.${digits.slice(exp + 1) || '0'}`;
  }
  return negative ? `-${text}` : text;
}

function typeName(value: unknown): string {
  if (typeof value === 'function') return 'function';
  if (typeof value !== 'object' || value === null) return typeof value;
  return (value as object).constructor?.name ?? 'Object';
}

function notSerializable(value: unknown): TypeError {
  return new TypeError(`Object of type ${typeName(value)} is not JSON serializable`);
}

/**
 * Python's `json.dumps` with Flask's `default` hook. Decisions for values Python does not have:
 * `undefined` is `null` at the top level and in arrays and is skipped in objects (JSON.stringify's
 * rule); `BigInt` is written as an integer (like a Python int); `NaN`/`Infinity` are written as
 * `NaN`/`Infinity` exactly like Flask (not valid JSON for `JSON.parse`); integral numbers are
 * written as Python ints and others with Python's float repr (`1e-05`, `1.5e+20`);
 * `Date` → HTTP date;
 * objects with `__html__()` → that string; objects with `toJSON()` → its result; functions,
 * symbols, `Map`, `Set`, `Buffer`, class instances without `toJSON` and cycles → TypeError
 * (Flask: "Object of type X is not JSON serializable" → 500).
 *
 * @example
 * ```ts
 * dumps({ b: 1, a: 'é' }, { separators: [',', ':'] }); // '{"a":"\\u00e9","b":1}'
 * ```
 */
export function dumps(value: unknown, options: DumpsOptions = {}): string {
  const sorted = options.sortKeys ?? true;
  const ascii = options.ensureAscii ?? true;
  const indent = options.indent;
  const [itemSep, keySep] = options.separators ?? (indent === undefined ? [', ', ': '] : [',', ': ']);
  const stack = new Set<object>();

  const write = (v: unknown, depth: number): string => {
    switch (typeof v) {
      case 'string':
        return encodeString(v, ascii);
      case 'number':
        if (Number.isFinite(v)) return formatNumber(v);
        return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
      case 'bigint':
        return v.toString();
      case 'boolean':
        return v ? 'true' : 'false';
      case 'undefined':
        return 'null';
      case 'function':
      case 'symbol':
        throw notSerializable(v);
    }
    if (v === null) return 'null';
    const obj = v as object;
    if (stack.has(obj)) throw new TypeError('Circular reference detected');
    if (Array.isArray(obj)) return depth < TRACK_FROM ? writeArray(obj, depth) : container(obj, depth, writeArray);
    const proto: unknown = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) {
      if (obj instanceof Date) {
        if (Number.isNaN(obj.getTime())) throw new TypeError('Object of type Date is not JSON serializable (invalid date)');
        // Flask's default hook: datetime → werkzeug.http.http_date.
        return encodeString(obj.toUTCString(), ascii);
      }
      if (ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer) throw notSerializable(obj);
    }
    // Flask's default hook: objects with __html__ → their HTML; JS convention: toJSON().
    if (isHtmlSafe(obj)) return encodeString(String(obj.__html__()), ascii);
    const toJSON = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return container(obj, depth, () => write(toJSON.call(obj), depth));
    if (proto !== Object.prototype && proto !== null) throw notSerializable(obj);
    const record = obj as Record<string, unknown>;
    return depth < TRACK_FROM ? writeObject(record, depth) : container(record, depth, writeObject);
  };

  // Tracks the objects being written so cycles fail like Python's check_circular. Shallow
  // containers are not tracked (most responses never get deep): a cycle still reaches
  // TRACK_FROM and is caught one turn later. toJSON() results are always tracked, since a
  // toJSON returning its own object would loop at the same depth.
  const container = <T extends object>(obj: T, depth: number, fn: (obj: T, depth: number) => string): string => {
    stack.add(obj);
    try {
      return fn(obj, depth);
    } finally {
      stack.delete(obj);
    }
  };

  const pad = (depth: number): string => (indent === undefined ? '' : `\n${' '.repeat(indent * depth)}`);

  const writeArray = (arr: readonly unknown[], depth: number): string => {
    if (arr.length === 0) return '[]';
    const inner = pad(depth + 1);
    let out = write(arr[0], depth + 1);
    for (let i = 1; i < arr.length; i++) out += itemSep + inner + write(arr[i], depth + 1);
    return `[${inner}${out}${pad(depth)}]`;
  };

  const writeObject = (record: Record<string, unknown>, depth: number): string => {
    const keys = sorted ? sortKeys(Object.keys(record)) : Object.keys(record);
    const inner = pad(depth + 1);
    let out = '';
    for (const k of keys) {
      const item = record[k];
      if (item === undefined) continue;
      out += `${out === '' ? '' : itemSep + inner}${encodeKey(k, ascii)}${keySep}${write(item, depth + 1)}`;
    }
    return out === '' ? '{}' : `{${inner}${out}${pad(depth)}}`;
  };

  return write(value, 0);
}

/**
 * The JSON text Flask's `jsonify` sends: compact separators (or indent 2 in debug), sorted
 * keys, ASCII-only, and always a trailing newline.
 *
 * @example
 * ```ts
 * jsonText({ b: 1, a: [1, 2] }); // '{"a":[1,2],"b":1}\n'
 * ```
 */
export function jsonText(value: unknown, options: JsonOptions = {}): string {
  const pretty = options.compact === false || (options.compact === undefined && options.debug === true);
  const dumpOptions: DumpsOptions = pretty
    ? { indent: 2 }
    : { separators: [',', ':'] };
  if (options.sortKeys !== undefined) dumpOptions.sortKeys = options.sortKeys;
  if (options.ensureAscii !== undefined) dumpOptions.ensureAscii = options.ensureAscii;
  return `${dumps(value, dumpOptions)}\n`;
}

/**
 * Flask's `jsonify`: a 200 `application/json` response of `value` serialised by
 * {@link jsonText}. Unserialisable values throw a TypeError (→ 500 through `errorHandlers`).
 *
 * @example
 * ```ts
 * router.get('/api/user', function user() {
 *   return jsonify({ name: 'ada', joined: new Date(0) });
 *   // {"joined":"Thu, 01 Jan 1970 00:00:00 GMT","name":"ada"}\n
 * });
 * ```
 */
export function jsonify(value?: unknown, options: JsonOptions = {}): HttpResponse {
  return new HttpResponse(jsonText(value, options), 200, { 'Content-Type': options.mimetype ?? 'application/json' });
}
