/**
 * The middleware chain of one `Kolba` app, in Flask's request order (flask.md §5.1):
 *
 *   session (saved last) → context (teardown after the response) → flash → bodies → templates
 *   → request cycle [ error handlers ( TRUSTED_HOSTS → app.use middleware → routing →
 *     url_value_preprocessor + before_request (app, then blueprints) → view ) → after_request ]
 *
 * The session sits outside the after-request functions so that what they change is saved, as
 * Flask saves the session after `process_response`.
 */
import type { Context, Middleware, Next } from 'koa';
import compose from 'koa-compose';
import { context, type TeardownCallback } from '@kolba/context';
import { flashes } from '@kolba/flash';
import { applyReturnValue, errorHandlers, type ErrorHandlerMap, type ErrorHandlerRegistry } from '@kolba/http';
import { bodies } from '@kolba/request';
import { session } from '@kolba/session';
import { templates, type TemplateEnvironment } from '@kolba/templates';
import type { Kolba } from './app.js';
import { peekCycle, preprocessRequest, type AfterRequestHook } from './hooks.js';
import { bodiesOptions, propagateExceptions, sessionOptions } from './options-from-config.js';
import { trustedHosts } from './trusted-hosts.js';

/** What {@link buildStack} needs from the app. */
export interface StackParts {
  readonly app: Kolba;
  readonly environment: TemplateEnvironment;
  /** Receives the registry of the app's error handlers, for blueprint lookups. */
  readonly useRegistry: (registry: ErrorHandlerRegistry) => void;
  readonly middleware: readonly Middleware[];
}

/**
 * The app's middleware list, built once, at the first request.
 *
 * @example
 * const handler = compose(buildStack(parts));
 */
export function buildStack(parts: StackParts): Middleware[] {
  const { app } = parts;
  const config = app.config as unknown as Record<string, unknown>;
  const handlers = errorHandlers(app.errorHandlerSpec as ErrorHandlerMap, {
    debug: app.debug,
    propagateExceptions: propagateExceptions(config),
  });
  parts.useRegistry(handlers.registry);

  const teardown: TeardownCallback[] = app.teardownRequestFuncs.map(
    (fn) => (error: unknown, ctx: Context) => fn(error ?? peekCycle(ctx)?.unhandled, ctx),
  );
  const inner = compose([
    trustedHosts(config),
    ...parts.middleware,
    app.router.routes(),
    beforeRequest(app, true),
    app.router.allowedMethods({ throw: true }),
  ]);
  app.router.use(beforeRequest(app, false));

  return [
    session(sessionOptions(config)),
    context({ app, teardown }),
    flashes(),
    bodies(bodiesOptions(config)),
    templates(parts.environment),
    function kolbaRequestCycle(ctx: Context): Promise<void> {
      installRequestAccessors(ctx.app.request);
      // Plain promise chaining instead of async/await: with the AsyncLocalStorage locals every
      // promise pays Node's promise hooks, and a request with no after-request work needs none.
      const handled = handlers(ctx, () => inner(ctx)) as Promise<void>;
      return handled.then(() => (hasAfterWork(app, ctx) ? finalize(app, ctx, handlers) : undefined));
    },
  ];
}

/**
 * The app's `url_value_preprocessor` and `before_request` functions. Installed twice: as
 * router-level middleware (after a match, before the blueprints' and the view) and after
 * `routes()` for requests no rule matched (Flask runs them there too, with no endpoint).
 */
function beforeRequest(app: Kolba, onMiss: boolean): Middleware {
  return function kolbaBeforeRequest(ctx: Context, next: Next) {
    // A matched view that handed over with next() has been through the router-level copy.
    if (onMiss && ctx.routing !== undefined) return next();
    if (app.urlValuePreprocessors.length === 0 && app.beforeRequestFuncs.length === 0) return next();
    return preprocessRequest(ctx, app.urlValuePreprocessors, app.beforeRequestFuncs).then((answered) =>
      answered ? undefined : next(),
    );
  };
}

/** Whether `process_response` has anything to run for this request. */
function hasAfterWork(app: Kolba, ctx: Context): boolean {
  if (app.afterRequestFuncs.length > 0) return true;
  const cycle = peekCycle(ctx);
  return cycle !== undefined && (cycle.afterThis.length > 0 || cycle.scopes.some((list) => list.length > 0));
}

/**
 * Flask's `request.blueprint` (the matched endpoint before its last dot) and
 * `request.blueprints` (it and its parents, innermost first), as getters on the Koa app's
 * request prototype: nothing is computed unless read. Installed once per Koa app, which covers
 * a host app that mounts `app.middleware()` too.
 */
const withAccessors = new WeakSet<object>();
let lastProto: object | undefined;
function installRequestAccessors(proto: object): void {
  // Called per request: the common case (the same Koa app as last time) is one comparison.
  if (proto === lastProto) return;
  lastProto = proto;
  if (withAccessors.has(proto)) return;
  withAccessors.add(proto);
  if (Object.hasOwn(proto, 'blueprint')) return;
  const blueprintOf = (request: { ctx?: Context }): string | undefined => {
    const endpoint = request.ctx?.routing?.endpoint;
    const dot = endpoint === undefined ? -1 : endpoint.lastIndexOf('.');
    return dot > 0 ? endpoint!.slice(0, dot) : undefined;
  };
  Object.defineProperties(proto, {
    blueprint: {
      get(this: { ctx?: Context }) {
        return blueprintOf(this);
      },
      configurable: true,
    },
    blueprints: {
      get(this: { ctx?: Context }) {
        const name = blueprintOf(this);
        if (name === undefined) return [];
        const parts = name.split('.');
        return parts.map((_, i) => parts.slice(0, parts.length - i).join('.'));
      },
      configurable: true,
    },
  });
}

/**
 * Flask's `process_response`: `after_this_request` callbacks (registration order), then the
 * matched blueprints' `after_request` functions inner → outer, then the app's, each list in
 * reverse. A failure becomes a 500 through the error handlers, after which the functions run
 * once more on the error response with their own failures only logged (flask.md §5.1, step 11).
 */
async function finalize(app: Kolba, ctx: Context, handlers: Middleware): Promise<void> {
  try {
    await runAfter(app, ctx);
  } catch (err) {
    await handlers(ctx, () => Promise.reject(err));
    try {
      await runAfter(app, ctx);
    } catch (again) {
      app.logger.error('Request finalizing failed with an error while handling an error', again);
    }
  }
}

async function runAfter(app: Kolba, ctx: Context): Promise<void> {
  // The cycle state exists only if a blueprint or afterThisRequest created it this request.
  const cycle = peekCycle(ctx);
  const lists: AfterRequestHook[][] = cycle === undefined ? [] : [...cycle.scopes].reverse();
  lists.push(app.afterRequestFuncs);
  if (cycle !== undefined) for (const fn of cycle.afterThis) await applyAfter(ctx, fn);
  for (const list of lists) {
    for (let i = list.length - 1; i >= 0; i--) await applyAfter(ctx, list[i]!);
  }
}

async function applyAfter(ctx: Context, fn: AfterRequestHook): Promise<void> {
  const value = await fn(ctx.response, ctx);
  if (value !== undefined && value !== ctx.response && value !== ctx) applyReturnValue(ctx, value);
}
