/**
 * Context-locals: `request`, `session`, `g`, `currentApp` importable from any module and
 * resolved, on every property access, to the request in flight (Flask's `LocalProxy`s).
 */
import { inspect } from 'node:util';
import type Koa from 'koa';
import type { Request } from 'koa';
import { APP_CONTEXT_MESSAGE, OutsideContextError, REQUEST_CONTEXT_MESSAGE } from './errors.js';
import type { G } from './globals.js';
import { createGlobals } from './globals.js';
import type { RequestState } from './state.js';
import { activeState, storage } from './state.js';

type IsAny<T> = 0 extends 1 & T ? true : false;

/**
 * Augment to give `currentApp` the type of the `app` passed to `context({ app })`
 * (the kolba facade does this for its `Kolba` class). Unaugmented, `currentApp` is a Koa app.
 *
 * @example
 * declare module '@kolba/context' { interface ContextRegistry { app: MyApp } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ContextRegistry {}

/**
 * The type of `currentApp`: `ContextRegistry['app']` when augmented, else a Koa app.
 *
 * @example
 * function appName(app: CurrentApp) { return app.env; }
 */
export type CurrentApp = ContextRegistry extends { app: infer A } ? A : Koa;

/**
 * The type of the context-local `session`: whatever type the session middleware gave
 * `ctx.session` (@kolba/session augments Koa's context), else a plain record.
 *
 * @example
 * function userId(s: CurrentSession) { return s.user_id; }
 */
export type CurrentSession = Koa.Context extends { session: infer S }
  ? IsAny<S> extends true
    ? Record<string, unknown>
    : NonNullable<S>
  : Record<string, unknown>;

const boundMethods = new WeakMap<object, Map<PropertyKey, { fn: Function; bound: Function }>>();

/**
 * Methods are handed out bound to the real object: Koa's request and koa-session's Session use
 * private fields and getters that break when `this` is the proxy.
 */
function bindMethod(target: object, key: PropertyKey, fn: Function): Function {
  let perTarget = boundMethods.get(target);
  if (perTarget === undefined) boundMethods.set(target, (perTarget = new Map()));
  const cached = perTarget.get(key);
  if (cached !== undefined && cached.fn === fn) return cached.bound;
  const bound = fn.bind(target);
  perTarget.set(key, { fn, bound });
  return bound;
}

function localProxy<T extends object>(name: string, resolve: () => object): T {
  // The shell is what `util.inspect` and `console.log` see (Node inspects a proxy's target);
  // it describes the bound object, like Flask's `<LocalProxy unbound>` repr when unbound.
  const shell = {
    [inspect.custom](depth: number, options: object): string {
      const state = activeState();
      if (state === undefined) return `<LocalProxy ${name} unbound>`;
      return inspect(resolve(), { ...options, depth });
    },
  };
  // Plain keyed access instead of Reflect.get/set with a receiver: same result here (the
  // receiver is the target), and V8 runs it several times faster, which is most of what a
  // context-local costs.
  return new Proxy(shell, {
    get(_, key) {
      if (key === inspect.custom) return shell[inspect.custom];
      const target = resolve() as Record<PropertyKey, unknown>;
      const value = target[key];
      return typeof value === 'function' ? bindMethod(target, key, value) : value;
    },
    set(_, key, value) {
      (resolve() as Record<PropertyKey, unknown>)[key] = value;
      return true;
    },
    has(_, key) {
      return key in resolve();
    },
    deleteProperty(_, key) {
      return delete (resolve() as Record<PropertyKey, unknown>)[key];
    },
    ownKeys() {
      return Reflect.ownKeys(resolve());
    },
    getOwnPropertyDescriptor(_, key) {
      const desc = Reflect.getOwnPropertyDescriptor(resolve(), key);
      // A proxy may not report a property as non-configurable unless its shell has it so.
      if (desc !== undefined) desc.configurable = true;
      return desc;
    },
    defineProperty(_, key, desc) {
      return Reflect.defineProperty(resolve(), key, desc);
    },
    getPrototypeOf() {
      return Reflect.getPrototypeOf(resolve());
    },
    setPrototypeOf() {
      return false;
    },
  }) as unknown as T;
}

function requestState(): RequestState {
  const state = activeState();
  if (state === undefined) throw new OutsideContextError(REQUEST_CONTEXT_MESSAGE);
  return state;
}

function appState(): RequestState {
  const state = activeState();
  if (state === undefined) throw new OutsideContextError(APP_CONTEXT_MESSAGE);
  return state;
}

/**
 * The Koa request of the request in flight (`ctx.request`, with whatever other middleware added
 * to it). Outside a request, any use throws Flask's "Working outside of request context." error.
 *
 * @example
 * import { request } from '@kolba/context';
 * export function clientLanguage() { return request.get('Accept-Language') || 'en'; }
 */
export const request: Request = localProxy<Request>('request', () => requestState().ctx.request);

/**
 * The session of the request in flight (`ctx.session`, from @kolba/session or koa-session).
 * Outside a request: "Working outside of request context.".
 *
 * @example
 * import { session } from '@kolba/context';
 * export function currentUserId() { return session.user_id; }
 */
export const session: CurrentSession = localProxy<CurrentSession>('session', () => {
  const value: unknown = requestState().ctx.session;
  if (typeof value !== 'object' || value === null) {
    throw new TypeError('session is not available: install a session middleware before context() uses it');
  }
  return value;
});

/**
 * The request's `g` namespace (the same object as `ctx.g`). Outside a request:
 * "Working outside of application context.".
 *
 * @example
 * import { g } from '@kolba/context';
 * export async function getDb() { return g.db ??= await pool.connect(); }
 */
export const g: G = localProxy<G>('g', () => appState().g);

/**
 * The application handling the request in flight: the `app` given to `context({ app })`,
 * else the Koa app. Outside a request: "Working outside of application context.".
 *
 * @example
 * import { currentApp } from '@kolba/context';
 * export function isProduction() { return currentApp.env === 'production'; }
 */
export const currentApp: CurrentApp = localProxy<CurrentApp & object>('currentApp', () => appState().app);

/**
 * True while a request handled by `context()` is in flight (Flask: `has_request_context()`).
 *
 * @example
 * const who = hasRequestContext() ? request.ip : 'cli';
 */
export function hasRequestContext(): boolean {
  return activeState() !== undefined;
}

/**
 * Wraps `fn` so that it runs in a copy of the current request context, for work that runs after
 * the request has ended or outside its async chain (a queue callback, an event listener
 * registered elsewhere). The copy sees the same `request`, `session` and app; like Flask's
 * copy, it gets its own empty `g`.
 *
 * @throws OutsideContextError when called outside a request (Flask's wording).
 * @example
 * router.post('/signup', async (ctx) => {
 *   mailQueue.push(copyCurrentRequestContext(() => sendWelcome(session.email, request.host)));
 *   ctx.status = 202;
 * });
 */
export function copyCurrentRequestContext<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const state = activeState();
  if (state === undefined) {
    throw new OutsideContextError(
      "'copyCurrentRequestContext' can only be used when a request context is active, such as in a view function.",
    );
  }
  if (typeof fn !== 'function') throw new TypeError('copyCurrentRequestContext(fn): fn must be a function');
  const copy: RequestState = {
    ctx: state.ctx,
    app: state.app,
    g: createGlobals(),
    teardowns: state.teardowns,
    active: true,
    tearingDown: true, // a copy never runs or accepts the request's teardown callbacks
    locals: true,
  };
  return function copiedRequestContext(this: unknown, ...args: A): R {
    return storage.run(copy, () => fn.apply(this, args));
  };
}
