/** RFC 9110 token characters: Werkzeug's `_token_chars`, the values it leaves unquoted. */
const TOKEN = /^[!#$%&'*+\-.0-9A-Z^_`a-z|~]+$/;

/** Printable ASCII: anything else needs the RFC 5987 `filename*` form. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * RFC 5987 `attr-char`: Werkzeug quotes `filename*` with `quote(name, safe="!#$&+-.^_`|~")`,
 * i.e. letters, digits and `_.-~` plus that safe set stay literal, every other UTF-8 byte is
 * `%XX` in upper case (`( )` → `%28 %29`, space → `%20`).
 */
const ATTR_CHAR = /[A-Za-z0-9_.\-~!#$&+^`|]/;

/**
 * The `Content-Disposition` value Werkzeug 3.1's `send_file` writes (spec §9.5):
 * `inline; filename=a.txt`, `attachment; filename="resume (1).txt"`, and for non-ASCII names
 * an ASCII fallback plus `filename*`: `attachment; filename=u.txt; filename*=UTF-8''%C3%BC.txt`.
 *
 * Werkzeug only switches to `filename*` for non-ASCII names; kolba also does it for ASCII
 * control characters, which Node refuses in header values (Werkzeug would fail with a 500).
 *
 * @example
 * ```ts
 * contentDisposition('résumé.pdf', true);
 * // attachment; filename=resume.pdf; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf
 * ```
 */
export function contentDisposition(downloadName: string, asAttachment: boolean): string {
  const kind = asAttachment ? 'attachment' : 'inline';
  if (PRINTABLE_ASCII.test(downloadName)) return `${kind}; filename=${quoteHeaderValue(downloadName)}`;
  // Werkzeug: NFKD, then drop what is not ASCII (`é` → `e`, `日本.txt` → `.txt`).
  const simple = downloadName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '');
  return `${kind}; filename=${quoteHeaderValue(simple)}; filename*=UTF-8''${rfc5987(downloadName)}`;
}

/** Werkzeug's `quote_header_value`: a token as is, else `"…"` with `\` and `"` escaped. */
function quoteHeaderValue(value: string): string {
  if (value === '') return '""';
  if (TOKEN.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function rfc5987(value: string): string {
  let out = '';
  // Buffer.from turns a lone surrogate into U+FFFD's bytes, so no input makes this throw.
  for (const char of value) {
    if (ATTR_CHAR.test(char)) {
      out += char;
      continue;
    }
    for (const byte of Buffer.from(char, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
