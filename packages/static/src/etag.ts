// Werkzeug's entity-tag formats, hand-written: the `etag` package makes `"<hex size>-<sha1>"` tags
// from content or `W/"<hex size>-<hex mtime>"` from stats, neither of which matches the tags Flask sends
// (`"<mtime>-<size>-<adler32(path)>"`), and tags must match for a Flask and a kolba process
// serving the same files behind one cache during a migration.

/**
 * Adler-32 (RFC 1950) of some bytes, as Python's `zlib.adler32(data) & 0xFFFFFFFF`.
 *
 * @example
 * ```ts
 * adler32(Buffer.from('/srv/app/static/a.txt')); // 1419904976
 * ```
 */
export function adler32(data: Uint8Array): number {
  const MOD = 65521;
  let a = 1;
  let b = 0;
  // 5552 is the largest block after which the sums must be reduced to stay below 2^32.
  for (let i = 0; i < data.length; ) {
    const end = Math.min(i + 5552, data.length);
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return (b * 65536 + a) >>> 0;
}

/**
 * Python's `os.stat().st_mtime` as `str()` prints it: CPython computes `sec + nsec * 1e-9` in
 * double precision and prints the shortest round-trip repr, with `.0` for whole numbers.
 *
 * @example
 * ```ts
 * pythonMtime(1700000000_000000000n); // '1700000000.0'
 * ```
 */
export function pythonMtime(mtimeNs: bigint): string {
  const sec = mtimeNs / 1_000_000_000n;
  const nsec = mtimeNs % 1_000_000_000n;
  const value = Number(sec) + Number(nsec) * 1e-9;
  const text = String(value);
  return Number.isInteger(value) ? `${text}.0` : text;
}

/**
 * The ETag Werkzeug's `send_file` derives for a file on disk, without quotes:
 * `<mtime>-<size>-<adler32(utf-8 path)>`.
 *
 * @example
 * ```ts
 * fileEtag('/srv/app/static/a.txt', 20, 1795266332_493600000n); // '1795266332.4936-20-1419904976'
 * ```
 */
export function fileEtag(path: string, size: number | bigint, mtimeNs: bigint): string {
  return `${pythonMtime(mtimeNs)}-${size}-${adler32(Buffer.from(path, 'utf8'))}`;
}

/**
 * Werkzeug's `quote_etag`: refuses a `"` inside (TypeError), then wraps in quotes.
 *
 * @example
 * ```ts
 * quoteEtag('v1'); // '"v1"'
 * ```
 */
export function quoteEtag(etag: string): string {
  if (etag.includes('"')) throw new TypeError(`Invalid ETag ${JSON.stringify(etag)}: it must not contain '"'.`);
  return `"${etag}"`;
}

/**
 * Werkzeug's `unquote_etag`: strips `W/` and one pair of quotes.
 *
 * @example
 * ```ts
 * unquoteEtag('W/"v1"'); // { etag: 'v1', weak: true }
 * ```
 */
export function unquoteEtag(value: string): { etag: string; weak: boolean } {
  let etag = value.trim();
  let weak = false;
  if (etag.startsWith('W/') || etag.startsWith('w/')) {
    weak = true;
    etag = etag.slice(2);
  }
  if (etag.length >= 2 && etag.startsWith('"') && etag.endsWith('"')) etag = etag.slice(1, -1);
  else if (etag === '"') etag = '';
  return { etag, weak };
}

/**
 * A parsed `If-Match` / `If-None-Match` list with Werkzeug's `ETags` comparisons.
 *
 * @example
 * ```ts
 * const tags: ETags = parseEtags('"a", W/"b"');
 * tags.containsWeak('b'); // true
 * ```
 */
export interface ETags {
  readonly star: boolean;
  readonly strong: ReadonlySet<string>;
  readonly weak: ReadonlySet<string>;
  /** Present and non-empty: Werkzeug's `bool(ETags)`. */
  readonly present: boolean;
  /** `contains`: `*` or a strong match. */
  contains(etag: string): boolean;
  /** `is_strong`: a strong match only; `*` does not count (Werkzeug's If-Match quirk). */
  isStrong(etag: string): boolean;
  /** `contains_weak`: weak comparison, for If-None-Match (RFC 9110 §13.1.2). */
  containsWeak(etag: string): boolean;
}

const ETAG_ITEM = /([Ww]\/)?(?:"(.*?)"|(.*?))(?:\s*,\s*|$)/y;

/**
 * Werkzeug's `parse_etags`: a list of (weak or strong, quoted or bare) tags, or `*`.
 *
 * @example
 * ```ts
 * parseEtags('*').contains('anything'); // true
 * ```
 */
export function parseEtags(value: string | undefined): ETags {
  const strong = new Set<string>();
  const weak = new Set<string>();
  let star = false;
  if (value) {
    let pos = 0;
    while (pos < value.length) {
      ETAG_ITEM.lastIndex = pos;
      const match = ETAG_ITEM.exec(value);
      if (match === null || match.index + match[0].length === pos) break;
      const [, isWeak, quoted, bare] = match;
      if (bare === '*') {
        star = true;
        strong.clear();
        weak.clear();
        break;
      }
      const tag = quoted ? quoted : (bare ?? '');
      (isWeak ? weak : strong).add(tag);
      pos = match.index + match[0].length;
    }
  }
  const present = star || strong.size > 0 || weak.size > 0;
  const isStrong = (etag: string) => strong.has(etag);
  const contains = (etag: string) => star || isStrong(etag);
  return { star, strong, weak, present, isStrong, contains, containsWeak: (etag) => weak.has(etag) || contains(etag) };
}
