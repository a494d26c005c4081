/**
 * `context()`: opens Flask's request context for the rest of the Koa middleware chain.
 */
import type { Middleware, Next } from 'koa';
import onFinished from 'on-finished';
import { createGlobals } from './globals.js';
import type { AnyContext, RequestState } from './state.js';
import { adoptKoaStorage, kState, storage } from './state.js';
import type { TeardownCallback } from './teardown.js';
import { runTeardown, teardownError, teardownRequest } from './teardown.js';

/**
 * Options of {@link context}.
 *
 * @example
 * const options: ContextOptions = { app: flaskLikeApp, teardown: [closeDb] };
 * app.use(context(options));
 */
export interface ContextOptions {
  /**
   * What `currentApp` resolves to during a request (Flask: `current_app`). Defaults to the Koa
   * application handling the request (`ctx.app`). The kolba facade passes its `Kolba` instance.
   */
  app?: object;
  /**
   * Teardown callbacks run for every request after its response is finished, in reverse order,
   * each with the unhandled error or `undefined` (Flask: `@app.teardown_request`).
   */
  teardown?: Iterable<TeardownCallback>;
  /**
   * Bind the context-locals (`request`, `session`, `g`, `currentApp`) with AsyncLocalStorage.
   * Default `true`. With `false` only `ctx.g` and teardown are provided, and no
   * AsyncLocalStorage scope is opened (Node then never turns on its promise hooks for this),
   * for Koa apps that only use `ctx`.
   */
  locals?: boolean;
}

function ctxTeardown(this: AnyContext, fn: TeardownCallback): void {
  teardownRequest(this, fn);
}

/**
 * Gives every request a fresh `ctx.g`, `ctx.teardown(fn)`, and binds the context-locals
 * (`request`, `session`, `g`, `currentApp`) to it for everything downstream. Teardown callbacks
 * run after the response has been sent.
 *
 * Put it early, after the session middleware: downstream middleware and handlers see the
 * context, upstream ones do not. With `new Koa({ asyncLocalStorage: true })` the app's own
 * storage is reused instead of opening a second scope.
 *
 * @example
 * import Koa from 'koa';
 * import { context, g, request } from '@kolba/context';
 *
 * const app = new Koa();
 * app.use(context());
 * app.use(async (ctx) => {
 *   g.startedAt = Date.now();           // same object as ctx.g
 *   ctx.body = `hello from ${request.path}`;
 * });
 */
export function context(options: ContextOptions = {}): Middleware {
  const appOption = options.app;
  const locals = options.locals ?? true;
  const appTeardown = options.teardown === undefined ? [] : [...options.teardown];
  for (const fn of appTeardown) {
    if (typeof fn !== 'function') throw new TypeError('context({ teardown }): every teardown callback must be a function');
  }

  return function kolbaContext(ctx: AnyContext, next: Next): Promise<void> {
    // Re-entrant like Flask's context push: a second context() (a mounted sub-app, a router
    // that adds it again) keeps the outer request's g and teardown list.
    if (ctx[kState] !== undefined) return next();

    const g = createGlobals();
    const state: RequestState = {
      ctx,
      app: appOption ?? ctx.app,
      g,
      teardowns: appTeardown.length === 0 ? [] : [...appTeardown],
      active: true,
      tearingDown: false,
      locals,
    };
    ctx[kState] = state;
    ctx.g = g;
    ctx.teardown = ctxTeardown;

    if (!locals) return handle(state, next);
    const als = ctx.app?.ctxStorage;
    if (als !== undefined && als !== null && als.getStore() === ctx) {
      adoptKoaStorage(als);
      return handle(state, next);
    }
    return storage.run(state, handle, state, next);
  };
}

function handle(state: RequestState, next: Next): Promise<void> {
  // Plain promise callbacks rather than an async function: one promise less per request.
  return next().then(
    () => end(state, undefined),
    (err: unknown) => {
      end(state, teardownError(err, true));
      throw err;
    },
  );
}

/** Ends the context once the response is finished (or the client went away). */
function end(state: RequestState, error: unknown): void {
  const { res } = state.ctx;
  if (state.teardowns.length === 0) {
    // Nothing to run: close the context now rather than paying for a listener per request.
    // Work the request left behind (timers, un-awaited promises) now sees no request, as after
    // Flask's context pop; copyCurrentRequestContext() is the way to keep it.
    state.active = false;
    return;
  }
  onFinishedOrNow(res, () => {
    void runTeardown(state, error);
  });
}

function onFinishedOrNow(res: AnyContext['res'], fn: () => void): void {
  if (res === undefined || res === null) fn();
  else onFinished(res, fn);
}
