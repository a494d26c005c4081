/**
 * Registering a blueprint: its routes go on a child `Router` mounted under the blueprint's
 * prefix, and a router-level middleware gives the blueprint's requests its hooks and error
 * handlers in Flask's scope order (app → outer → inner before the view; inner → outer → app
 * after it).
 */
import type { Context, Next } from 'koa';
import { applyReturnValue, classChain, ErrorHandlerRegistry, isHTTPException, type ErrorHandler } from '@kolba/http';
import { Router } from '@kolba/routing';
import { teardownRequest } from '@kolba/context';
import { staticFiles } from '@kolba/static';
import { basename } from 'node:path';
import type { Blueprint, RegisterOptions } from './blueprint.js';
import { cycleOf, preprocessRequest } from './hooks.js';

/** What the app keeps about one registered blueprint name. */
export interface BlueprintScope {
  /** The dotted registered name (`parent.child`). */
  readonly name: string;
  readonly blueprint: Blueprint;
  readonly registry: ErrorHandlerRegistry;
}

/** What mounting needs from the app. */
export interface MountTarget {
  /** Registered names → scopes; duplicate names are refused. */
  readonly scopes: Map<string, BlueprintScope>;
  /** Blueprint template folders, in registration order. */
  readonly templateFolders: string[];
  /** The app's own error registry (its code slot wins over a blueprint's codeless handler). */
  readonly appRegistry: () => ErrorHandlerRegistry;
  /** Called once per blueprint, on its first registration: app-wide hooks are added there. */
  readonly firstRegistration: (blueprint: Blueprint) => void;
}

/** Errors thrown by an error handler go straight to the app's 500 handling (Flask). */
const fromHandler = new WeakSet<object>();

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/**
 * Registers `blueprint` under `parentRouter` (the app's router, or a parent blueprint's).
 *
 * @example
 * mountBlueprint(app, app.router, admin, { urlPrefix: '/admin' }, '');
 */
export function mountBlueprint(
  target: MountTarget,
  parentRouter: Router<unknown, string>,
  blueprint: Blueprint,
  options: RegisterOptions,
  parentName: string,
  parentChain: readonly BlueprintScope[] = [],
): void {
  const ownName = options.name ?? blueprint.name;
  if (ownName.includes('.')) throw new Error("'name' may not contain a dot '.' character.");
  const name = parentName === '' ? ownName : `${parentName}.${ownName}`;
  const existing = target.scopes.get(name);
  if (existing !== undefined) {
    const which = existing.blueprint === blueprint ? 'this' : 'a different';
    throw new Error(`The name '${name}' is already registered for ${which} blueprint. Use 'name=' to provide a unique name.`);
  }
  const first = ![...target.scopes.values()].some((s) => s.blueprint === blueprint);
  const registry = new ErrorHandlerRegistry();
  for (const [key, handler] of blueprint.errorHandlerSpec) registry.register(key, handler as ErrorHandler);
  const scope: BlueprintScope = { name, blueprint, registry };
  target.scopes.set(name, scope);
  const chain = [...parentChain, scope];

  const router = new Router();
  router.use(blueprintMiddleware(scope, chain, target));
  // Mounted before its routes are added, so they are checked with the app's custom converters.
  parentRouter.use(options.urlPrefix ?? blueprint.urlPrefix ?? '', router);
  const urlDefaults = { ...blueprint.urlValuesDefaults, ...options.urlDefaults };
  for (const record of blueprint.routes) {
    const view = record.handlers[record.handlers.length - 1]!;
    const endpoint = `${name}.${record.options.endpoint ?? view.name}`;
    const defaults = { ...urlDefaults, ...record.options.defaults };
    const routeOptions = { ...record.options, endpoint, ...(Object.keys(defaults).length > 0 ? { defaults } : {}) };
    (router.route as Function).call(router, record.rule, routeOptions, ...record.handlers);
  }
  if (blueprint.staticFolder !== undefined) {
    staticFiles(router, {
      folder: blueprint.staticFolder,
      urlPath: blueprint.staticUrlPath ?? `/${basename(blueprint.staticFolder)}`,
      endpoint: `${name}.static`,
    });
  }
  if (blueprint.templateFolder !== undefined && !target.templateFolders.includes(blueprint.templateFolder)) {
    target.templateFolders.push(blueprint.templateFolder);
  }
  for (const child of blueprint.children) mountBlueprint(target, router, child.blueprint, child.options, name, chain);

  if (first) target.firstRegistration(blueprint);
  blueprint.markRegistered();
}

/**
 * The router-level middleware of one blueprint: records its after-request list, registers its
 * teardown functions, runs its before-request functions, and answers errors of its views with
 * its error handlers.
 */
function blueprintMiddleware(scope: BlueprintScope, chain: readonly BlueprintScope[], target: MountTarget) {
  const bp = scope.blueprint;
  const innermost = (ctx: Context) => ctx.routing?.endpoint.startsWith(`${scope.name}.`) === true &&
    !ctx.routing.endpoint.slice(scope.name.length + 1).includes('.');
  return {
    [`blueprint ${scope.name}`]: async (ctx: Context, next: Next): Promise<void> => {
      const cycle = cycleOf(ctx);
      cycle.scopes.push(bp.afterRequestFuncs);
      for (const fn of bp.teardownRequestFuncs) {
        teardownRequest(ctx, (error, c) => fn(error ?? cycle.unhandled, c));
      }
      try {
        if (await preprocessRequest(ctx, bp.urlValuePreprocessors, bp.beforeRequestFuncs)) return;
        await next();
      } catch (thrown) {
        // Only the innermost blueprint of the matched endpoint decides, over the whole chain,
        // so lookups interleave scopes per slot as Flask does.
        if (!innermost(ctx)) throw thrown;
        await handleScoped(ctx, toError(thrown), chain, target.appRegistry());
      }
    },
  }[`blueprint ${scope.name}`]!;
}

/**
 * Flask's `_find_error_handler` across blueprint scopes: for the error's code, every scope from
 * innermost outwards, then the app (whose handler is run by the app's own middleware); then the
 * codeless slot the same way. Nothing found → rethrow for the app.
 */
async function handleScoped(ctx: Context, err: Error, chain: readonly BlueprintScope[], app: ErrorHandlerRegistry): Promise<void> {
  if (fromHandler.has(err)) throw err;
  const classes = classChain(err);
  const code = isHTTPException(err) ? err.code : undefined;
  const inner = [...chain].reverse();
  if (code !== undefined) {
    for (const scope of inner) {
      const found = scope.registry.lookupSlot(code, classes);
      if (found) return runHandler(ctx, found.handler, err, code);
    }
    if (app.lookupSlot(code, classes)) throw err;
  }
  for (const scope of inner) {
    const found = scope.registry.lookupSlot(null, classes);
    if (found) return runHandler(ctx, found.handler, err, code);
  }
  throw err;
}

async function runHandler(ctx: Context, handler: ErrorHandler, err: Error, code: number | undefined): Promise<void> {
  ctx.body = undefined;
  // Like the app's handlers: an HTTP error's status is preset (a bare string keeps it); for
  // other errors a bare return value is a 200, as in Flask.
  ctx.status = code ?? 200;
  const before = ctx.body;
  let value: unknown;
  try {
    value = await handler(err, ctx);
  } catch (failure) {
    const e = toError(failure);
    fromHandler.add(e);
    throw e;
  }
  if (value === undefined && ctx.body !== before) return;
  applyReturnValue(ctx, value);
}
