/**
 * JSON text exactly as Python's `json.dumps(..., separators=(",", ":"), sort_keys=True,
 * ensure_ascii=True)` writes it (Flask's `app.json.dumps` for the session), and a parser whose
 * objects cannot pollute prototypes.
 *
 * Why not `JSON.stringify`: it writes non-ASCII raw, formats floats differently (`1e-7` vs
 * Python's `1e-07`) and cannot write big integers. Flask parses either, but byte-identical cookies
 * need Python's form.
 */
import { BadPayload } from './errors.js';

/**
 * Options of `pythonJsonDumps`.
 *
 * @example
 * pythonJsonDumps({ b: 1, a: 2 }, { sortKeys: false, separators: [', ', ': '] }); // '{"b": 1, "a": 2}'
 */
export interface PythonJsonOptions {
  /** Sort object keys by code point, recursively (Flask's `app.json.sort_keys`, default true). */
  sortKeys?: boolean;
  /** Escape everything outside printable ASCII (Python's `ensure_ascii`, default true). */
  ensureAscii?: boolean;
  /** Item and key separators (Python's `separators`), default compact `[',', ':']`. */
  separators?: readonly [string, string];
}

// Characters that need no escaping under ensure_ascii: printable ASCII except `"` and `\`.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const SHORT: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x08: '\\b', 0x0c: '\\f' };

/**
 * A string literal as Python's `json` writes it with `ensure_ascii=True`: short escapes for
 * `" \ \n \r \t \b \f`, `\uXXXX` (lowercase hex, surrogate pairs for astral characters) for
 * everything outside U+0020..U+007E, including DEL.
 *
 * @example
 * pythonJsonString('Zoë ☃'); // '"Zo\\u00eb \\u2603"'
 */
export function pythonJsonString(s: string, ensureAscii = true): string {
  if (PLAIN.test(s)) return `"${s}"`;
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && (c <= 0x7e || !ensureAscii)) continue;
    if (i > start) out += s.slice(start, i);
    out += SHORT[c] ?? `\\u${c.toString(16).padStart(4, '0')}`;
    start = i + 1;
  }
  return `${out}${s.slice(start)}"`;
}

/**
 * A number as Python writes it. Safe integers print as integers; every other number is a
 * Python float: `repr()` rules (shortest round-trip digits, `.0` on integral values, exponent
 * form `1e-07`/`1e+22` below 1e-4 and from 1e16 up, `NaN`/`Infinity` as Python emits them).
 * BigInts print exactly.
 *
 * @example
 * pythonJsonNumber(1e-7); // "1e-07"
 * pythonJsonNumber(12345678901234567890n); // "12345678901234567890"
 */
export function pythonJsonNumber(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString();
  if (Number.isSafeInteger(n) && !Object.is(n, -0)) return String(n);
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  const [mantissa, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const fixed = Object.is(n, -0) ? '-0' : String(n);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

// Python sorts str keys by code point; JS sorts by UTF-16 unit, which differs only when a key
// holds an astral character next to one in U+E000..U+FFFF.
const byCodePoint = (a: string, b: string): number => {
  const ca = [...a];
  const cb = [...b];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = ca[i]!.codePointAt(0)! - cb[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
};
const HAS_SURROGATE = /[\ud800-\udfff]/;

function sortedKeys(keys: string[]): string[] {
  return keys.some((k) => HAS_SURROGATE.test(k)) ? keys.sort(byCodePoint) : keys.sort();
}

function typeName(value: object): string {
  return (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === null || proto === Object.prototype;
}

interface Writer {
  sort: boolean;
  ascii: boolean;
  item: string;
  key: string;
  seen: Set<object>;
}

function write(value: unknown, w: Writer): string | undefined {
  switch (typeof value) {
    case 'string':
      return pythonJsonString(value, w.ascii);
    case 'number':
    case 'bigint':
      return pythonJsonNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined; // skipped in objects, null in arrays (JSON.stringify's rule)
  }
  if (value === null) return 'null';
  const obj = value as object;
  const seen = w.seen;
  if (seen.has(obj)) throw new TypeError('Circular reference detected');
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      return `[${obj.map((item) => write(item, w) ?? 'null').join(w.item)}]`;
    }
    const toJSON = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return write(toJSON.call(obj), w);
    if (!isPlainObject(obj)) {
      throw new TypeError(`Object of type ${typeName(obj)} is not JSON serializable`);
    }
    const keys = Object.keys(obj);
    let out = '{';
    let first = true;
    for (const key of w.sort ? sortedKeys(keys) : keys) {
      const text = write(obj[key], w);
      if (text === undefined) continue;
      out += `${first ? '' : w.item}${pythonJsonString(key, w.ascii)}${w.key}${text}`;
      first = false;
    }
    return `${out}}`;
  } finally {
    seen.delete(obj);
  }
}

/**
 * Serialises plain JSON data (objects, arrays, strings, numbers, bigints, booleans, null) the
 * way Python's `json.dumps(separators=(",", ":"), ensure_ascii=True)` does. Objects that are not
 * plain use their `toJSON()` or raise Python's `TypeError` ("Object of type X is not JSON
 * serializable").
 *
 * @example
 * pythonJsonDumps({ b: 1, a: 'é' }); // '{"a":"\\u00e9","b":1}'
 */
export function pythonJsonDumps(value: unknown, options: PythonJsonOptions = {}): string {
  if (options.sortKeys !== false && options.ensureAscii !== false && options.separators === undefined) {
    const fast = fastDumps(value);
    if (fast !== undefined) return fast;
  }
  const [item, key] = options.separators ?? [',', ':'];
  return write(value, { sort: options.sortKeys ?? true, ascii: options.ensureAscii ?? true, item, key, seen: new Set() }) ?? 'null';
}

// The common case (strings, safe integers, booleans, null, plain objects, arrays) through V8's
// JSON.stringify, which is several times faster than the writer above. It matches Python's
// compact output once keys are inserted in sorted order and non-ASCII/DEL are escaped; anything
// it would write differently (floats, bigints, integer-like keys that V8 orders first, objects
// with toJSON, cycles) falls back to the writer.
const BAIL = Symbol('bail');
const INDEX_LIKE = /^(?:0|[1-9]\d{0,9})$/;
const HAS_NON_ASCII = /[\u007f-\uffff]/;
const NON_ASCII = /[\u007f-\uffff]/g;

function ready(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
    case 'function':
    case 'symbol':
      return value;
    case 'number':
      return Number.isSafeInteger(value) && !Object.is(value, -0) ? value : BAIL;
    case 'bigint':
      return BAIL;
  }
  if (value === null) return null;
  if (depth > 256) return BAIL;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = ready(value[i], depth + 1);
      if (v === BAIL) return BAIL;
      out[i] = v;
    }
    return out;
  }
  const obj = value as Record<string, unknown>;
  if (!isPlainObject(obj) || typeof obj.toJSON === 'function') return BAIL;
  const out: Record<string, unknown> = {};
  for (const k of sortedKeys(Object.keys(obj))) {
    if (INDEX_LIKE.test(k)) return BAIL;
    const v = ready(obj[k], depth + 1);
    if (v === BAIL) return BAIL;
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}

function fastDumps(value: unknown): string | undefined {
  const prepared = ready(value, 0);
  if (prepared === BAIL) return undefined;
  const text = JSON.stringify(prepared);
  if (text === undefined) return undefined;
  return HAS_NON_ASCII.test(text) ? text.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}

// ---------------------------------------------------------------------------------------------
// Parsing

/**
 * A JSON object as parsed here: a null-prototype record, so `__proto__` is just a key.
 *
 * @example
 * const o = parseJson('{"__proto__": {"admin": true}}') as JsonObject;
 * Object.getPrototypeOf(o); // null — and ({} as any).admin stays undefined
 */
export type JsonObject = { [key: string]: JsonValue };
/**
 * A parsed JSON value (integers beyond 2^53 come back as bigint, losslessly).
 *
 * @example
 * parseJson('[1, 12345678901234567890]'); // [1, 12345678901234567890n]
 */
export type JsonValue = string | number | bigint | boolean | null | JsonValue[] | JsonObject;

// Integers JSON.parse would round, and Python's non-standard constants: both need the slow path.
const NEEDS_SLOW_PATH = /\d{16}|NaN|Infinity/;

/**
 * Parses JSON into null-prototype objects (keys such as `__proto__` and `constructor` stay
 * plain data: prototype-pollution payloads have nothing to pollute), keeps integers above 2^53
 * exact as bigint and accepts Python's `NaN`/`Infinity`. Throws `BadPayload` on invalid JSON.
 *
 * @example
 * const v = parseJson('{"__proto__":{"admin":true}}') as JsonObject;
 * Object.getPrototypeOf(v); // null; ({} as any).admin is still undefined
 */
export function parseJson(text: string): JsonValue {
  return nullProto(parseJsonUnsafe(text));
}

/**
 * JSON.parse (or the slow path) without the null-prototype copy: objects still have
 * Object.prototype, but `__proto__` keys are own data properties (JSON.parse never invokes the
 * setter). Only for callers that copy every object into a null-prototype one themselves, as
 * `TaggedJSONSerializer.loads` does while untagging, saving a second walk.
 *
 * @example
 * parseJsonUnsafe('{"a":1}'); // { a: 1 }
 */
export function parseJsonUnsafe(text: string): unknown {
  if (NEEDS_SLOW_PATH.test(text)) return new SlowParser(text).parseDocument();
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new BadPayload('Could not load the payload because an exception occurred on unserializing the data.', err);
  }
}

// JSON.parse defines `__proto__` as an own data property (no pollution), but copying those
// objects with assignment or Object.assign elsewhere would invoke the setter; null-prototype
// objects make that impossible.
function nullProto(value: unknown): JsonValue {
  if (value === null || typeof value !== 'object') return value as JsonValue;
  if (Object.getPrototypeOf(value) === null) return value as JsonValue; // slow path made it already
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = nullProto(value[i]);
    return value as JsonValue[];
  }
  const out = Object.create(null) as JsonObject;
  for (const key of Object.keys(value)) out[key] = nullProto((value as Record<string, unknown>)[key]);
  return out;
}

// Sticky regexes match at #i without slicing the input (no quadratic copying on long payloads).
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/** A small recursive-descent parser for the rare payloads JSON.parse would get wrong. */
class SlowParser {
  readonly #s: string;
  #i = 0;
  #depth = 0;
  constructor(s: string) {
    this.#s = s;
  }
  fail(): never {
    throw new BadPayload(`Could not load the payload: invalid JSON at offset ${this.#i}`);
  }
  ws(): void {
    for (;;) {
      const c = this.#s.charCodeAt(this.#i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.#i++;
    }
  }
  parseDocument(): JsonValue {
    const v = this.value();
    this.ws();
    if (this.#i !== this.#s.length) this.fail();
    return v;
  }
  value(): JsonValue {
    this.ws();
    const c = this.#s[this.#i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null], ['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity]] as const) {
      if (this.#s.startsWith(word, this.#i)) {
        this.#i += word.length;
        return v;
      }
    }
    return this.number();
  }
  nest(): void {
    // The cookie is small, but a signed payload could still nest deeply; keep the stack bounded.
    if (++this.#depth > 512) this.fail();
  }
  object(): JsonObject {
    this.nest();
    const out = Object.create(null) as JsonObject;
    this.#i++;
    this.ws();
    if (this.#s[this.#i] === '}') {
      this.#i++;
      this.#depth--;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.#s[this.#i] !== '"') this.fail();
      const key = this.string();
      this.ws();
      if (this.#s[this.#i++] !== ':') this.fail();
      out[key] = this.value();
      this.ws();
      const c = this.#s[this.#i++];
      if (c === '}') break;
      if (c !== ',') this.fail();
    }
    this.#depth--;
    return out;
  }
  array(): JsonValue[] {
    this.nest();
    const out: JsonValue[] = [];
    this.#i++;
    this.ws();
    if (this.#s[this.#i] === ']') {
      this.#i++;
      this.#depth--;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      const c = this.#s[this.#i++];
      if (c === ']') break;
      if (c !== ',') this.fail();
    }
    this.#depth--;
    return out;
  }
  string(): string {
    STRING.lastIndex = this.#i;
    const m = STRING.exec(this.#s);
    if (!m) this.fail();
    this.#i += m[0].length;
    return JSON.parse(m[0]) as string;
  }
  number(): number | bigint {
    NUMBER.lastIndex = this.#i;
    const m = NUMBER.exec(this.#s);
    if (!m) this.fail();
    this.#i += m[0].length;
    const n = Number(m[0]);
    // Python ints are arbitrary precision: keep integer literals exact when a double cannot.
    if (m[1] === undefined && m[2] === undefined && !Number.isSafeInteger(n)) return BigInt(m[0]);
    return n;
  }
}
