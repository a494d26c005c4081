/**
 * The hook types of the facade (Flask's `before_request`, `after_request`, `teardown_request`,
 * `after_this_request`) and the per-request bookkeeping that runs them in Flask's order
 * (flask.md §5.1).
 */
import type { Context, Response } from 'koa';
import { OutsideContextError, request as currentRequest, hasRequestContext } from '@kolba/context';
import { applyReturnValue } from '@kolba/http';

/**
 * A `before_request` function. Returning anything but `undefined` stops the chain: the value
 * becomes the response (as a view's return value would) and the view is not called.
 *
 * @example
 * app.beforeRequest((ctx) => { if (!ctx.session.user && ctx.path.startsWith('/admin')) return redirect('/login'); });
 */
export type BeforeRequestHook = (ctx: Context) => unknown;

/**
 * An `after_request` function. It receives the response (`ctx.response`) and the ctx; it may
 * change the response in place and return nothing, or return a new response value (string,
 * object, `makeResponse(...)`) that replaces it.
 *
 * @example
 * app.afterRequest((response) => { response.set('X-Frame-Options', 'DENY'); });
 */
export type AfterRequestHook = (response: Response, ctx: Context) => unknown;

/**
 * A `teardown_request` function: runs after the response is sent, with the exception that ended
 * the request unhandled (even when an error page was rendered for it), else `undefined`.
 *
 * @example
 * app.teardownRequest((error) => { g.pop('db', undefined)?.close(); });
 */
export type TeardownHook = (error: unknown, ctx: Context) => unknown;

/**
 * A `url_value_preprocessor`: `(endpoint, viewArgs)`, both `undefined` when no rule matched.
 *
 * @example
 * const takeLang: UrlValuePreprocessor = (endpoint, values) => { delete values?.lang; };
 */
export type UrlValuePreprocessor = (endpoint: string | undefined, viewArgs: Record<string, unknown> | undefined) => void;

/**
 * Flask's `preprocess_request` for one scope (the app, or one blueprint): its
 * `url_value_preprocessor` functions, then its `before_request` functions in registration order.
 * The first `before_request` value other than `undefined` becomes the response.
 *
 * @returns `true` when a function answered (the caller must not run the view).
 * @example
 * if (await preprocessRequest(ctx, bp.urlValuePreprocessors, bp.beforeRequestFuncs)) return;
 */
export async function preprocessRequest(
  ctx: Context,
  preprocessors: readonly UrlValuePreprocessor[],
  before: readonly BeforeRequestHook[],
): Promise<boolean> {
  if (preprocessors.length > 0) {
    const routing = ctx.routing as { endpoint: string; viewArgs: Record<string, unknown> } | undefined;
    for (const fn of preprocessors) fn(routing?.endpoint, routing?.viewArgs);
  }
  for (const fn of before) {
    const value = await fn(ctx);
    if (value !== undefined) {
      applyReturnValue(ctx, value);
      return true;
    }
  }
  return false;
}

/** Per-request state of the facade, kept on the ctx under a symbol. */
export interface CycleState {
  /** `after_this_request` callbacks, in registration order. */
  readonly afterThis: AfterRequestHook[];
  /** `after_request` lists of the matched blueprint chain, outermost first. */
  readonly scopes: AfterRequestHook[][];
  /** The exception that ended the request unhandled (reported on the app's `error` event). */
  unhandled: unknown;
}

/** Key of {@link CycleState} on the Koa ctx. */
export const kCycle: unique symbol = Symbol('kolba.cycle');

/** The facade's state of this request, created on first use. */
export function cycleOf(ctx: Context): CycleState {
  const holder = ctx as Context & { [kCycle]?: CycleState };
  return (holder[kCycle] ??= { afterThis: [], scopes: [], unhandled: undefined });
}

/** The facade's state of this request if something created it, else `undefined`. */
export function peekCycle(ctx: Context): CycleState | undefined {
  return (ctx as Context & { [kCycle]?: CycleState })[kCycle];
}

const AFTER_THIS_REQUEST_OUTSIDE =
  "'afterThisRequest' can only be used when a request context is active, such as in a view function.";

/**
 * Runs `fn` on this request's response only, before the `after_request` functions (Flask's
 * `after_this_request`). Pass the ctx, or call it with just the function inside a request
 * handled by the facade (the context-local form).
 *
 * @throws OutsideContextError (Flask's `RuntimeError` wording) outside a request.
 * @example
 * app.get('/', function index(ctx) {
 *   afterThisRequest(ctx, (response) => { response.set('X-Foo', 'a nice value'); });
 *   return 'Hello';
 * });
 */
export function afterThisRequest(ctx: Context, fn: AfterRequestHook): AfterRequestHook;
export function afterThisRequest(fn: AfterRequestHook): AfterRequestHook;
export function afterThisRequest(...args: [Context, AfterRequestHook] | [AfterRequestHook]): AfterRequestHook {
  let ctx: Context;
  let fn: AfterRequestHook;
  if (args.length === 1) {
    if (!hasRequestContext()) throw new OutsideContextError(AFTER_THIS_REQUEST_OUTSIDE);
    ctx = (currentRequest as unknown as { ctx: Context }).ctx;
    fn = args[0];
  } else {
    [ctx, fn] = args;
    if (typeof ctx !== 'object' || ctx === null) throw new OutsideContextError(AFTER_THIS_REQUEST_OUTSIDE);
  }
  if (typeof fn !== 'function') throw new TypeError('afterThisRequest(fn): fn must be a function');
  cycleOf(ctx).afterThis.push(fn);
  return fn;
}
