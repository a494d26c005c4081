/**
 * @module @kolba/routing
 * Werkzeug's URL rules for Koa: converters, precedence, strict slashes, 308/405/OPTIONS, `urlFor`,
 * typed `ctx.params` — as a sans-IO core, a Koa `Router`, and an adapter for @koa/router.
 */
export * from './core/index.js';
export { Router, type MethodShortcut } from './router.js';
export type { UrlDefaultsFunction } from './route-table.js';
export { requestHost } from './dispatch.js';
export {
  flaskRules,
  addRule,
  type AdapterShortcut,
  type FlaskRules,
  type FlaskRulesOptions,
  type KoaRouterLike,
} from './koa-router-adapter.js';
export type {
  AllowedMethodsOptions,
  RouteContext,
  RouteMiddleware,
  RouteOptions,
  RouterOptions,
  RoutingContext,
  RoutingInfo,
  RuleOptions,
  UrlFor,
  UrlForOptions,
} from './types.js';
export type { JoinRule, KnownEndpoint, RouteEntry, RouteParams, RuleParams, UrlValues } from './rule-types.js';

/**
 * The value type each custom converter produces, by converter name. Empty by default: augment it
 * next to the runtime converter so that `ctx.params` and `urlFor` know the type. (Declared here,
 * in the package entry, because TypeScript does not merge an augmentation of a re-exported
 * interface into the original.)
 *
 * @example
 * ```ts
 * declare module '@kolba/routing' {
 *   interface ConverterTypes { slug: string; date: Date }
 * }
 * router.get('/post/<date:day>/<slug:s>', (ctx) => ctx.params.day.getFullYear());
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ConverterTypes {}
