// Werkzeug's Range parsing, hand-written on purpose. `range-parser` (jshttp) answers a
// different set of requests than Flask: it reads numbers with parseInt, so `bytes=1`,
// `bytes=0x1-2` and `bytes=1-2-3` become ranges (Werkzeug: 416); it treats `bytes=-0` as
// unsatisfiable (Werkzeug: the whole file as a 206); it accepts multiple and unordered ranges and
// drops the empty item in `bytes=0-4,` (Werkzeug: 416). kolba answers what Flask answers, so
// clients see one behaviour across a migration.

/**
 * One parsed range item: `[begin, end)` with `end` exclusive, or `end === null` for open ends
 * (a negative `begin` with `end === null` is a suffix: the last `-begin` bytes).
 *
 * @example
 * ```ts
 * const firstFive: RangeItem = { begin: 0, end: 5 };
 * ```
 */
export interface RangeItem {
  begin: number;
  end: number | null;
}

/**
 * A parsed `Range` header (Werkzeug's `ds.Range`).
 *
 * @example
 * ```ts
 * const range: ParsedRange = { units: 'bytes', ranges: [{ begin: -3, end: null }] };
 * ```
 */
export interface ParsedRange {
  units: string;
  ranges: RangeItem[];
}

/** Werkzeug's `_plain_int`: ASCII digits with an optional leading `-`, nothing else. */
const PLAIN_INT = /^-?[0-9]+$/;

/**
 * Werkzeug's `parse_range_header`: `null` when the header is malformed, else the unit
 * (lower-cased) and the ranges in order. Overlapping or unordered ranges are malformed.
 *
 * @example
 * ```ts
 * parseRange('bytes=0-4'); // { units: 'bytes', ranges: [{ begin: 0, end: 5 }] }
 * parseRange('bytes=5-2'); // null
 * ```
 */
export function parseRange(value: string | undefined): ParsedRange | null {
  if (!value || !value.includes('=')) return null;
  const eq = value.indexOf('=');
  const units = value.slice(0, eq).trim().toLowerCase();
  const ranges: RangeItem[] = [];
  let lastEnd = 0;
  for (const raw of value.slice(eq + 1).split(',')) {
    const item = raw.trim();
    if (!item.includes('-')) return null;
    if (item.startsWith('-')) {
      // A suffix range (`-N`, the last N bytes) must be the last item.
      if (lastEnd < 0 || !PLAIN_INT.test(item)) return null;
      // `+ 0` turns `-0` into 0: Werkzeug reads `bytes=-0` as "from byte 0".
      ranges.push({ begin: Number(item) + 0, end: null });
      lastEnd = -1;
      continue;
    }
    const dash = item.indexOf('-');
    const beginText = item.slice(0, dash).trim();
    const endText = item.slice(dash + 1).trim();
    if (!PLAIN_INT.test(beginText)) return null;
    const begin = Number(beginText);
    if (begin < lastEnd || lastEnd < 0) return null;
    let end: number | null = null;
    if (endText !== '') {
      if (!PLAIN_INT.test(endText)) return null;
      end = Number(endText) + 1;
      if (begin >= end) return null;
    }
    lastEnd = end ?? -1;
    ranges.push({ begin, end });
  }
  return { units, ranges };
}

/**
 * Werkzeug's `Range.range_for_length`: the single satisfiable byte range `[start, end)` of a
 * resource of `length` bytes, or `null` (→ 416) for other units, several ranges, or a range
 * outside the resource. A suffix longer than the resource is unsatisfiable (Werkzeug quirk).
 *
 * @example
 * ```ts
 * rangeForLength(parseRange('bytes=15-100')!, 20); // { start: 15, end: 20 }
 * rangeForLength(parseRange('bytes=-100')!, 20);   // null
 * ```
 */
export function rangeForLength(range: ParsedRange, length: number): { start: number; end: number } | null {
  if (range.units !== 'bytes' || range.ranges.length !== 1) return null;
  let { begin: start, end } = range.ranges[0]!;
  if (end === null) {
    end = length;
    if (start < 0) start += length;
  }
  // Werkzeug's is_byte_range_valid.
  if (start >= end || start < 0 || start >= length) return null;
  return { start, end: Math.min(end, length) };
}
