/**
 * Werkzeug's request-cookie parser (`request.cookies`, §9.3): pairs split on `;`, whitespace
 * trimmed, a key without `=` gets `''`, empty keys and segments are dropped, duplicates are kept in
 * order, and quoted values are unescaped (`\"`, `\\`, and `\ooo` octal bytes, decoded as UTF-8).
 */
import { ImmutableMultiDict } from './multidict.js';

const UNSLASH = /\\([0-3][0-7]{2}|.)/gs;

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
    for (const segment of text.split(';')) {
      const eq = segment.indexOf('=');
      const key = (eq === -1 ? segment : segment.slice(0, eq)).trim();
      if (key === '') continue;
      const value = eq === -1 ? '' : segment.slice(eq + 1).trim();
      pairs.push([key, unquoteCookieValue(value)]);
    }
  }
  return new ImmutableMultiDict(pairs);
}
