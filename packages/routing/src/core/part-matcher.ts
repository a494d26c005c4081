/**
 * Matching one dynamic part of a rule (spec §3.1): a segment such as `v<int:major>.<int:minor>`
 * or, for rules with a `path`-like converter, the "final" part that takes the rest of the path.
 *
 * Three strategies, chosen once at registration:
 * - `affix`: one converter between optional static text (`<id>`, `page-<int:n>`, `<path:p>/edit`)
 *   — prefix/suffix compare plus one converter check, no regex, no allocation.
 * - `dp`: several converters, all built-in — dynamic programming over {@link Scanner} end ranges,
 *   linear in the target length, with the exact captures Python's backtracking `re` returns.
 * - `regex`: anything involving a custom converter's regex in a multi-converter or final part —
 *   one anchored RegExp, as Werkzeug does (the custom regex is the application's responsibility).
 *
 * @module
 */

import { SCANNER, compileRegex, escapeRegex, type BaseConverter } from './converters.js';
import type { Scanner } from './scanners.js';
import { countSteps } from './steps.js';
import { TextIndex } from './text-index.js';

/**
 * One token of a dynamic part.
 * @example
 * ```ts
 * const token: PartToken = { kind: 'lit', text: '-' };
 * ```
 */
export type PartToken =
  | { readonly kind: 'lit'; readonly text: string }
  | { readonly kind: 'conv'; readonly converter: BaseConverter }
  | { readonly kind: 'slashSuffix' };

/**
 * Match outcome: -1 no match; 0 match; 1 match whose optional trailing `/` suffix was present.
 * @example
 * ```ts
 * const outcome: PartOutcome = part.exec('v1', []);
 * ```
 */
export type PartOutcome = -1 | 0 | 1;

type Accept = (s: string, a: number, b: number) => boolean;

const compile = compileRegex;

function scannerOf(converter: BaseConverter): Scanner | undefined {
  const scanner = converter[SCANNER];
  // A subclass may replace a built-in's regex; then only a real RegExp can be trusted.
  return scanner && scanner.regex === converter.regex ? scanner : undefined;
}

function acceptOf(converter: BaseConverter): Accept {
  const scanner = scannerOf(converter);
  if (scanner) return scanner.accepts;
  const re = compile(`^(?:${converter.regex})$`);
  return (s, a, b) => re.test(a === 0 && b === s.length ? s : s.slice(a, b));
}

const scratch: number[] = [];

/**
 * A compiled dynamic part; shared by every rule whose part has the same key.
 * @example
 * ```ts
 * const part = new DynamicPart('k', [{ kind: 'conv', converter: new IntegerConverter(null) }], false);
 * const values: string[] = [];
 * part.exec('42', values); // 0, values = ['42']
 * ```
 */
export class DynamicPart {
  readonly key: string;
  readonly final: boolean;
  readonly converterCount: number;
  readonly #tokens: readonly PartToken[];
  readonly #mode: 'affix' | 'dp' | 'regex';
  readonly #prefix: string = '';
  readonly #suffix: string = '';
  readonly #accept: Accept | undefined;
  readonly #scanners: readonly (Scanner | undefined)[];
  readonly #regex: RegExp | undefined;
  /** Static chunks in order: a target must contain them all, in order, to be worth a full match. */
  readonly #literals: readonly string[];
  readonly #head: string;
  readonly #tail: string;

  constructor(key: string, tokens: readonly PartToken[], final: boolean) {
    this.key = key;
    this.final = final;
    this.#tokens = tokens;
    const convs = tokens.filter((t) => t.kind === 'conv');
    this.converterCount = convs.length;
    this.#literals = tokens.flatMap((t) => (t.kind === 'lit' ? [t.text] : []));
    const first = tokens[0];
    const end = tokens[tokens.length - 1];
    this.#head = first?.kind === 'lit' ? first.text : '';
    this.#tail = end?.kind === 'lit' ? end.text : '';
    this.#scanners = tokens.map((t) => (t.kind === 'conv' ? scannerOf(t.converter) : undefined));
    const single = convs.length === 1 && !tokens.some((t) => t.kind === 'slashSuffix');
    if (single) {
      this.#mode = 'affix';
      const at = tokens.findIndex((t) => t.kind === 'conv');
      const before = tokens[at - 1];
      const after = tokens[at + 1];
      this.#prefix = before?.kind === 'lit' ? before.text : '';
      this.#suffix = after?.kind === 'lit' ? after.text : '';
      this.#accept = acceptOf((tokens[at] as { converter: BaseConverter }).converter);
    } else if (tokens.every((t, i) => t.kind !== 'conv' || this.#scanners[i])) {
      this.#mode = 'dp';
    } else {
      this.#mode = 'regex';
      let n = 0;
      const source = tokens
        .map((t) =>
          t.kind === 'lit' ? escapeRegex(t.text) : t.kind === 'conv' ? `(?<__kolba_${n++}>${t.converter.regex})` : '(?<!\\/)(?<__kolba_sfx>\\/?)',
        )
        .join('');
      this.#regex = compile(`^(?:${source})$`);
    }
  }

  /** Which strategy this part uses (see the module comment); exposed for tests. */
  get strategy(): 'affix' | 'dp' | 'regex' {
    return this.#mode;
  }

  /** Matches `target` entirely; pushes the raw converter values onto `values` on success. */
  exec(target: string, values: string[]): PartOutcome {
    switch (this.#mode) {
      case 'affix':
        return this.#affix(target, values);
      case 'dp':
        return this.#mayMatch(target) ? this.#dp(target, values) : -1;
      default:
        return this.#mayMatch(target) ? this.#viaRegex(target, values) : -1;
    }
  }

  /**
   * A necessary condition checked with native string search before the O(converters × length)
   * full match: the static chunks occur in order, the first one at the start, the last one at the
   * end. Without it, N rules that share a trie state and differ only in static text
   * (`/p/<a>-<b>-1x`, `/p/<a>-<b>-2x`, …) each ran the full match on every request, so a 4 KB
   * path against 1,000 such rules cost half a second (found in the audit; `test/redos.test.ts`).
   */
  #mayMatch(t: string): boolean {
    countSteps(1);
    const head = this.#head;
    const tail = this.#tail;
    if (head.length + tail.length > t.length || !t.startsWith(head) || !t.endsWith(tail)) return false;
    let from = 0;
    for (const literal of this.#literals) {
      const at = t.indexOf(literal, from);
      if (at === -1) return false;
      from = at + literal.length;
    }
    return true;
  }

  #affix(t: string, values: string[]): PartOutcome {
    const prefix = this.#prefix;
    const suffix = this.#suffix;
    const a = prefix.length;
    const b = t.length - suffix.length;
    countSteps(1);
    if (b < a || (a && !t.startsWith(prefix)) || (suffix && !t.endsWith(suffix))) return -1;
    countSteps(b - a);
    if (!this.#accept!(t, a, b)) return -1;
    values.push(a === 0 && b === t.length ? t : t.slice(a, b));
    return 0;
  }

  #viaRegex(t: string, values: string[]): PartOutcome {
    countSteps(t.length);
    const m = this.#regex!.exec(t);
    if (!m) return -1;
    const groups = m.groups!;
    for (let i = 0; i < this.converterCount; i++) values.push(groups[`__kolba_${i}`]!);
    return groups.__kolba_sfx === '/' ? 1 : 0;
  }

  #dp(t: string, values: string[]): PartOutcome {
    const tokens = this.#tokens;
    const k = tokens.length;
    const n = t.length;
    const index = new TextIndex(t);
    // can[i][pos]: tokens i.. match t[pos..n] exactly; sums[i] are its prefix sums for range queries.
    const can: Uint8Array[] = new Array<Uint8Array>(k + 1);
    const sums: Int32Array[] = new Array<Int32Array>(k + 1);
    const last = new Uint8Array(n + 1);
    last[n] = 1;
    can[k] = last;
    sums[k] = prefixSums(last);
    for (let i = k - 1; i >= 0; i--) {
      const token = tokens[i]!;
      const next = can[i + 1]!;
      const nextSums = sums[i + 1]!;
      const row = new Uint8Array(n + 1);
      for (let pos = 0; pos <= n; pos++) {
        if (!index.boundary(pos)) continue;
        if (token.kind === 'lit') {
          const end = pos + token.text.length;
          row[pos] = end <= n && next[end] === 1 && t.startsWith(token.text, pos) ? 1 : 0;
        } else if (token.kind === 'slashSuffix') {
          // `(?<!/)(/?)\Z` — Werkzeug's suffix for a path rule ending in a slash.
          const behind = pos === 0 || t.charCodeAt(pos - 1) !== 0x2f;
          row[pos] = behind && (pos === n || (pos === n - 1 && t.charCodeAt(pos) === 0x2f)) ? 1 : 0;
        } else {
          const pairs = this.#scanners[i]!.ends(index, pos, scratch);
          for (let j = 0; j < pairs; j++) {
            const lo = scratch[2 * j]!;
            const hi = Math.min(scratch[2 * j + 1]!, n);
            if (lo <= hi && nextSums[hi + 1]! - nextSums[lo]! > 0) {
              row[pos] = 1;
              break;
            }
          }
        }
      }
      countSteps(n + 1);
      can[i] = row;
      sums[i] = prefixSums(row);
    }
    if (can[0]![0] !== 1) return -1;
    // Walk forward taking, per token, the end a backtracking engine would commit to first.
    let pos = 0;
    let outcome: PartOutcome = 0;
    for (let i = 0; i < k; i++) {
      const token = tokens[i]!;
      if (token.kind === 'lit') {
        pos += token.text.length;
      } else if (token.kind === 'slashSuffix') {
        if (pos === n - 1) outcome = 1;
        pos = n;
      } else {
        const scanner = this.#scanners[i]!;
        const next = can[i + 1]!;
        const pairs = scanner.ends(index, pos, scratch);
        let end = -1;
        for (let j = 0; j < pairs && end < 0; j++) {
          const lo = scratch[2 * j]!;
          const hi = Math.min(scratch[2 * j + 1]!, n);
          if (scanner.lazy) {
            for (let e = lo; e <= hi; e++) if (next[e] === 1) { end = e; break; }
          } else {
            for (let e = hi; e >= lo; e--) if (next[e] === 1) { end = e; break; }
          }
          countSteps(hi - lo + 1);
        }
        values.push(t.slice(pos, end));
        pos = end;
      }
    }
    return outcome;
  }
}

function prefixSums(row: Uint8Array): Int32Array {
  const sums = new Int32Array(row.length + 1);
  for (let i = 0; i < row.length; i++) sums[i + 1] = sums[i]! + row[i]!;
  return sums;
}
