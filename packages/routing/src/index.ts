/**
 * @module @kolba/routing
 * Werkzeug's URL rules for Koa: converters, precedence, strict slashes, 308/405/OPTIONS, `urlFor`,
 * typed `ctx.params` — as a sans-IO core, a Koa `Router`, and an adapter for @koa/router.
 */
export * from './core/index.js';
export { Router, type MethodShortcut } from './router.js';
export { flaskRules, addRule, type FlaskRules, type FlaskRulesOptions } from './koa-router-adapter.js';
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
export type { ConverterTypes, JoinRule, KnownEndpoint, RouteEntry, RouteParams, RuleParams, UrlValues } from './rule-types.js';
