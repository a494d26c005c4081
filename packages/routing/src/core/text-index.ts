/**
 * Lazily built per-target lookup tables (next `/`, next newline, end of a digit run, code-point
 * offsets) that let the built-in converters report where they could end in O(1). One table is an
 * O(n) pass, so matching a segment or the rest of a path stays linear in its length.
 *
 * @module
 */

import { countSteps } from './steps.js';

const HIGH = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const LOW = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * Lookup tables over one match target (a path segment or the rest of a path).
 * @example
 * ```ts
 * new TextIndex('12a').digitEnd(0); // 2
 * ```
 */
export class TextIndex {
  readonly s: string;
  readonly n: number;
  /** True when the target holds surrogate pairs (code points ≠ UTF-16 units). */
  readonly astral: boolean;
  #slash: Int32Array | undefined;
  #newline: Int32Array | undefined;
  #digits: Int32Array | undefined;
  #cpAt: Int32Array | undefined;
  #unitOfCp: Int32Array | undefined;

  constructor(s: string) {
    this.s = s;
    this.n = s.length;
    this.astral = /[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(s);
    countSteps(s.length);
  }

  #nextOf(code: number): Int32Array {
    const { s, n } = this;
    const table = new Int32Array(n + 1);
    table[n] = n;
    for (let i = n - 1; i >= 0; i--) table[i] = s.charCodeAt(i) === code ? i : table[i + 1]!;
    countSteps(n);
    return table;
  }

  /** Index of the first `/` at or after `pos`, or `n`. */
  nextSlash(pos: number): number {
    return (this.#slash ??= this.#nextOf(0x2f))[pos]!;
  }

  /** Index of the first `\n` at or after `pos`, or `n` (Python's `.` stops at `\n` only). */
  nextNewline(pos: number): number {
    return (this.#newline ??= this.#nextOf(0x0a))[pos]!;
  }

  /** End of the run of ASCII digits starting at `pos` (`pos` itself when there is none). */
  digitEnd(pos: number): number {
    if (!this.#digits) {
      const { s, n } = this;
      const table = new Int32Array(n + 1);
      table[n] = n;
      for (let i = n - 1; i >= 0; i--) {
        const c = s.charCodeAt(i);
        table[i] = c >= 0x30 && c <= 0x39 ? table[i + 1]! : i;
      }
      countSteps(n);
      this.#digits = table;
    }
    return this.#digits[pos]!;
  }

  /** False inside a surrogate pair: a regex with the `u` flag never ends a match there. */
  boundary(i: number): boolean {
    return !this.astral || i === 0 || i >= this.n || !(HIGH(this.s.charCodeAt(i - 1)) && LOW(this.s.charCodeAt(i)));
  }

  /** Number of code points before unit `i`. */
  cpAt(i: number): number {
    if (!this.astral) return i;
    this.#buildCp();
    return this.#cpAt![i]!;
  }

  /** Unit index of the boundary after `k` code points. */
  unitOfCp(k: number): number {
    if (!this.astral) return k;
    this.#buildCp();
    return this.#unitOfCp![k]!;
  }

  #buildCp(): void {
    if (this.#cpAt) return;
    const { s, n } = this;
    const cpAt = new Int32Array(n + 1);
    const unitOfCp = new Int32Array(n + 1);
    let k = 0;
    for (let i = 0; i < n; i++) {
      // A low surrogate right after a high one continues the same code point.
      const continues = i > 0 && HIGH(s.charCodeAt(i - 1)) && LOW(s.charCodeAt(i));
      if (!continues) unitOfCp[k++] = i;
      cpAt[i] = continues ? k : k - 1;
    }
    cpAt[n] = k;
    unitOfCp[k] = n;
    countSteps(n);
    this.#cpAt = cpAt;
    this.#unitOfCp = unitOfCp;
  }
}
