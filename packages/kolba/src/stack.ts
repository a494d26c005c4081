/**
 * The middleware chain of one `Kolba` app, in Flask's request order (flask.md §5.1):
 *
 *   session (saved last) → context (teardown after the response) → flash → bodies → templates
 *   → request cycle [ error handlers ( app.use middleware → before_request → routes ) → after_request ]
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
import { cycleOf, type AfterRequestHook } from './hooks.js';
import type { BlueprintScope } from './mount.js';
import { bodiesOptions, propagateExceptions, sessionOptions } from './options-from-config.js';

/** What {@link buildStack} needs from the app. */
export interface StackParts {
  readonly app: Kolba;
  readonly environment: TemplateEnvironment;
  /** Receives the registry of the app's error handlers, for blueprint lookups. */
  readonly useRegistry: (registry: ErrorHandlerRegistry) => void;
  readonly scopes: ReadonlyMap<string, BlueprintScope>;
  readonly middleware: readonly Middleware[];
  readonly markFirstRequest: () => void;
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
    (fn) => (error: unknown, ctx: Context) => fn(error ?? cycleOf(ctx).unhandled, ctx),
  );
  const inner = compose([
    ...parts.middleware,
    beforeRequest(app),
    app.router.routes(),
    relativeEndpointsOnMiss(),
    app.router.allowedMethods({ throw: true }),
  ]);
  app.router.use(blueprintInfo(parts.scopes));

  return [
    function kolbaFirstRequest(_ctx: Context, next: Next) {
      parts.markFirstRequest();
      return next();
    },
    session(sessionOptions(config)),
    context({ app, teardown }),
    flashes(),
    bodies(bodiesOptions(config)),
    templates(parts.environment),
    async function kolbaRequestCycle(ctx: Context) {
      await handlers(ctx, () => inner(ctx));
      await finalize(app, ctx, handlers);
    },
  ];
}

/** App-level `before_request`: runs for every request, matched or not (Flask). */
function beforeRequest(app: Kolba): Middleware {
  return async function kolbaBeforeRequest(ctx: Context, next: Next) {
    for (const fn of app.beforeRequestFuncs) {
      const value = await fn(ctx);
      if (value !== undefined) {
        applyReturnValue(ctx, value);
        return;
      }
    }
    await next();
  };
}

/**
 * Router-level middleware of the app's router (runs after a match, before any blueprint's):
 * `request.blueprint`/`request.blueprints`, and `ctx.urlFor('.name')` resolved against the
 * matched blueprint, as Flask's `url_for` does.
 */
function blueprintInfo(scopes: ReadonlyMap<string, BlueprintScope>): Middleware {
  return function kolbaBlueprintInfo(ctx: Context, next: Next) {
    const endpoint = ctx.routing?.endpoint ?? '';
    const dot = endpoint.lastIndexOf('.');
    const blueprint = dot > 0 && scopes.has(endpoint.slice(0, dot)) ? endpoint.slice(0, dot) : undefined;
    const chain: string[] = [];
    if (blueprint !== undefined) {
      const parts = blueprint.split('.');
      for (let i = parts.length; i > 0; i--) chain.push(parts.slice(0, i).join('.'));
    }
    Object.defineProperty(ctx.request, 'blueprint', { value: blueprint, configurable: true, enumerable: true });
    Object.defineProperty(ctx.request, 'blueprints', { value: chain, configurable: true, enumerable: true });
    resolveRelative(ctx, blueprint);
    return next();
  };
}

/** On a miss there is no blueprint: `urlFor('.index')` means the app's `index`. */
function relativeEndpointsOnMiss(): Middleware {
  return function kolbaRelativeEndpoints(ctx: Context, next: Next) {
    resolveRelative(ctx, undefined);
    return next();
  };
}

function resolveRelative(ctx: Context, blueprint: string | undefined): void {
  const raw = ctx.urlFor;
  if (typeof raw !== 'function' || (raw as { relative?: true }).relative) return;
  const resolved = function urlFor(endpoint: string, ...rest: unknown[]) {
    const full = endpoint.startsWith('.') ? (blueprint === undefined ? endpoint.slice(1) : `${blueprint}${endpoint}`) : endpoint;
    return (raw as Function)(full, ...rest) as string;
  };
  ctx.urlFor = Object.assign(resolved, { relative: true as const }) as unknown as Context['urlFor'];
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
  const cycle = cycleOf(ctx);
  const lists: AfterRequestHook[][] = [...cycle.scopes].reverse();
  lists.push(app.afterRequestFuncs);
  for (const fn of cycle.afterThis) await applyAfter(ctx, fn);
  for (const list of lists) {
    for (let i = list.length - 1; i >= 0; i--) await applyAfter(ctx, list[i]!);
  }
}

async function applyAfter(ctx: Context, fn: AfterRequestHook): Promise<void> {
  const value = await fn(ctx.response, ctx);
  if (value !== undefined && value !== ctx.response && value !== ctx) applyReturnValue(ctx, value);
}
