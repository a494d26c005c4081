/**
 * Flask's "working outside of context" errors, with Flask's wording.
 *
 * Flask raises `RuntimeError` from its unbound proxies; the first line of the message is the
 * part users search for, so it is kept verbatim (flask.md §4.2). The explanatory lines follow
 * Flask 3.1 (`flask/globals.py`), adapted where they name Python APIs.
 */

/** First line Flask uses when `request` or `session` is read outside a request. */
export const REQUEST_CONTEXT_MESSAGE = `Working outside of request context.

This typically means that you attempted to use functionality that needed
an active HTTP request. Consult the documentation on testing for
information about how to avoid this problem.`;

/** First line Flask uses when `g` or `current_app` is read outside an application context. */
export const APP_CONTEXT_MESSAGE = `Working outside of application context.

This typically means that you attempted to use functionality that needed
the current application. To solve this, run the code inside a request
handled by the context() middleware, or wrap deferred work with
copyCurrentRequestContext().`;

/**
 * Thrown when a context-local (`request`, `session`, `g`, `currentApp`) or a helper that needs
 * the current request is used while no request is in flight. Flask raises `RuntimeError`; the
 * `name` is kept as `"RuntimeError"` so logs read the same as Flask's.
 *
 * @example
 * import { request, OutsideContextError } from '@kolba/context';
 * try { request.path; } catch (err) { err instanceof OutsideContextError; } // true
 */
export class OutsideContextError extends Error {
  override name = 'RuntimeError';
}
