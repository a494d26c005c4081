/**
 * Teardown callbacks: Flask's `teardown_request`, run once the response is finished.
 *
 * Semantics (flask.md §4.3, §5.1 step 12, tests `test_teardown_request_handler_error`,
 * `test_teardown_with_handled_exception`):
 * - every callback receives the exception that ended the request unhandled, or `undefined`;
 *   an HTTP error (404, abort(403), ctx.throw(400)…) becomes a response in Flask before
 *   teardown, so callbacks get `undefined` for it;
 * - callbacks run in reverse registration order;
 * - a failing callback does not stop the others (Flask 3.2's rule; ≤ 3.1 stopped at the first
 *   failure). Each failure is reported on the app's `error` event, since the response is gone.
 */
import type { AnyContext, RequestState } from './state.js';
import { stateOf, storage } from './state.js';
import { OutsideContextError } from './errors.js';

/**
 * A teardown callback: `error` is the exception that ended the request unhandled, else
 * `undefined`. The return value is ignored; a returned promise is awaited before the next
 * callback runs.
 *
 * @example
 * const closeDb: TeardownCallback = async (error, ctx) => { await ctx.g.pop('db', undefined)?.close(); };
 */
export type TeardownCallback = (error: unknown, ctx: AnyContext) => unknown;

/**
 * Registers `fn` to run after this request's response is finished, with the error if one
 * escaped. Flask: `@app.teardown_request` (for every request, pass it to `context({ teardown })`
 * instead). Also available as `ctx.teardown(fn)`.
 *
 * @throws OutsideContextError when `context()` does not cover `ctx`, or its teardown has started.
 * @example
 * router.get('/report', async (ctx) => {
 *   const db = await pool.connect();
 *   teardownRequest(ctx, () => db.release());
 *   ctx.body = await db.query('select 1');
 * });
 */
export function teardownRequest(ctx: object, fn: TeardownCallback): void {
  if (typeof fn !== 'function') throw new TypeError('teardownRequest(ctx, fn): fn must be a function');
  const state = stateOf(ctx);
  if (state === undefined || !state.active || state.tearingDown) {
    throw new OutsideContextError(
      "'teardownRequest' can only be used while a request handled by the context() middleware is active.",
    );
  }
  state.teardowns.push(fn);
}

/**
 * Whether Flask would have turned `err` into a response before teardown: Werkzeug
 * `HTTPException`s are rendered by `handle_http_exception`, so `teardown_request` sees `None`.
 * On Koa those are http-errors style errors (`status` 4xx/5xx plus a boolean `expose`), which
 * includes `ctx.throw()`, `http-errors` and @kolba/http's `HTTPException`.
 */
function isHttpError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { status?: unknown; statusCode?: unknown; expose?: unknown };
  const status = typeof e.status === 'number' ? e.status : e.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 && typeof e.expose === 'boolean';
}

/** The value teardown callbacks receive for a request that ended with `err` (or none). */
export function teardownError(err: unknown, failed: boolean): unknown {
  return failed && !isHttpError(err) ? err : undefined;
}

function report(state: RequestState, err: unknown): void {
  const error = err instanceof Error ? err : new Error(`teardown callback threw a non-error: ${String(err)}`);
  const app = state.ctx.app as { emit?: (event: string, ...args: unknown[]) => boolean } | undefined;
  // Koa's default 'error' listener logs it; apps that subscribed see it with the ctx.
  if (app && typeof app.emit === 'function') app.emit('error', error, state.ctx);
  else console.error(error);
}

/**
 * Runs the request's teardown callbacks (reverse order, each with `error`) inside the request's
 * context, then ends the context. Never rejects: failures go to `app.emit('error')`.
 */
export async function runTeardown(state: RequestState, error: unknown): Promise<void> {
  state.tearingDown = true;
  const callbacks = state.teardowns;
  const runAll = async () => {
    for (let i = callbacks.length - 1; i >= 0; i--) {
      try {
        await callbacks[i]!(error, state.ctx);
      } catch (err) {
        try {
          report(state, err);
        } catch (listenerError) {
          // An 'error' listener that throws must not turn into an unhandled rejection.
          console.error(listenerError);
        }
      }
    }
  };
  try {
    // Callbacks run inside the request's context, so they can still use `g` (Flask's teardown
    // functions run before the context is popped).
    await (state.locals ? storage.run(state, runAll) : runAll());
  } finally {
    state.active = false;
  }
}
