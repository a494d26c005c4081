/**
 * The context-local `urlFor`: Flask's `url_for` without passing `ctx`, for helpers and services
 * that run inside a request handled by the facade (or any app with @kolba/context + routing).
 */
import { hasRequestContext, OutsideContextError, request } from '@kolba/context';
import type { UrlForOptions } from '@kolba/routing';

const OUTSIDE =
  "Unable to build URLs outside an active request with urlFor(): use app.urlFor(endpoint, values) (it needs 'SERVER_NAME' for external URLs).";

/**
 * Builds a URL for `endpoint` in the request in flight, like `ctx.urlFor` (relative endpoints
 * such as `'.index'` resolve against the matched blueprint).
 *
 * @throws OutsideContextError outside a request; BuildError for unknown endpoints or bad values.
 * @example
 * import { urlFor, redirect } from 'kolba';
 * export function backToLogin() { return redirect(urlFor('auth.login', { next: request.path })); }
 */
export function urlFor(endpoint: string, values?: Record<string, unknown>, options?: UrlForOptions): string {
  if (!hasRequestContext()) throw new OutsideContextError(OUTSIDE);
  const ctx = (request as unknown as { ctx: { urlFor?: (e: string, v?: object, o?: object) => string } }).ctx;
  if (typeof ctx.urlFor !== 'function') throw new OutsideContextError(OUTSIDE);
  return ctx.urlFor(endpoint, values, options);
}
