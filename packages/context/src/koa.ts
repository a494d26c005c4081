/**
 * What `context()` adds to every Koa ctx, for TypeScript.
 */
import type { G } from './globals.js';
import type { TeardownCallback } from './teardown.js';

declare module 'koa' {
  interface ExtendableContext {
    /**
     * Flask's `g`: a namespace for this request only, empty at the start of every request.
     * Set by `context()`; type its attributes by augmenting `AppGlobals`.
     *
     * @example
     * ctx.g.user = await users.find(ctx.session.user_id);
     */
    g: G;
    /**
     * Runs `fn` after this request's response is finished, with the unhandled error or
     * `undefined` (Flask's `teardown_request`, for one request). Set by `context()`.
     *
     * @example
     * ctx.teardown(() => conn.release());
     */
    teardown(fn: TeardownCallback): void;
  }
}

export {};
