/**
 * Backtracking-free descriptions of the built-in converter regexes. For a start position each
 * scanner lists the end positions its regex could reach, as ranges in the order a backtracking
 * regex engine would try them (greedy: longest first, lazy: shortest first, alternation: item
 * order). `part-matcher.ts` combines them with dynamic programming, which gives exactly the
 * captures Python's `re` would give but in time linear in the path length, however many
 * converters share a segment (`/<a>-<b>-<c>` is O(n³) with a backtracking regex).
 *
 * @module
 */

import type { TextIndex } from './text-index.js';

/**
 * How a built-in converter's regex can match, without running a regex.
 * @example
 * ```ts
 * intScanner('\\d+', false).accepts('42', 0, 2); // true
 * ```
 */
export interface Scanner {
  /** The regex this scanner stands for; a converter whose `regex` differs is matched by RegExp. */
  readonly regex: string;
  /** Lazy quantifier (`.*?`): prefer the shortest end. */
  readonly lazy: boolean;
  /** Whether `s.slice(a, b)` is entirely matched by the regex. */
  accepts(s: string, a: number, b: number): boolean;
  /** Writes `[lo, hi]` end ranges from `pos` into `out` in preference order; returns the pair count. */
  ends(index: TextIndex, pos: number, out: number[]): number;
}

const DIGIT = (c: number): boolean => c >= 0x30 && c <= 0x39;
const HEX = (c: number): boolean => DIGIT(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/**
 * `[^/]{min,max}` (UnicodeConverter); lengths count code points, as in Python.
 * @example
 * ```ts
 * stringScanner('[^/]{2}', 2, 2).accepts('ab', 0, 2); // true
 * ```
 */
export function stringScanner(regex: string, min: number, max: number | null): Scanner {
  return {
    regex,
    lazy: false,
    accepts(s, a, b) {
      let count = 0;
      for (let i = a; i < b; i++) {
        const c = s.charCodeAt(i);
        if (c === 0x2f) return false;
        if (!(c >= 0xdc00 && c <= 0xdfff && i > a && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff)) count++;
      }
      return count >= min && (max === null || count <= max);
    },
    ends(index, pos, out) {
      const limit = index.nextSlash(pos);
      const start = index.cpAt(pos);
      const available = index.cpAt(limit) - start;
      const hi = max === null ? available : Math.min(max, available);
      if (min > hi) return 0;
      out[0] = index.unitOfCp(start + min);
      out[1] = index.unitOfCp(start + hi);
      return 1;
    },
  };
}

function digitsEnd(s: string, a: number, b: number): number {
  let i = a;
  while (i < b && DIGIT(s.charCodeAt(i))) i++;
  return i;
}

/**
 * `\d+` / `-?\d+` (IntegerConverter). ASCII digits only — see the README, "Differences from Flask".
 * @example
 * ```ts
 * intScanner('-?\\d+', true).accepts('-7', 0, 2); // true
 * ```
 */
export function intScanner(regex: string, signed: boolean): Scanner {
  return {
    regex,
    lazy: false,
    accepts(s, a, b) {
      const p = signed && s.charCodeAt(a) === 0x2d ? a + 1 : a;
      return b > p && digitsEnd(s, p, b) === b;
    },
    ends(index, pos, out) {
      const p = signed && index.s.charCodeAt(pos) === 0x2d ? pos + 1 : pos;
      const d = index.digitEnd(p);
      if (d === p) return 0;
      out[0] = p + 1;
      out[1] = d;
      return 1;
    },
  };
}

/**
 * `\d+\.\d+` / `-?\d+\.\d+` (FloatConverter).
 * @example
 * ```ts
 * floatScanner('\\d+\\.\\d+', false).accepts('1.5', 0, 3); // true
 * ```
 */
export function floatScanner(regex: string, signed: boolean): Scanner {
  return {
    regex,
    lazy: false,
    accepts(s, a, b) {
      const p = signed && s.charCodeAt(a) === 0x2d ? a + 1 : a;
      const d1 = digitsEnd(s, p, b);
      return d1 > p && s.charCodeAt(d1) === 0x2e && d1 + 1 < b && digitsEnd(s, d1 + 1, b) === b;
    },
    ends(index, pos, out) {
      const s = index.s;
      const p = signed && s.charCodeAt(pos) === 0x2d ? pos + 1 : pos;
      const d1 = index.digitEnd(p);
      if (d1 === p || s.charCodeAt(d1) !== 0x2e) return 0;
      const d2 = index.digitEnd(d1 + 1);
      if (d2 === d1 + 1) return 0;
      out[0] = d1 + 2;
      out[1] = d2;
      return 1;
    },
  };
}

function isUuidAt(s: string, a: number): boolean {
  if (a + 36 > s.length) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(a + i);
    if (i === 8 || i === 13 || i === 18 || i === 23 ? c !== 0x2d : !HEX(c)) return false;
  }
  return true;
}

/**
 * The UUIDConverter regex (8-4-4-4-12 hex digits, either case).
 * @example
 * ```ts
 * uuidScanner(regex).accepts(id, 0, 36);
 * ```
 */
export function uuidScanner(regex: string): Scanner {
  return {
    regex,
    lazy: false,
    accepts: (s, a, b) => b - a === 36 && isUuidAt(s, a),
    ends(index, pos, out) {
      if (!isUuidAt(index.s, pos)) return 0;
      out[0] = out[1] = pos + 36;
      return 1;
    },
  };
}

/**
 * `(?:i1|i2|…)` (AnyConverter): literal alternatives tried in the order written.
 * @example
 * ```ts
 * anyScanner('(?:a|b)', ['a', 'b']).accepts('b', 0, 1); // true
 * ```
 */
export function anyScanner(regex: string, items: readonly string[]): Scanner {
  return {
    regex,
    lazy: false,
    accepts(s, a, b) {
      for (const item of items) if (item.length === b - a && s.startsWith(item, a)) return true;
      return false;
    },
    ends(index, pos, out) {
      let pairs = 0;
      for (const item of items) {
        if (index.s.startsWith(item, pos)) {
          out[2 * pairs] = out[2 * pairs + 1] = pos + item.length;
          pairs++;
        }
      }
      return pairs;
    },
  };
}

/**
 * `[^/].*?` (PathConverter): a first character that is not `/`, then anything but `\n`, lazily.
 * @example
 * ```ts
 * pathScanner('[^/].*?').accepts('a/b', 0, 3); // true
 * ```
 */
export function pathScanner(regex: string): Scanner {
  return {
    regex,
    lazy: true,
    accepts(s, a, b) {
      if (b <= a || s.charCodeAt(a) === 0x2f) return false;
      const nl = s.indexOf('\n', a + 1);
      return nl < 0 || nl >= b;
    },
    ends(index, pos, out) {
      if (pos >= index.n || index.s.charCodeAt(pos) === 0x2f) return 0;
      out[0] = pos + 1;
      out[1] = index.nextNewline(pos + 1);
      return 1;
    },
  };
}
