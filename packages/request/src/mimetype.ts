/**
 * Werkzeug's `mimetype` / `mimetype_params` split of a Content-Type value, and the
 * `Content-Disposition` parameters of multipart parts, with Werkzeug 3.1's `parse_options_header`
 * (the 2.3 rewrite): RFC 9110 token keys, token or quoted values, invalid parts skipped, quoted
 * values unescaped (`\\"`, `\\\\` and the HTML Standard's `%22` for `"` in multipart filenames),
 * RFC 2231 `key*=charset'lang'value` for the safe charsets only, and `key*0`/`key*1`
 * continuations joined. Lenient on purpose: a malformed header gives what can be read, never an
 * exception.
 */
import { decodeBytes, SAFE_CHARSETS } from './charset.js';

/** Result of {@link parseOptionsHeader}. */
export interface OptionsHeader {
  /** The value before the first `;`, trimmed (and lower-cased for mimetypes). */
  value: string;
  /** Parameters with lower-cased names; quoted values unquoted; `name*=UTF-8''…` decoded; last wins. */
  params: Record<string, string>;
}

// RFC 9110 token characters (Python's `\w` with re.ASCII is [A-Za-z0-9_], as JavaScript's).
const KEY = /([\w!#$%&'*+\-.^`|~]+)=/y;
const TOKEN_VALUE = /[\w!#$%&'*+\-.^`|~]+/y;
const CHARSET_VALUE = /^([\w!#$%&*+\-.^`|~]*)'[\w!#$%&*+\-.^`|~]*'([\w!#$%&'*+\-.^`|~]+)/;
const CONTINUATION = /\*(\d+)$/;
const SPACE = /\s/;

/** Python's `urllib.parse.unquote(value, encoding)`: runs of `%XX` decoded, the rest kept. */
function unquote(value: string, encoding: string): string {
  return value.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => decodeBytes(Buffer.from(run.replace(/%/g, ''), 'hex'), encoding));
}

/** Splits the `;`-separated parameters into raw `[key, value]` parts (values still quoted). */
function collectParts(text: string): Array<[string, string]> {
  const parts: Array<[string, string]> = [];
  let pos = 0;
  for (;;) {
    KEY.lastIndex = pos;
    const key = KEY.exec(text);
    if (key) {
      const name = key[1]!.toLowerCase();
      pos = KEY.lastIndex;
      TOKEN_VALUE.lastIndex = pos;
      const token = TOKEN_VALUE.exec(text);
      if (token) parts.push([name, token[0]]);
      else if (text.charCodeAt(pos) === 0x22 /* " */) {
        // Find the closing quote, skipping \\ and \" pairs; an unterminated value is dropped.
        // Every later `key="` ends a scan, so scans never overlap (linear, unlike re-slicing).
        for (let i = pos + 1; i < text.length;) {
          const c = text.charCodeAt(i);
          const next = text.charCodeAt(i + 1);
          if (c === 0x5c /* \ */ && (next === 0x5c || next === 0x22)) i += 2;
          else if (c === 0x22) {
            parts.push([name, text.slice(pos, i + 1)]);
            pos = i + 1;
            break;
          } else i += 1;
        }
      }
    }
    const semi = text.indexOf(';', pos);
    if (semi === -1) return parts;
    pos = semi + 1;
    while (pos < text.length && SPACE.test(text[pos]!)) pos++;
  }
}

/**
 * Parses `text/plain; charset="utf-8"` or `form-data; name="f"; filename="a.txt"`.
 *
 * @example
 * ```ts
 * parseOptionsHeader('form-data; name="f"; filename="C:\\x.txt"').params.filename; // 'C:\x.txt'
 * parseOptionsHeader('form-data; name="f"; filename="say %22hi%22.txt"').params.filename; // 'say "hi".txt'
 * ```
 */
export function parseOptionsHeader(header: string | null | undefined): OptionsHeader {
  const params: Record<string, string> = Object.create(null);
  if (!header) return { value: '', params };
  const semi = header.indexOf(';');
  const value = (semi === -1 ? header : header.slice(0, semi)).trim();
  const rest = semi === -1 ? '' : header.slice(semi + 1).trim();
  if (!value || !rest) return { value, params };
  // As in Werkzeug, the charset of a `key*=` part carries over to later parts without one.
  let encoding: string | undefined;
  let continued: string | undefined;
  for (let [key, v] of collectParts(rest)) {
    if (key.endsWith('*')) {
      key = key.slice(0, -1);
      const m = CHARSET_VALUE.exec(v);
      if (m) {
        encoding = m[1]!.toLowerCase();
        v = m[2]!;
      }
      if (!encoding) encoding = continued;
      // Other charsets leave the value percent-encoded (Werkzeug's safe list).
      if (encoding !== undefined && SAFE_CHARSETS.has(encoding)) {
        continued = encoding;
        v = unquote(v, encoding);
      }
    }
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
      // HTTP escapes with backslashes; the HTML Standard writes `"` in multipart names as %22.
      v = v.slice(1, -1).replaceAll('\\\\', '\\').replaceAll('\\"', '"').replaceAll('%22', '"');
    }
    const continuation = CONTINUATION.exec(key);
    if (continuation) {
      key = key.slice(0, continuation.index);
      params[key] = (params[key] ?? '') + v;
    } else params[key] = v;
  }
  return { value, params };
}

/**
 * The lower-cased mimetype of a Content-Type value (`''` when absent).
 *
 * @example
 * ```ts
 * mimetypeOf('Text/HTML; charset=utf-8'); // 'text/html'
 * ```
 */
export function mimetypeOf(contentType: string | null | undefined): string {
  return parseOptionsHeader(contentType).value.toLowerCase();
}

/**
 * Werkzeug's `is_json` rule: `application/json`, or `application/…+json`.
 *
 * @example
 * ```ts
 * isJsonMimetype('application/vnd.api+json'); // true
 * ```
 */
export function isJsonMimetype(mimetype: string): boolean {
  return mimetype === 'application/json' || (mimetype.startsWith('application/') && mimetype.endsWith('+json'));
}
