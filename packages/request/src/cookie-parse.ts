/**
 * Werkzeug's request-cookie parser (`request.cookies`, §9.3), as rewritten in Werkzeug 2.3 and kept
 * in 3.1 (`sansio.http.parse_cookie`): pairs end at `;` unless the value is a quoted string (which
 * may contain `;`), key and value are stripped the way Python's `str.strip()` strips, a key without
 * `=` gets `''`, empty keys are dropped, duplicates are kept in order, and quoted values are
 * unescaped (`\"`, `\\`, and `\ooo` octal bytes, decoded as UTF-8 with replacement).
 */
import { ImmutableMultiDict } from './multidict.js';

const UNSLASH = /\\([0-3][0-7]{2}|[^\n])/g;

// Werkzeug's _cookie_re (re.ASCII, so \s is [ \t\n\r\f\v]; `.` is anything but \n). A quoted
// value is tried first, so `a="x;y"` keeps its `;`; otherwise the value runs lazily to the next `;`.
// Backtracking over many unterminated quotes is quadratic, as in Python; Node's maxHeaderSize
// (16 KB by default) bounds the input.
const WS = '[ \\t\\n\\r\\f\\v]*';
const COOKIE = new RegExp(`([^=;]*)(?:${WS}=${WS}("(?:[^\\\\"]|\\\\[^\\n])*"|[^\\n]*?))?${WS};${WS}`, 'g');

// Python's str.strip() whitespace: unlike String#trim it strips \x1c-\x1f and \x85, and keeps \ufeff.
const PY_SPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const PY_STRIP = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, 'g');
const pythonStrip = (value: string): string => value.replace(PY_STRIP, '');

/**
 * Unquotes a cookie value written by Werkzeug's `dump_cookie` (or Flask's session cookie).
 *
 * @example
 * ```ts
 * unquoteCookieValue('"a\\054b"'); // 'a,b'
 * ```
 */
export function unquoteCookieValue(value: string): string {
  if (value.length < 2 || value[0] !== '"' || value[value.length - 1] !== '"') return value;
  const inner = value.slice(1, -1);
  if (!inner.includes('\\')) return inner;
  // Octal escapes stand for UTF-8 bytes, so collect bytes and decode once.
  const bytes: number[] = [];
  let last = 0;
  const pushText = (text: string): void => { for (const b of Buffer.from(text, 'utf8')) bytes.push(b); };
  for (const m of inner.matchAll(UNSLASH)) {
    pushText(inner.slice(last, m.index));
    const esc = m[1] as string;
    if (esc.length === 3) bytes.push(parseInt(esc, 8));
    else pushText(esc);
    last = m.index + m[0].length;
  }
  pushText(inner.slice(last));
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Parses a `Cookie` header into an ImmutableMultiDict.
 *
 * @example
 * ```ts
 * parseCookieHeader('a=1; a=2; b="x y"').getList('a'); // ['1', '2']
 * ```
 */
export function parseCookieHeader(header: string | undefined): ImmutableMultiDict<string> {
  const pairs: Array<[string, string]> = [];
  if (header) {
    // Node joins repeated Cookie headers with "; " already (RFC 6265 §5.4).
    const text = /[\x80-\xff]/.test(header) ? Buffer.from(header, 'latin1').toString('utf8') : header;
    for (const m of `${text};`.matchAll(COOKIE)) {
      const key = pythonStrip(m[1]!);
      if (key === '') continue;
      pairs.push([key, unquoteCookieValue(pythonStrip(m[2] ?? ''))]);
    }
  }
  return new ImmutableMultiDict(pairs);
}
