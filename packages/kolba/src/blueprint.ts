/**
 * `Blueprint`: Flask's blueprints (flask.md §12). Routes, hooks and error handlers recorded on a
 * blueprint apply to the app when it is registered, under the blueprint's name (endpoints
 * `name.view`) and URL prefix.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorHandlerKey } from '@kolba/http';
import type { AfterRequestHook, BeforeRequestHook, TeardownHook } from './hooks.js';
import { Scaffold, type KolbaContextProcessor, type KolbaErrorHandler, type RouteRecord } from './scaffold.js';

/**
 * Options of `new Blueprint(name, importName, options)` (Flask's keyword arguments).
 *
 * @example
 * const options: BlueprintOptions = { urlPrefix: '/admin', templateFolder: 'templates', staticFolder: 'static' };
 */
export interface BlueprintOptions {
  /** ← `url_prefix`: prepended to every rule (the registration's `urlPrefix` wins). */
  urlPrefix?: string;
  /** ← `static_folder`: serve this folder (relative to the blueprint's root) as `<name>.static`. */
  staticFolder?: string;
  /** ← `static_url_path`: URL of the static folder under the prefix (default `/` + the folder's name). */
  staticUrlPath?: string;
  /** ← `template_folder`: searched after the app's own folder. */
  templateFolder?: string;
  /** ← `url_defaults`: defaults merged into every route of the blueprint. */
  urlDefaults?: Record<string, unknown>;
  /** ← `root_path`: defaults to the directory of `importName`. */
  rootPath?: string;
}

/**
 * Options of `registerBlueprint(bp, options)` (Flask's `register_blueprint` keyword arguments).
 *
 * @example
 * app.registerBlueprint(admin, { urlPrefix: '/staff', name: 'staff' });
 */
export interface RegisterOptions {
  /** ← `url_prefix`: overrides the blueprint's own. */
  urlPrefix?: string;
  /** ← `name`: register the same blueprint again under another name. */
  name?: string;
  /** ← `url_defaults`: merged over the blueprint's. */
  urlDefaults?: Record<string, unknown>;
}

/** A blueprint nested in this one, with its registration options. */
export interface NestedRegistration {
  readonly blueprint: Blueprint;
  readonly options: RegisterOptions;
}

/**
 * The root directory of a module given as `import.meta.url`, a file path or a directory.
 *
 * @example
 * rootPathOf(import.meta.url); // '/srv/app/src'
 */
export function rootPathOf(importName: string | URL): string {
  const path = importName instanceof URL || importName.startsWith('file:') ? fileURLToPath(importName) : resolve(importName);
  // A directory (given with a trailing slash, or one that exists) is the root itself; a module
  // file (import.meta.url, Flask's __name__) gives its directory.
  if (/[\\/]$/.test(path) || isDirectory(path)) return resolve(path);
  return dirname(path);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function checkName(kind: string, name: unknown): string {
  if (typeof name !== 'string') throw new TypeError(`'${kind}' must be a string, not ${typeof name}.`);
  if (name === '') throw new Error(`'${kind}' may not be empty.`);
  if (name.includes('.')) throw new Error(`'${kind}' may not contain a dot '.' character.`);
  return name;
}

/**
 * A group of routes, hooks, error handlers, templates and static files registered on an app
 * (or on another blueprint) under a name and URL prefix. Endpoints become `name.endpoint`;
 * `urlFor('.endpoint')` inside the blueprint's views resolves to the same blueprint.
 *
 * @example
 * const admin = new Blueprint('admin', import.meta.url, { urlPrefix: '/admin' });
 * admin.beforeRequest((ctx) => { if (!ctx.session.is_admin) abort(403); });
 * admin.get('/', function index(ctx) { return `admin home, see ${ctx.urlFor('.users')}`; });
 * admin.get('/users', function users() { return 'users'; });
 * app.registerBlueprint(admin);  // /admin/ → endpoint 'admin.index'
 */
export class Blueprint extends Scaffold {
  readonly name: string;
  readonly rootPath: string;
  readonly urlPrefix: string | undefined;
  readonly staticFolder: string | undefined;
  readonly staticUrlPath: string | undefined;
  readonly templateFolder: string | undefined;
  /** ← `url_values_defaults`: the `urlDefaults` option, merged into every route's defaults. */
  readonly urlValuesDefaults: Record<string, unknown>;
  /** Routes recorded for registration. */
  readonly routes: RouteRecord[] = [];
  /** Blueprints registered on this one. */
  readonly children: NestedRegistration[] = [];
  /** App-wide hooks recorded by `beforeAppRequest` & co. */
  readonly appHooks = {
    beforeRequest: [] as BeforeRequestHook[],
    afterRequest: [] as AfterRequestHook[],
    teardownRequest: [] as TeardownHook[],
    errorHandlers: [] as Array<[ErrorHandlerKey, KolbaErrorHandler]>,
    contextProcessors: [] as KolbaContextProcessor[],
  };
  #registered = false;

  constructor(name: string, importName: string | URL, options: BlueprintOptions = {}) {
    super();
    this.name = checkName('name', name);
    this.rootPath = options.rootPath ?? rootPathOf(importName);
    this.urlPrefix = options.urlPrefix;
    this.staticFolder = options.staticFolder === undefined ? undefined : resolve(this.rootPath, options.staticFolder);
    this.staticUrlPath = options.staticUrlPath;
    this.templateFolder = options.templateFolder === undefined ? undefined : resolve(this.rootPath, options.templateFolder);
    this.urlValuesDefaults = { ...options.urlDefaults };
  }

  /** @internal Marks the blueprint as registered: its set-up is over, as in Flask 3. */
  markRegistered(): void {
    this.#registered = true;
  }

  protected checkSetupFinished(method: string): void {
    if (this.#registered) {
      throw new Error(
        `The setup method '${method}' can no longer be called on the blueprint '${this.name}'. It has already been registered at least once, any changes will not be applied consistently.\nMake sure all imports, decorators, functions, etc. needed to set up the blueprint are done before registering it.`,
      );
    }
  }

  protected addRoute(record: RouteRecord): void {
    if (record.options.endpoint !== undefined) checkName('endpoint', record.options.endpoint);
    const view = record.handlers[record.handlers.length - 1]!;
    if (record.options.endpoint === undefined) {
      if (view.name === '') {
        throw new TypeError(`Route '${record.rule}' on blueprint '${this.name}': give the view a name or pass { endpoint }.`);
      }
      checkName('view_func name', view.name);
    }
    this.routes.push(record);
  }

  /**
   * Nests `blueprint` in this one: its name becomes `parent.child`, its prefix joins this one's.
   *
   * @example
   * parent.registerBlueprint(child, { urlPrefix: '/child' }); // endpoint 'parent.child.index'
   */
  registerBlueprint(blueprint: Blueprint, options: RegisterOptions = {}): this {
    this.checkSetupFinished('register_blueprint');
    if (!(blueprint instanceof Blueprint)) throw new TypeError('registerBlueprint(bp): bp must be a Blueprint.');
    if (blueprint === this) throw new Error('Cannot register a blueprint on itself');
    this.children.push({ blueprint, options });
    return this;
  }

  /**
   * A `before_request` function for every request of the app (Flask's `before_app_request`).
   *
   * @example
   * auth.beforeAppRequest(loadLoggedInUser);
   */
  beforeAppRequest<F extends BeforeRequestHook>(fn: F): F {
    this.checkSetupFinished('before_app_request');
    this.appHooks.beforeRequest.push(fn);
    return fn;
  }

  /**
   * An `after_request` function for every request of the app (Flask's `after_app_request`).
   *
   * @example
   * metrics.afterAppRequest((response) => { response.set('X-Served-By', 'kolba'); });
   */
  afterAppRequest<F extends AfterRequestHook>(fn: F): F {
    this.checkSetupFinished('after_app_request');
    this.appHooks.afterRequest.push(fn);
    return fn;
  }

  /**
   * A `teardown_request` function for every request of the app (Flask's `teardown_app_request`).
   *
   * @example
   * db.teardownAppRequest(() => g.pop('db', undefined)?.release());
   */
  teardownAppRequest<F extends TeardownHook>(fn: F): F {
    this.checkSetupFinished('teardown_app_request');
    this.appHooks.teardownRequest.push(fn);
    return fn;
  }

  /**
   * An error handler for the whole app (Flask's `app_errorhandler`), unlike `errorhandler`,
   * which only sees errors of this blueprint's views.
   *
   * @example
   * errors.appErrorhandler(404, (err, ctx) => renderTemplate(ctx, 'errors/404.html'));
   */
  appErrorhandler<H extends KolbaErrorHandler>(codeOrClass: ErrorHandlerKey, handler: H): H {
    this.checkSetupFinished('app_errorhandler');
    this.appHooks.errorHandlers.push([codeOrClass, handler]);
    return handler;
  }

  /**
   * A context processor for every template of the app (Flask's `app_context_processor`).
   *
   * @example
   * ui.appContextProcessor(() => ({ version: '1.0' }));
   */
  appContextProcessor<F extends KolbaContextProcessor>(fn: F): F {
    this.checkSetupFinished('app_context_processor');
    this.appHooks.contextProcessors.push(fn);
    return fn;
  }
}
