/**
 * Werkzeug's state-machine matcher (`StateMachineMatcher`, spec §3): a trie whose edges are
 * static segments (a Map lookup) or dynamic parts (tried in weight order), searched depth-first
 * with backtracking. Each state is reached through exactly one edge, so one match visits each
 * state at most once: the cost depends on the rules along the request's path, not on how many
 * rules the map holds.
 *
 * @module
 */

import { DynamicPart } from './part-matcher.js';
import { compareWeight, type Weighting } from './rule-parser.js';
import type { Rule } from './rule.js';
import { countSteps } from './steps.js';

class State {
  static: Map<string, State> | undefined = undefined;
  readonly dynamic: { part: DynamicPart; weight: Weighting; state: State }[] = [];
  readonly rules: Rule[] = [];
}

/**
 * What one search produced.
 * @example
 * ```ts
 * const { rule, values } = machine.search('/user/1', 'GET');
 * ```
 */
export interface SearchResult {
  /** The selected rule, if any. */
  rule: Rule | undefined;
  /** Raw (unconverted) values of the selected rule's variables, in rule order. */
  values: string[];
  /** A branch rule (`/x/`) would match with a trailing slash: Werkzeug's `SlashRequired`. */
  slashRequired: boolean;
  /** Methods of rules whose path matched but whose methods didn't (`have_match_for`). */
  haveMatchFor: Set<string> | undefined;
}

/**
 * The rule trie.
 * @example
 * ```ts
 * const machine = new StateMachine();
 * machine.add(rule);
 * machine.search('/user/1', 'GET').rule;
 * ```
 */
export class StateMachine {
  readonly #root = new State();
  readonly #parts = new Map<string, DynamicPart>();

  /** Inserts a rule (Werkzeug `StateMachineMatcher.add`); dynamic edges stay sorted by weight. */
  add(rule: Rule): void {
    let state = this.#root;
    for (const part of rule.parts) {
      if (part.static) {
        state.static ??= new Map();
        let next = state.static.get(part.text);
        if (!next) state.static.set(part.text, (next = new State()));
        state = next;
        continue;
      }
      const edge = state.dynamic.find((e) => e.part.key === part.key);
      if (edge) {
        state = edge.state;
        continue;
      }
      let dynamicPart = this.#parts.get(part.key);
      if (!dynamicPart) this.#parts.set(part.key, (dynamicPart = new DynamicPart(part.key, part.tokens, part.final)));
      const next = new State();
      // Stable insertion: after every edge of equal weight (registration order breaks ties).
      let at = state.dynamic.length;
      while (at > 0 && compareWeight(state.dynamic[at - 1]!.weight, part.weight) > 0) at--;
      state.dynamic.splice(at, 0, { part: dynamicPart, weight: part.weight, state: next });
      state = next;
    }
    state.rules.push(rule);
  }

  /**
   * Searches for `path` (decoded, leading slashes already reduced to one) and `method`.
   * `path === ''` stands for an empty request path (redirected to `/`).
   */
  search(path: string, method: string): SearchResult {
    const result: SearchResult = { rule: undefined, values: [], slashRequired: false, haveMatchFor: undefined };
    // Segments live in `rest` (the path without its leading slash) between indexes; position
    // `rest.length + 1` means "no segment left" (Werkzeug's `parts == []`).
    result.rule = this.#search(this.#root, path.slice(1), path === '' ? 1 : 0, method, result);
    return result;
  }

  #search(state: State, rest: string, pos: number, method: string, out: SearchResult): Rule | undefined {
    countSteps(1);
    const n = rest.length;
    if (pos > n) {
      for (const rule of state.rules) {
        if (rule.methodSet && !rule.methodSet.has(method)) recordMethods(out, rule);
        else return rule;
      }
      // A branch twin (`/x/`) accepting the method: strict → abort with "slash required".
      const branch = state.static?.get('');
      if (branch) {
        for (const rule of branch.rules) {
          if (!rule.methodSet || rule.methodSet.has(method)) {
            if (rule.strictSlashes) out.slashRequired = true;
            return rule.strictSlashes ? undefined : rule;
          }
        }
      }
      return undefined;
    }

    if (!state.static && !state.dynamic.length) return pos === n ? this.#nonStrictLeaf(state, method, out) : undefined;
    let end = rest.indexOf('/', pos);
    if (end < 0) end = n;
    if (state.static) {
      const next = state.static.get(pos === 0 && end === n ? rest : rest.slice(pos, end));
      if (next) {
        const found = this.#search(next, rest, end + 1, method, out);
        if (found || out.slashRequired) return found;
      }
    }
    if (state.dynamic.length) {
      const values = out.values;
      const mark = values.length;
      let segment: string | undefined;
      for (const edge of state.dynamic) {
        let nextPos: number;
        if (edge.part.final) {
          const outcome = edge.part.exec(pos === 0 ? rest : rest.slice(pos), values);
          if (outcome < 0) continue;
          // A matched optional trailing slash leaves one empty segment to consume (§4.1).
          nextPos = outcome === 1 ? n : n + 1;
        } else {
          segment ??= pos === 0 && end === n ? rest : rest.slice(pos, end);
          if (edge.part.exec(segment, values) < 0) continue;
          nextPos = end + 1;
        }
        const found = this.#search(edge.state, rest, nextPos, method, out);
        if (found || out.slashRequired) return found;
        values.length = mark;
      }
    }
    return pos === n ? this.#nonStrictLeaf(state, method, out) : undefined;
  }

  /** Only a trailing empty segment left: non-strict leaf rules here accept `/x/` for `/x`. */
  #nonStrictLeaf(state: State, method: string, out: SearchResult): Rule | undefined {
    for (const rule of state.rules) {
      if (rule.strictSlashes) continue;
      if (rule.methodSet && !rule.methodSet.has(method)) recordMethods(out, rule);
      else return rule;
    }
    return undefined;
  }
}

function recordMethods(out: SearchResult, rule: Rule): void {
  out.haveMatchFor ??= new Set();
  for (const m of rule.methodSet!) out.haveMatchFor.add(m);
}
