/**
 * Werkzeug's rule parser (`Rule._parse_rule`, spec §1 and §3.1): splits a rule string into
 * per-segment parts (static text, or a dynamic part with converters) plus the build "trace".
 *
 * @module
 */

import { parseConverterArgs } from './converter-args.js';
import { SCANNER, escapeRegex, isPartIsolating, type BaseConverter, type ConverterClass } from './converters.js';
import { RuleError } from './errors.js';
import type { PartToken } from './part-matcher.js';
import { pyRepr } from './errors.js';

/**
 * Werkzeug's `Weighting`: `(-static chunks, [(i, -len(chunk))…], -converters, [weights…])`,
 * compared lexicographically, lower first.
 * @example
 * ```ts
 * const w: Weighting = [-1, [[0, -4]], -1, [50]]; // 'page<int:n>'
 * ```
 */
export type Weighting = readonly [number, readonly (readonly [number, number])[], number, readonly number[]];

/**
 * One parsed part: a static segment, or a dynamic part (possibly final: the rest of the path).
 * @example
 * ```ts
 * const part: ParsedPart = { static: true, text: 'about' };
 * ```
 */
export type ParsedPart =
  | { readonly static: true; readonly text: string }
  | {
      readonly static: false;
      readonly key: string;
      readonly tokens: readonly PartToken[];
      readonly final: boolean;
      readonly weight: Weighting;
    };

/**
 * Build instructions: static text or a variable name, in rule order.
 * @example
 * ```ts
 * const item: TraceItem = { dynamic: true, name: 'id' };
 * ```
 */
export type TraceItem = { readonly dynamic: false; readonly text: string } | { readonly dynamic: true; readonly name: string };

/**
 * The result of parsing one rule.
 * @example
 * ```ts
 * const { parts, trace }: ParsedRule = parseRule('/a/<int:b>', DEFAULT_CONVERTERS, null);
 * ```
 */
export interface ParsedRule {
  readonly parts: readonly ParsedPart[];
  readonly trace: readonly TraceItem[];
  /** Converters by variable name, in rule order. */
  readonly converters: ReadonlyMap<string, BaseConverter>;
}

// Werkzeug's `_part_re`: a slash, static text, or `<converter(args):name>`.
const TOKEN = /(\/)|([^</]+)|<(?:([a-zA-Z_][a-zA-Z0-9_]*)(?:\((.*?)\))?:)?([a-zA-Z_][a-zA-Z0-9_]*)>/y;

/**
 * Python tuple/list ordering of two weightings.
 * @example
 * ```ts
 * compareWeight([0, [], -1, [50]], [0, [], -1, [100]]); // < 0: int before string
 * ```
 */
export function compareWeight(a: Weighting, b: Weighting): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  const c = compareList(a[1], b[1], (x, y) => x[0] - y[0] || x[1] - y[1]);
  if (c) return c;
  if (a[2] !== b[2]) return a[2] - b[2];
  return compareList(a[3], b[3], (x, y) => x - y);
}

function compareList<T>(a: readonly T[], b: readonly T[], cmp: (x: T, y: T) => number): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = cmp(a[i]!, b[i]!);
    if (c) return c;
  }
  return a.length - b.length;
}

/** Canonical regex-like text of a part, so identical parts of different rules share one trie state. */
function partKey(tokens: readonly PartToken[], final: boolean, weight: Weighting): string {
  let n = 0;
  const body = tokens
    .map((t) => (t.kind === 'lit' ? escapeRegex(t.text) : t.kind === 'conv' ? `(?P<${n++}>${t.converter.regex})` : '(?<!/)(/?)'))
    .join('');
  return `${final ? 'F' : 'P'}${JSON.stringify(weight)}${body}`;
}

/** A custom converter's regex must compile (as the part matcher will compile it). */
function checkRegex(rule: string, name: string, regex: string): void {
  try {
    new RegExp(regex, 'u');
  } catch {
    try {
      new RegExp(regex);
    } catch (err) {
      throw new RuleError(rule, `invalid regex for converter ${pyRepr(name)} in URL rule ${pyRepr(rule)}: ${(err as Error).message}`);
    }
  }
}

/**
 * Parses `rule` (already slash-merged if merging applies) with converters from `registry`.
 * Throws {@link RuleError} naming the rule on any problem Werkzeug would reject.
 * @example
 * ```ts
 * parseRule('/v<int:major>.<int:minor>', DEFAULT_CONVERTERS, null).parts.length; // 1
 * ```
 */
export function parseRule(rule: string, registry: Readonly<Record<string, ConverterClass>>, map: unknown): ParsedRule {
  const parts: ParsedPart[] = [];
  const trace: TraceItem[] = [];
  const converters = new Map<string, BaseConverter>();

  let tokens: PartToken[] = [];
  let isStatic = true;
  let staticText = '';
  let staticWeights: [number, number][] = [];
  let argWeights: number[] = [];
  let final = false;

  const addLit = (text: string): void => {
    const prev = tokens[tokens.length - 1];
    if (prev?.kind === 'lit') tokens[tokens.length - 1] = { kind: 'lit', text: prev.text + text };
    else tokens.push({ kind: 'lit', text });
  };
  const emit = (): void => {
    if (isStatic) {
      parts.push({ static: true, text: staticText });
    } else {
      const weight: Weighting = [-staticWeights.length, staticWeights, -argWeights.length, argWeights];
      let suffixed = false;
      const lastTok = tokens[tokens.length - 1];
      if (final && lastTok?.kind === 'lit' && lastTok.text.endsWith('/')) {
        // Werkzeug ≥ 2.2.3: a path rule ending in `/` gets an optional-slash suffix so that the
        // slash-less URL can still be redirected (spec §4.1, `/p/<path:x>/`).
        suffixed = true;
        const rest = lastTok.text.slice(0, -1);
        if (rest) tokens[tokens.length - 1] = { kind: 'lit', text: rest };
        else tokens.pop();
        tokens.push({ kind: 'slashSuffix' });
      }
      const key = partKey(tokens, final, weight);
      parts.push({ static: false, key, tokens, final, weight });
      if (suffixed) parts.push({ static: true, text: '' });
    }
    tokens = [];
    isStatic = true;
    staticText = '';
    staticWeights = [];
    argWeights = [];
    final = false;
  };

  // The leading `/` of the rule is the separator before the first segment (Werkzeug's first,
  // always-empty part is dropped on both sides of the match).
  let pos = 1;
  trace.push({ dynamic: false, text: '/' });
  while (pos < rule.length) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(rule);
    if (!m) throw new RuleError(rule, `malformed url rule: ${pyRepr(rule)}`);
    const [, slash, text, convName, convArgs, variable] = m;
    if (text !== undefined) {
      staticWeights.push([staticWeights.length, -text.length]);
      trace.push({ dynamic: false, text });
      if (isStatic) staticText += text;
      addLit(text);
    } else if (variable !== undefined) {
      if (variable === '__proto__') {
        // Assigning it on the params object would change its prototype instead of adding a value.
        throw new RuleError(rule, `variable name '__proto__' is not allowed in URL rule ${pyRepr(rule)}`);
      }
      if (converters.has(variable)) {
        throw new RuleError(rule, `duplicate variable name ${pyRepr(variable)} in URL rule ${pyRepr(rule)}`);
      }
      const name = convName ?? 'default';
      const Converter = Object.hasOwn(registry, name) ? registry[name] : undefined;
      if (!Converter) throw new RuleError(rule, `the converter ${pyRepr(name)} does not exist (in URL rule ${pyRepr(rule)})`);
      let converter: BaseConverter;
      try {
        const { args, kwargs } = parseConverterArgs(convArgs ?? '');
        converter = new Converter(map, args, kwargs);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new RuleError(rule, `${reason} (in URL rule ${pyRepr(rule)}, converter ${pyRepr(name)})`);
      }
      if (!converter[SCANNER]) checkRegex(rule, name, converter.regex);
      isStatic = false;
      converters.set(variable, converter);
      trace.push({ dynamic: true, name: variable });
      tokens.push({ kind: 'conv', converter });
      argWeights.push(converter.weight);
      if (!isPartIsolating(converter)) final = true;
    } else if (slash !== undefined) {
      trace.push({ dynamic: false, text: '/' });
      if (final) addLit('/');
      else emit();
    }
    pos = TOKEN.lastIndex;
  }
  emit();
  return { parts, trace, converters };
}
