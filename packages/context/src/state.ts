/**
 * Where the request in flight is found: one AsyncLocalStorage owned by this package, plus the
 * storages of Koa apps created with Koa 3's `asyncLocalStorage` option.
 *
 * Koa 3 (`new Koa({ asyncLocalStorage: true })`) already wraps every request in
 * `ctxStorage.run(ctx, …)` and exposes `app.currentContext`. When the middleware sees that, it
 * does not open a second scope: it remembers the app's storage and the context-locals read the
 * request from there. Otherwise the middleware runs the rest of the chain in this package's own
 * storage. Per-request state always hangs off the Koa ctx (under a symbol), so both paths find
 * the same `g` and teardown list.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from 'koa';
import type { G } from './globals.js';
import type { TeardownCallback } from './teardown.js';

/** The Koa ctx as this package sees it. */
export type AnyContext = Context;

/** One request context (Flask's `RequestContext` + `AppContext` of that request). */
export interface RequestState {
  readonly ctx: AnyContext;
  /** What `currentApp` resolves to: the `app` option of `context()`, else `ctx.app`. */
  readonly app: object;
  readonly g: G;
  /** The original request's teardown list (shared with copies, which never run it). */
  readonly teardowns: TeardownCallback[];
  /** False once the request has ended (response finished, teardown done): Flask's `pop()`. */
  active: boolean;
  /** True while teardown callbacks run, when registering new ones is no longer possible. */
  tearingDown: boolean;
  /** Whether the context-locals are bound (`context({ locals })`). */
  readonly locals: boolean;
}

/** Key of the state on the Koa ctx. */
export const kState: unique symbol = Symbol('kolba.context');

/** Scopes opened by `context()` (without Koa's option) and by `copyCurrentRequestContext`. */
export const storage = new AsyncLocalStorage<RequestState>();

/** Koa apps' own storages (`new Koa({ asyncLocalStorage })`) seen by `context()`. Usually 0–1. */
const koaStorages: AsyncLocalStorage<unknown>[] = [];

/** Called by the middleware when the app's own storage already scopes this request. */
export function adoptKoaStorage(als: AsyncLocalStorage<unknown>): void {
  if (!koaStorages.includes(als)) koaStorages.push(als);
}

/** The state of the request in flight, active or not, or `undefined`. */
export function findState(): RequestState | undefined {
  // Own storage first: a copied context (copyCurrentRequestContext) must win over whatever
  // request happens to be scoped around the call.
  const own = storage.getStore();
  if (own !== undefined) return own;
  for (let i = 0; i < koaStorages.length; i++) {
    const ctx = koaStorages[i]!.getStore() as { [kState]?: RequestState } | undefined;
    const state = ctx?.[kState];
    if (state !== undefined) return state;
  }
  return undefined;
}

/** The state of the request in flight, only while that request has not ended. */
export function activeState(): RequestState | undefined {
  const state = findState();
  return state !== undefined && state.active ? state : undefined;
}

/** The state `context()` attached to this ctx, if any. */
export function stateOf(ctx: object): RequestState | undefined {
  return (ctx as { [kState]?: RequestState })[kState];
}
