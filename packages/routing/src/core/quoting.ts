/**
 * Percent-encoding and -decoding with Werkzeug 3.1's character sets (spec §4.1, §6.3, §6.4, §6.5).
 *
 * Python's `quote(s, safe=S)` keeps ASCII letters, digits, `_ . - ~` and the characters of `S`;
 * `encodeURIComponent` keeps the same unreserved set plus `! ' ( ) *`. Every safe set used here
 * contains `! ' ( ) *`, so each encoder is `encodeURIComponent` followed by un-escaping the extra
 * safe characters — one native pass plus one small regex, no per-character JS loop.
 *
 * @module
 */

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Builds an encoder that keeps `extraSafe` (beyond `encodeURIComponent`'s set) unescaped. */
function makeQuoter(extraSafe: string, spaceAsPlus: boolean): (value: string) => string {
  const escapes = new Map<string, string>();
  for (const ch of extraSafe) escapes.set(encodeURIComponent(ch), ch);
  if (spaceAsPlus) escapes.set('%20', '+');
  const pattern = new RegExp([...escapes.keys()].join('|'), 'g');
  const unescape = (match: string): string => escapes.get(match) ?? match;
  return function quote(value: string): string {
    // Lone surrogates cannot be UTF-8 encoded (encodeURIComponent throws URIError); Python's
    // quote() would raise too. Building a URL must not crash on them: use U+FFFD instead.
    const encoded = encodeURIComponent(SURROGATE.test(value) ? value.replace(LONE_SURROGATE, '\uFFFD') : value);
    return encoded.includes('%') ? encoded.replace(pattern, unescape) : encoded;
  };
}

/**
 * Path quoting: `quote(value, safe="!$&'()*+,/:;=@")` (Werkzeug ≥ 2.3, the WhatWG path-segment
 * set). Used for static rule text, default `toUrl` and redirect locations.
 *
 * @example
 * ```ts
 * quotePath('a b/c?d#e%f&g+h;i=j@k:l~ü'); // 'a%20b/c%3Fd%23e%25f&g+h;i=j@k:l~%C3%BC'
 * ```
 */
export const quotePath: (value: string) => string = makeQuoter("$&+,/:;=@", false);

/**
 * Query-string component quoting: form-urlencoding (space → `+`) with Werkzeug 3.1's extra safe
 * characters `!$'()*,/:;?@`.
 *
 * @example
 * ```ts
 * quoteQuery('+&=#/? ü'); // '%2B%26%3D%23/?+%C3%BC'
 * ```
 */
export const quoteQuery: (value: string) => string = makeQuoter("$,/:;?@", true);

/**
 * Anchor quoting, as Flask ≥ 2.3 `url_for(_anchor=…)`: `quote(anchor, safe="%!#$&'()*+,/:;=?@")`.
 *
 * @example
 * ```ts
 * quoteAnchor('sec 1/ü#x?"<'); // 'sec%201/%C3%BC#x?%22%3C'
 * ```
 */
export const quoteAnchor: (value: string) => string = makeQuoter("%#$&+,/:;=?@", false);

const ESCAPE_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

function decodeRun(run: string): string {
  const bytes = Buffer.from(run.replace(/%/g, ''), 'hex');
  // Buffer#toString('utf8') substitutes U+FFFD for invalid sequences, which is what WSGI servers
  // do for PATH_INFO (`.decode('utf-8', 'replace')`).
  return bytes.toString('utf8');
}

/**
 * Percent-decodes a raw request path the way a WSGI server hands it to Werkzeug: `%XX` runs are
 * decoded as UTF-8 (invalid sequences → U+FFFD), a `%` not followed by two hex digits stays as
 * it is (Python's `unquote`). Never throws, unlike `decodeURIComponent`.
 *
 * @example
 * ```ts
 * decodePath('/a%20b/%C3%BC/%zz/%FF'); // '/a b/ü/%zz/\uFFFD'
 * ```
 */
export function decodePath(raw: string): string {
  return raw.includes('%') ? raw.replace(ESCAPE_RUN, decodeRun) : raw;
}

/**
 * Encodes extra build values as a query string (Werkzeug 3.1 `_urlencode`): insertion order,
 * arrays/sets → repeated keys, `null`/`undefined` (top level or inside arrays) dropped, values
 * stringified with `String()`. Returns `''` when nothing remains.
 *
 * @example
 * ```ts
 * encodeQuery({ q: 'a b', list: [1, 2], none: null }); // 'q=a+b&list=1&list=2'
 * ```
 */
export function encodeQuery(values: Iterable<readonly [string, unknown]>): string {
  let out = '';
  const add = (key: string, value: unknown): void => {
    if (value === null || value === undefined) return;
    out += `${out ? '&' : ''}${quoteQuery(key)}=${quoteQuery(String(value))}`;
  };
  for (const [key, value] of values) {
    if (Array.isArray(value) || value instanceof Set) for (const item of value) add(key, item);
    else add(key, value);
  }
  return out;
}
