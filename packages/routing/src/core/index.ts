/**
 * The sans-IO core of `@kolba/routing`: Werkzeug's rules, converters, state-machine matcher and
 * URL builder, with no Koa import. The Koa adapter (`../router.ts`) drives it per request.
 *
 * @module
 */

export { RuleMap, type RuleMapOptions, type MatchResult, type BuildOptions } from './rule-map.js';
export { Rule, type RuleOptions, type RedirectToFunction } from './rule.js';
export {
  BaseConverter,
  defineConverter,
  isPartIsolating,
  converterPattern,
  compileRegex,
  type ConverterClass,
  type ConverterSpec,
} from './converters.js';
export {
  UnicodeConverter,
  PathConverter,
  AnyConverter,
  IntegerConverter,
  FloatConverter,
  UUIDConverter,
  DEFAULT_CONVERTERS,
} from './builtin-converters.js';
export { ValidationError, BuildError, RuleError } from './errors.js';
export { parseConverterArgs, type ConverterArg, type ConverterArgs } from './converter-args.js';
export { quotePath, quoteQuery, quoteAnchor, decodePath, encodeQuery } from './quoting.js';
export { formatFloat } from './python-values.js';
