/**
 * Jinja's `tojson` filter as Flask configures it: `htmlsafe_json_dumps(value, dumps=app.json.dumps,
 * sort_keys=True)`. Output is byte-identical to Flask for JSON-like data:
 * sorted keys, `", "`/`": "` separators (`","` + newlines with `indent`), every non-ASCII code
 * unit as `\uXXXX` (Python's `ensure_ascii`, which also covers U+2028/U+2029, the line separators
 * that end a JavaScript string literal in older engines), and then `<`, `>`, `&`, `'` replaced
 * by `\u003c`, `\u003e`, `\u0026`, `\u0027` so the result is safe inside `<script>` (no
 * `</script>` or `<!--`) and inside single- or double-quoted HTML attributes (mozilla/nunjucks#1483
 * is the missing equivalent upstream).
 */

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

// Python json's ensure_ascii escapes everything outside printable ASCII; Jinja's HTML-safe pass
// then rewrites < > & ' as \u escapes. Both are done here in one pass.
const NEEDS_ESCAPE = /["\\<>&'\u0000-\u001f\u007f-\uffff]/g;

function quote(text: string): string {
  return (
    '"' +
    text.replace(NEEDS_ESCAPE, (ch) => SHORT_ESCAPES[ch] ?? '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0')) +
    '"'
  );
}

function isHtmlSafe(value: object): value is { __html__(): string } {
  return typeof (value as { __html__?: unknown }).__html__ === 'function';
}

function number(value: number): string {
  // Python's json emits NaN/Infinity (allow_nan=True); both are valid JavaScript in a <script>.
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return String(value);
}

// Flask's DefaultJSONProvider.default: dates become HTTP dates, `__html__` objects their HTML
// text. `toJSON()` is the JavaScript counterpart of the other hooks (dataclasses, UUIDs…).
function prepare(value: unknown): unknown {
  if (value instanceof Date) return value.toUTCString();
  if (value !== null && typeof value === 'object') {
    if (isHtmlSafe(value)) return value.__html__();
    // Boxed primitives, including nunjucks' SafeString (what `|safe` returns).
    if (value instanceof String || value instanceof Number || value instanceof Boolean) return value.valueOf();
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return toJSON.call(value);
    if (value instanceof Map) return Object.fromEntries(value);
    if (value instanceof Set) return [...value];
  }
  return value;
}

function serialize(input: unknown, indent: string | undefined, depth: number, seen: Set<object>): string | undefined {
  const value = prepare(input);
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return number(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined; // omitted from objects, null in arrays: JSON.stringify's rule
  }
  if (value === null) return 'null';
  const object = value as object;
  if (seen.has(object)) throw new TypeError('tojson: circular reference detected');
  seen.add(object);
  const inner = indent === undefined ? '' : '\n' + indent.repeat(depth + 1);
  const outer = indent === undefined ? '' : '\n' + indent.repeat(depth);
  const separator = indent === undefined ? ', ' : ',' + inner;
  let out: string;
  if (Array.isArray(object)) {
    const items = object.map((item: unknown) => serialize(item, indent, depth + 1, seen) ?? 'null');
    out = items.length === 0 ? '[]' : '[' + inner + items.join(separator) + outer + ']';
  } else {
    const parts: string[] = [];
    for (const key of Object.keys(object).sort()) {
      const item = serialize((object as Record<string, unknown>)[key], indent, depth + 1, seen);
      if (item !== undefined) parts.push(quote(key) + ': ' + item);
    }
    out = parts.length === 0 ? '{}' : '{' + inner + parts.join(separator) + outer + '}';
  }
  seen.delete(object);
  return out;
}

/**
 * Serialises `value` the way Flask's `|tojson` does and returns HTML-safe JSON text.
 * `undefined` (Jinja would raise on Undefined) becomes `null` so `var x = {{ nope|tojson }};`
 * stays valid JavaScript.
 *
 * @example
 * ```ts
 * htmlSafeJsonDumps({ b: "</script>&'", a: 1 });
 * // '{"a": 1, "b": "\\u003c/script\\u003e\\u0026\\u0027"}'
 * htmlSafeJsonDumps([1], 2); // '[\n  1\n]'
 * ```
 */
export function htmlSafeJsonDumps(value: unknown, indent?: number | string): string {
  const pad = typeof indent === 'number' ? ' '.repeat(Math.max(0, indent)) : indent;
  // `<`, `>`, `&`, `'` can only occur inside JSON strings, and `quote` already writes them as
  // `\u003c`, `\u003e`, `\u0026`, `\u0027`: the same bytes as Jinja's replace pass.
  return serialize(value, pad, 0, new Set()) ?? 'null';
}
