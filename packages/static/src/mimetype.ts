// The one module that talks to mime-types (mime-db): everything else asks guessType().
import { lookup } from 'mime-types';

/**
 * Python's `mimetypes.suffix_map`: a shorthand suffix stands for two suffixes, so
 * `x.svgz` is an SVG with gzip encoding and `x.tgz` a gzip-encoded tar.
 */
const SUFFIX_MAP: Readonly<Record<string, string>> = {
  '.svgz': '.svg.gz',
  '.tgz': '.tar.gz',
  '.taz': '.tar.gz',
  '.tz': '.tar.gz',
  '.tbz2': '.tar.bz2',
  '.txz': '.tar.xz',
};

/** Python's `mimetypes.encodings_map` (case-sensitive, like Python). */
const ENCODINGS_MAP: Readonly<Record<string, string>> = {
  '.gz': 'gzip',
  '.Z': 'compress',
  '.bz2': 'bzip2',
  '.xz': 'xz',
  '.br': 'br',
};

/** Non-`text/` types Werkzeug's `get_content_type` still labels with a charset. */
const CHARSET_MIMETYPES = new Set([
  'application/ecmascript',
  'application/javascript',
  'application/sql',
  'application/xml',
  'application/xml-dtd',
  'application/xml-external-parsed-entity',
]);

/**
 * What {@link guessType} found: a MIME type (or `null`) and a content encoding (or `null`).
 *
 * @example
 * ```ts
 * const tarball: GuessedType = { mimetype: 'application/x-tar', encoding: 'gzip' };
 * ```
 */
export interface GuessedType {
  mimetype: string | null;
  encoding: string | null;
}

/**
 * Python's `mimetypes.guess_type(name)` shape on mime-db data: compression suffixes become an
 * encoding and the type comes from the suffix before them (`a.tar.gz` → tar + gzip,
 * `a.gz` → unknown type + gzip), as Werkzeug's `send_file` expects.
 *
 * @example
 * ```ts
 * guessType('logo.svgz'); // { mimetype: 'image/svg+xml', encoding: 'gzip' }
 * guessType('notes');     // { mimetype: null, encoding: null }
 * ```
 */
export function guessType(name: string): GuessedType {
  let [base, ext] = splitext(name);
  while (SUFFIX_MAP[ext] !== undefined) [base, ext] = splitext(base + SUFFIX_MAP[ext]);
  let encoding: string | null = null;
  const mapped = ENCODINGS_MAP[ext];
  if (mapped !== undefined) {
    encoding = mapped;
    [base, ext] = splitext(base);
  }
  const mimetype = ext === '' ? false : lookup(ext);
  return { mimetype: mimetype === false ? null : mimetype, encoding };
}

/**
 * Werkzeug's `get_content_type(mimetype, "utf-8")`: text types, `+xml` types and a few
 * script/XML types get `; charset=utf-8`; everything else is sent as is. A type that already
 * names a charset is left alone.
 *
 * @example
 * ```ts
 * contentTypeFor('text/css');         // 'text/css; charset=utf-8'
 * contentTypeFor('application/json'); // 'application/json'
 * ```
 */
export function contentTypeFor(mimetype: string): string {
  if (/;\s*charset=/i.test(mimetype)) return mimetype;
  if (mimetype.startsWith('text/') || CHARSET_MIMETYPES.has(mimetype) || mimetype.endsWith('+xml')) {
    return `${mimetype}; charset=utf-8`;
  }
  return mimetype;
}

/** Python's `posixpath.splitext`: a leading dot (`.bashrc`) is not an extension. */
function splitext(name: string): [string, string] {
  const slash = name.lastIndexOf('/');
  const dot = name.lastIndexOf('.');
  if (dot <= slash + 1) return [name, ''];
  // Dots that open the basename (`..x`) do not start an extension either.
  const stemStart = slash + 1;
  if (name.slice(stemStart, dot).replace(/^\.+/, '') === '') return [name, ''];
  return [name.slice(0, dot), name.slice(dot)];
}
