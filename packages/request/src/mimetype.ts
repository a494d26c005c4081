/**
 * Werkzeug's `mimetype` / `mimetype_params` split of a Content-Type value: lower-cased type without
 * parameters, and the parameters as a dict. Lenient on purpose (a malformed header gives what can
 * be read, never an exception), like Werkzeug's `parse_options_header`.
 */

/** Result of {@link parseOptionsHeader}. */
export interface OptionsHeader {
  /** The value before the first `;`, trimmed (and lower-cased for mimetypes). */
  value: string;
  /** Parameters with lower-cased names; quoted values unquoted; `name*=UTF-8''…` decoded; last wins. */
  params: Record<string, string>;
}

// key=value pairs; value is a quoted string (with backslash escapes) or a token.
const PARAM = /;\s*([^\s;=]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)/gs;

function decodeExtValue(value: string): string | undefined {
  // RFC 2231/5987: charset'language'percent-encoded
  const m = /^([^']*)'[^']*'(.*)$/s.exec(value);
  if (!m) return undefined;
  const bytes = Buffer.from(m[2]!.replace(/%([0-9A-Fa-f]{2})/g, (_s, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  return /^(utf-?8)?$/i.test(m[1]!) ? bytes.toString('utf8') : bytes.toString('latin1');
}

/**
 * Parses `text/plain; charset="utf-8"` or `form-data; name="f"; filename="a.txt"`.
 *
 * @example
 * ```ts
 * parseOptionsHeader('form-data; name="f"; filename="C:\\x.txt"').params.filename; // 'C:\x.txt'
 * ```
 */
export function parseOptionsHeader(header: string | null | undefined): OptionsHeader {
  const params: Record<string, string> = Object.create(null);
  if (!header) return { value: '', params };
  const semi = header.indexOf(';');
  const value = (semi === -1 ? header : header.slice(0, semi)).trim();
  if (semi !== -1) {
    // Later parameters win, `name*=` included, as in Werkzeug's parse_options_header.
    for (const m of header.slice(semi).matchAll(PARAM)) {
      const key = m[1]!.toLowerCase();
      let v = m[2]!.trim();
      if (key.endsWith('*')) {
        const decoded = decodeExtValue(v.replace(/^"|"$/g, ''));
        if (decoded !== undefined) params[key.slice(0, -1)] = decoded;
        continue;
      }
      if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
        // Only \\ and \" are escapes: browsers send Windows paths with single backslashes.
        v = v.slice(1, -1).replace(/\\(["\\])/g, '$1');
      }
      params[key] = v;
    }
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
