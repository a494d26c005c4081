import { RuleMap, type MatchResult, type RuleMapOptions, type RuleOptions } from '../../src/core/index.js';

/** A compact, comparable view of a match result. */
export type Outcome =
  | ['match', string, Record<string, unknown>]
  | ['redirect', string, boolean]
  | ['405', string[]]
  | ['options', string[]]
  | ['404'];

export function outcome(result: MatchResult): Outcome {
  switch (result.kind) {
    case 'match':
      return ['match', result.rule.endpoint, result.params];
    case 'redirect':
      return ['redirect', result.location, result.keepQuery];
    case 'methodNotAllowed':
      return ['405', result.allowed];
    case 'options':
      return ['options', result.allowed];
    default:
      return ['404'];
  }
}

/** Builds a map from `[rule, endpoint | options]` pairs. */
export function mapOf(rules: [string, string | RuleOptions][], options?: RuleMapOptions): RuleMap {
  const map = new RuleMap(options);
  for (const [rule, opts] of rules) map.add(rule, typeof opts === 'string' ? { endpoint: opts } : opts);
  return map;
}
