/**
 * @module @kolba/http
 * Werkzeug's HTTP exceptions, abort/redirect, Flask's error handlers and return values for Koa.
 */
export { escape, isHtmlSafe, Markup, type HtmlSafe } from './markup.js';
export {
  DEFAULT_CONTENT_TYPE,
  HttpResponse,
  isHttpResponse,
  type HeaderValue,
  type HeadersInit,
  type ResponseBody,
  type StatusInit,
} from './response.js';
export * from './http-exception.js';
export * from './exceptions.js';
export { STATUS_TABLE, type StatusEntry } from './status-table.js';
export { abort, createAbort, LookupError, type AbortFunction } from './abort.js';
export { createRedirect, redirect } from './redirect.js';
export { iriToUri } from './iri.js';
export { dumps, jsonify, jsonText, type DumpsOptions, type JsonOptions } from './json.js';
export { applyReturnValue, makeResponse, writeResponse, type ApplyOptions } from './return-value.js';
export {
  classChain,
  ErrorHandlerRegistry,
  type ErrorClass,
  type ErrorHandler,
  type ErrorHandlerKey,
  type ErrorHandlerMap,
} from './registry.js';
export { errorHandlers, type ErrorHandlersMiddleware, type ErrorHandlersOptions } from './error-handlers.js';
export { debugPage } from './debug-page.js';
