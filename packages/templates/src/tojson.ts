/**
 * Jinja's `tojson` filter as Flask configures it: `htmlsafe_json_dumps(value,
 * dumps=app.json.dumps, sort_keys=True)`. The JSON comes from @kolba/http's `dumps` (Flask's
 * `app.json.dumps`: sorted keys, `", "`/`": "` separators, every non-ASCII UTF-16 unit as
 * `\uXXXX`, which covers U+2028/U+2029, HTTP dates for `Date`, `__html__` objects as their text);
 * then `<`, `>`, `&`, `'` become `\u003c`, `\u003e`, `\u0026`, `\u0027`, so the result can sit in
 * a `<script>` (no `</script>`, no `<!--`) or a single-quoted HTML attribute. nunjucks has no
 * such filter (mozilla/nunjucks#1483); its `dump` is plain `JSON.stringify`.
 */
import { dumps } from '@kolba/http';

/**
 * Serialises `value` the way Flask's `|tojson` does and returns HTML-safe JSON text. Values
 * Flask cannot serialise (functions, `Map`, class instances without `toJSON`, cycles) throw a
 * TypeError, which becomes a 500 like Flask's "Object of type X is not JSON serializable".
 *
 * @example
 * ```ts
 * htmlSafeJsonDumps({ b: "</script>&'", a: 1 });
 * // '{"a": 1, "b": "\\u003c/script\\u003e\\u0026\\u0027"}'
 * htmlSafeJsonDumps([1], 2); // '[\n  1\n]'
 * ```
 */
export function htmlSafeJsonDumps(value: unknown, indent?: number): string {
  // Boxed strings (nunjucks' SafeString, what `|safe` returns) serialise as their text.
  const plain = value instanceof String ? value.valueOf() : value;
  return dumps(plain, indent === undefined ? {} : { indent })
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll("'", '\\u0027');
}
