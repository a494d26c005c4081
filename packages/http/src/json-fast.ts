/**
 * The fast path of `jsonText`: most JSON responses are plain objects and arrays of strings,
 * finite numbers, booleans and null. For those, Python's `json.dumps(sort_keys=True,
 * ensure_ascii=True)` output equals V8's native `JSON.stringify` of a copy whose keys were
 * inserted in sorted order, followed by one pass that escapes non-ASCII UTF-16 units as
 * `\uXXXX`. Anything else (dates, markup, `toJSON`, BigInt, tiny floats, cycles, array-index
 * keys…) returns `undefined` and goes through the full encoder in `json.ts`.
 * `test/json-fast.test.ts` checks equal output against the full encoder over random values.
 */

/** Marks a value the fast path cannot encode exactly like Python. */
const FAIL: unique symbol = Symbol('fail');
type Out = unknown;

// Past this depth the full encoder takes over (it reports cycles as Python does; a cycle here
// just runs into the limit).
const MAX_DEPTH = 48;

// V8 enumerates array-index keys ("0", "42") before all other keys whatever the insertion
// order, so a copy with such keys would not keep Python's code-point order.
function isIndexKey(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c < 0x30 || c > 0x39) return false;
  if (key.length > 10 || (c === 0x30 && key.length > 1)) return false;
  for (let i = 1; i < key.length; i++) {
    const d = key.charCodeAt(i);
    if (d < 0x30 || d > 0x39) return false;
  }
  return Number(key) < 4294967295;
}

function copy(value: unknown, depth: number, sort: (keys: string[]) => string[]): Out | typeof FAIL {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // Integers print the same in both languages (digits below 1e21, `1e+21` above); other
      // finite values agree from 1e-4 up (below, Python writes `1e-05` where V8 writes `0.00001`).
      if (Number.isInteger(value)) return value;
      return Number.isFinite(value) && Math.abs(value) >= 1e-4 ? value : FAIL;
    case 'object':
      break;
    default:
      return FAIL;
  }
  if (value === null) return null;
  if (depth > MAX_DEPTH) return FAIL;
  if (Array.isArray(value)) {
    const out = new Array<Out>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === undefined) {
        out[i] = null;
        continue;
      }
      const c = copy(item, depth + 1, sort);
      if (c === FAIL) return FAIL;
      out[i] = c;
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return FAIL;
  const record = value as Record<string, unknown>;
  const keys = sort(Object.keys(record));
  const out: Record<string, Out> = {};
  for (const key of keys) {
    // `__proto__` would set the copy's prototype instead of a key.
    if (key === '__proto__' || isIndexKey(key)) return FAIL;
    const item = record[key];
    if (item === undefined) continue;
    const c = copy(item, depth + 1, sort);
    if (c === FAIL) return FAIL;
    out[key] = c;
  }
  return out;
}

// Python's ensure_ascii escapes every UTF-16 unit above '~' (DEL included) with lowercase hex;
// JSON.stringify already escaped control characters and lone surrogates the same way.
const NON_ASCII = /[\u007f-\uffff]/g;

function escapeUnit(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * `json.dumps(value, sort_keys=…, ensure_ascii=True)` with Flask's separators (compact, or
 * indent 2 when `pretty`), or `undefined` when `value` needs the full encoder.
 *
 * @example
 * ```ts
 * fastJsonText({ b: 'é', a: 1 }, false, (k) => k.sort()); // '{"a":1,"b":"\\u00e9"}'
 * fastJsonText({ d: new Date(0) }, false, (k) => k.sort()); // undefined
 * ```
 */
export function fastJsonText(value: unknown, pretty: boolean, sort: (keys: string[]) => string[]): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const c = copy(value, 0, sort);
  if (c === FAIL) return undefined;
  const text = pretty ? JSON.stringify(c, null, 2) : JSON.stringify(c);
  return text.replace(NON_ASCII, escapeUnit);
}
