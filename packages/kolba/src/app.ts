/**
 * `Kolba`: Flask's application object on Koa. It owns a Koa app, a `Router`, a `Config` with
 * Flask's defaults, and composes the @kolba packages into the request cycle Flask runs
 * (flask.md §5.1): session → context → before_request → view → after_request → session save →
 * teardown, with error handlers around the view and the hooks.
 */
import { basename, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Koa from 'koa';
import type { Context, Middleware, Next } from 'koa';
import compose from 'koa-compose';
import { decodePath, Router, type UrlForOptions } from '@kolba/routing';
import { ErrorHandlerRegistry } from '@kolba/http';
import { TemplateEnvironment, type TemplateFilter, type TemplateTest } from '@kolba/templates';
import { staticFiles } from '@kolba/static';
import { Blueprint, rootPathOf, type RegisterOptions } from './blueprint.js';
import { Config } from './config.js';
import { envFlag } from './options-from-config.js';
import { mountBlueprint, type BlueprintScope, type MountTarget } from './mount.js';
import { Scaffold, type RouteRecord } from './scaffold.js';
import { buildStack } from './stack.js';
import { cycleOf } from './hooks.js';
import type { TestClientOptions } from './test-client.js';
import { KolbaTestClient } from './session-transaction.js';
import { runServer, type RunOptions, type RunningServer } from './serve.js';

/**
 * Options of `new Kolba(importName, options)` (Flask's constructor keyword arguments).
 *
 * @example
 * const options: KolbaOptions = { config: { SECRET_KEY: process.env.SECRET_KEY }, staticFolder: 'public' };
 */
export interface KolbaOptions {
  /** Initial config values, applied over Flask's defaults (`app.config.update(...)`). */
  config?: Record<string, unknown>;
  /** ← `static_folder`, default `'static'` (relative to the root); `null` for no static route. */
  staticFolder?: string | null;
  /** ← `static_url_path`, default `'/' + basename(staticFolder)`. */
  staticUrlPath?: string;
  /** ← `template_folder`, default `'templates'` (relative to the root); `null` for none. */
  templateFolder?: string | null;
  /** ← `root_path`: defaults to the directory of `importName`. */
  rootPath?: string;
  /** ← `strict_slashes` of the URL map, default `true`. */
  strictSlashes?: boolean;
  /** Custom URL converters by name (← `app.url_map.converters`). */
  converters?: ConstructorParameters<typeof Router>[0] extends infer O ? (O extends { converters?: infer C } ? C : never) : never;
  /** Where errors are logged (← `app.logger`), default `console`. */
  logger?: { error(...args: unknown[]): void; info?(...args: unknown[]): void };
  /** An existing Koa app to build on (its `keys`, `proxy`, own middleware). Default: a new one. */
  koa?: Koa;
}

const FIRST_REQUEST_DONE = (method: string) =>
  `The setup method '${method}' can no longer be called on the application. It has already handled its first request, any changes will not be applied consistently.\nMake sure all imports, decorators, functions, etc. needed to set up the application are done before running it.`;

/**
 * A Flask application on Koa.
 *
 * @example
 * import { Kolba, flash, redirect, renderTemplate } from 'kolba';
 *
 * const app = new Kolba(import.meta.url, { config: { SECRET_KEY: 'dev' } });
 * app.get('/', function index(ctx) { return renderTemplate(ctx, 'index.html', { name: 'kolba' }); });
 * app.get('/post/<int:id>', function show_post(ctx) { return `Post ${ctx.params.id}`; }); // id: number
 * app.run({ port: 5000, debug: true });
 */
export class Kolba extends Scaffold {
  /** The app's name (Flask's `app.name`): the importing module's file name without extension. */
  readonly name: string;
  /** ← `app.root_path`. */
  readonly rootPath: string;
  /** ← `app.config`: Flask's defaults, updated with `options.config`. */
  readonly config: Config;
  /** The underlying Koa app (`app.wsgi_app`'s role): use it for raw Koa needs (`keys`, `proxy`, `on('error')`). */
  readonly koa: Koa;
  /** The URL map and dispatcher (← `app.url_map`). */
  readonly router: Router<unknown, string>;
  /** Registered blueprints by dotted name (← `app.blueprints`). */
  readonly blueprints = new Map<string, Blueprint>();
  /** ← `static_folder` (absolute) or `undefined`. */
  readonly staticFolder: string | undefined;
  /** ← `static_url_path`. */
  readonly staticUrlPath: string | undefined;
  /** ← `template_folder` (absolute) or `undefined`. */
  readonly templateFolder: string | undefined;
  /** Where errors are logged (← `app.logger`). */
  logger: NonNullable<KolbaOptions['logger']>;

  readonly #middleware: Middleware[] = [];
  readonly #templateFilters: Record<string, TemplateFilter> = {};
  readonly #templateTests: Record<string, TemplateTest> = {};
  readonly #templateGlobals: Record<string, unknown> = {};
  readonly #scopes = new Map<string, BlueprintScope>();
  readonly #templateFolders: string[] = [];
  #stack: Middleware | undefined;
  #env: TemplateEnvironment | undefined;
  #registry: ErrorHandlerRegistry | undefined;
  #handledFirstRequest = false;

  constructor(importName: string | URL, options: KolbaOptions = {}) {
    super();
    if (typeof importName !== 'string' && !(importName instanceof URL)) {
      throw new TypeError('new Kolba(importName): pass import.meta.url (or a path), as Flask takes __name__.');
    }
    this.rootPath = options.rootPath ?? rootPathOf(importName);
    this.name = appName(importName);
    this.config = new Config(this.rootPath);
    // Flask reads FLASK_DEBUG when the app is created; kolba reads KOLBA_DEBUG.
    if (process.env.KOLBA_DEBUG !== undefined) this.config.DEBUG = envFlag(process.env.KOLBA_DEBUG);
    if (options.config !== undefined) this.config.fromMapping(options.config);
    this.logger = options.logger ?? console;
    this.koa = options.koa ?? new Koa();
    this.router = new Router({
      ...(options.strictSlashes === undefined ? {} : { strictSlashes: options.strictSlashes }),
      ...(options.converters === undefined ? {} : { converters: options.converters }),
    });

    const staticFolder = options.staticFolder === undefined ? 'static' : options.staticFolder;
    this.staticFolder = staticFolder === null ? undefined : resolve(this.rootPath, staticFolder);
    this.staticUrlPath = this.staticFolder === undefined ? undefined : (options.staticUrlPath ?? `/${basename(this.staticFolder)}`);
    const templateFolder = options.templateFolder === undefined ? 'templates' : options.templateFolder;
    this.templateFolder = templateFolder === null ? undefined : resolve(this.rootPath, templateFolder);
    if (this.staticFolder !== undefined) {
      staticFiles(this.router, {
        folder: this.staticFolder,
        urlPath: this.staticUrlPath,
        maxAge: () => (this.config.SEND_FILE_MAX_AGE_DEFAULT as number | null | undefined) ?? null,
      });
    }

    this.koa.on('error', (err: unknown, ctx?: Context) => this.#onError(err, ctx));
    this.koa.use((ctx, next) => (this.#stack ??= this.#build())(ctx, next));
  }

  /** ← `app.debug` (`DEBUG`). @example app.debug = true; */
  get debug(): boolean {
    return Boolean(this.config.DEBUG);
  }
  set debug(value: boolean) {
    this.config.DEBUG = Boolean(value);
  }

  /** ← `app.testing` (`TESTING`): unhandled errors propagate. @example app.testing = true; */
  get testing(): boolean {
    return Boolean(this.config.TESTING);
  }
  set testing(value: boolean) {
    this.config.TESTING = Boolean(value);
  }

  /** ← `app.secret_key` (`SECRET_KEY`). @example app.secretKey = process.env.SECRET_KEY; */
  get secretKey(): string | Buffer | null {
    return this.config.SECRET_KEY;
  }
  set secretKey(value: string | Buffer | null) {
    this.config.SECRET_KEY = value;
  }

  protected checkSetupFinished(method: string): void {
    if (this.#handledFirstRequest) throw new Error(FIRST_REQUEST_DONE(method));
  }

  protected addRoute(record: RouteRecord): void {
    const provide = this.config.PROVIDE_AUTOMATIC_OPTIONS;
    const options =
      record.options.provideAutomaticOptions === undefined && provide === false
        ? { ...record.options, provideAutomaticOptions: false }
        : record.options;
    (this.router.route as Function).call(this.router, record.rule, options, ...record.handlers);
  }

  /**
   * Adds Koa middleware that runs for every request, inside the error handlers and before the
   * `before_request` functions (Flask's WSGI middleware / `app.wsgi_app` wrapping).
   *
   * @example
   * app.use(async (ctx, next) => { const t = Date.now(); await next(); ctx.set('X-Time', `${Date.now() - t}`); });
   */
  use(middleware: Middleware): this {
    this.checkSetupFinished('use');
    if (typeof middleware !== 'function') throw new TypeError('app.use(middleware): middleware must be a function.');
    this.#middleware.push(middleware);
    return this;
  }

  /**
   * Registers a blueprint (Flask's `register_blueprint`).
   *
   * @throws Error when the name is already registered (Flask's message), or set-up is over.
   * @example
   * app.registerBlueprint(admin, { urlPrefix: '/admin' });
   */
  registerBlueprint(blueprint: Blueprint, options: RegisterOptions = {}): this {
    this.checkSetupFinished('register_blueprint');
    if (!(blueprint instanceof Blueprint)) throw new TypeError('registerBlueprint(bp): bp must be a Blueprint.');
    mountBlueprint(this.#mountTarget(), this.router, blueprint, options, '');
    return this;
  }

  /**
   * Registers a template filter (Flask's `template_filter` / `add_template_filter`).
   *
   * @example
   * app.templateFilter('reverse', (s: string) => [...s].reverse().join(''));
   */
  templateFilter(name: string, fn: TemplateFilter): this {
    this.checkSetupFinished('template_filter');
    this.#templateFilters[name] = fn;
    return this;
  }

  /**
   * Registers a template test (Flask's `template_test`).
   *
   * @example
   * app.templateTest('prime', (n: number) => isPrime(n));
   */
  templateTest(name: string, fn: TemplateTest): this {
    this.checkSetupFinished('template_test');
    this.#templateTests[name] = fn;
    return this;
  }

  /**
   * Registers a template global (Flask's `template_global` / `add_template_global`).
   *
   * @example
   * app.templateGlobal('siteName', 'Flaskr');
   */
  templateGlobal(name: string, value: unknown): this {
    this.checkSetupFinished('template_global');
    this.#templateGlobals[name] = value;
    return this;
  }

  /**
   * The template environment (← `app.jinja_env`), created on first use.
   *
   * @example
   * app.jinjaEnv.addFilter('shout', (s: string) => s.toUpperCase());
   */
  get jinjaEnv(): TemplateEnvironment {
    return (this.#env ??= new TemplateEnvironment({
      root: this.rootPath,
      folder: this.templateFolder === undefined ? [] : [this.templateFolder],
      config: this.config as unknown as Record<string, unknown>,
      debug: this.debug,
      urlFor: (endpoint, values, options) => this.urlFor(endpoint, values as Record<string, unknown>, options as UrlForOptions),
    }));
  }

  /**
   * Flask's `url_for` outside a request: relative URLs, or absolute ones from `SERVER_NAME` and
   * `PREFERRED_URL_SCHEME`. Inside a request use `ctx.urlFor` (or the context-local `urlFor`).
   *
   * @throws BuildError naming the endpoint and values; Flask's RuntimeError for an external URL
   *   without `SERVER_NAME`.
   * @example
   * app.urlFor('show_post', { id: 3 });                       // '/post/3'
   * app.urlFor('index', {}, { external: true });              // 'http://example.com/' with SERVER_NAME
   */
  urlFor(endpoint: string, values: Record<string, unknown> = {}, options: UrlForOptions = {}): string {
    const external = options.external === true || options.scheme !== undefined;
    const serverName = this.config.SERVER_NAME as string | null | undefined;
    if (external && options.host === undefined && !serverName) {
      throw new Error(
        "Unable to build URLs outside an active request without 'SERVER_NAME' configured. Also configure 'APPLICATION_ROOT' and 'PREFERRED_URL_SCHEME' as needed.",
      );
    }
    const built = external
      ? { ...options, host: options.host ?? serverName!, scheme: options.scheme ?? String(this.config.PREFERRED_URL_SCHEME ?? 'http') }
      : options;
    return this.router.urlFor(endpoint.startsWith('.') ? endpoint.slice(1) : endpoint, values, built);
  }

  /**
   * The Node request listener (`http.createServer(app.callback())`).
   *
   * @example
   * http.createServer(app.callback()).listen(5000);
   */
  callback(): ReturnType<Koa['callback']> {
    return this.koa.callback();
  }

  /**
   * The whole app as one Koa middleware, to mount inside an existing Koa app. Requests whose
   * path matches none of the app's rules go on to the host app's next middleware untouched.
   *
   * @example
   * const host = new Koa();
   * host.use(flaskLike.middleware());
   * host.use((ctx) => { ctx.body = 'the host app answers the rest'; });
   */
  middleware(): Middleware {
    const app = this;
    return function kolbaApp(ctx: Context, next: Next) {
      let path: string;
      try {
        path = decodePath(ctx.path);
      } catch {
        path = ctx.path;
      }
      if (app.router.map.match(path, ctx.method).kind === 'notFound') return next();
      return (app.#stack ??= app.#build())(ctx, next);
    };
  }

  /**
   * Flask's `app.test_client()`: requests through a real loopback server, with a cookie jar.
   *
   * @example
   * const client = app.testClient();
   * const res = await client.post('/login', { data: { username: 'admin', password: 'default' } });
   * assert.equal(res.status, 302);
   */
  testClient(options: TestClientOptions = {}): KolbaTestClient {
    return new KolbaTestClient(this.callback(), this.config, options);
  }

  /**
   * Starts the development server (Flask's `app.run`): `127.0.0.1:5000` unless `SERVER_NAME`,
   * the options or `PORT`/`HOST` say otherwise; prints Flask's start-up lines.
   *
   * @example
   * await app.run({ port: 5000, debug: true });
   */
  run(options: RunOptions = {}): Promise<RunningServer> {
    if (options.debug !== undefined) this.debug = options.debug;
    return runServer(this, options);
  }

  /**
   * Koa's `listen`, for production servers and process managers.
   *
   * @example
   * app.listen(8000, '0.0.0.0');
   */
  listen(...args: Parameters<Koa['listen']>): ReturnType<Koa['listen']> {
    return this.koa.listen(...args);
  }

  /** The app's error registry (set when the stack is built), app-wide blueprint handlers included. */
  #errorRegistry(): ErrorHandlerRegistry {
    return this.#registry ?? new ErrorHandlerRegistry();
  }

  #mountTarget(): MountTarget {
    return {
      scopes: this.#scopes,
      templateFolders: this.#templateFolders,
      appRegistry: () => this.#errorRegistry(),
      firstRegistration: (bp) => {
        this.beforeRequestFuncs.push(...bp.appHooks.beforeRequest);
        this.afterRequestFuncs.push(...bp.appHooks.afterRequest);
        this.teardownRequestFuncs.push(...bp.appHooks.teardownRequest);
        this.errorHandlerSpec.push(...bp.appHooks.errorHandlers);
        this.contextProcessors.push(...bp.appHooks.contextProcessors);
      },
    };
  }

  #build(): Middleware {
    const env = this.jinjaEnv;
    for (const folder of this.#templateFolders) if (!env.folders.includes(folder)) env.addTemplateFolder(folder);
    for (const [name, fn] of Object.entries(this.#templateFilters)) env.addFilter(name, fn);
    for (const [name, fn] of Object.entries(this.#templateTests)) env.addTest(name, fn);
    for (const [name, value] of Object.entries(this.#templateGlobals)) env.addGlobal(name, value);
    for (const [name, scope] of this.#scopes) this.blueprints.set(name, scope.blueprint);
    // url_defaults: the app's, then each blueprint's for its own endpoints (outer first, Flask).
    for (const fn of this.urlDefaultFuncs) this.router.urlDefaults(fn);
    for (const [name, scope] of this.#scopes) {
      for (const fn of scope.blueprint.urlDefaultFuncs) {
        this.router.urlDefaults((endpoint, values) => {
          if (endpoint.startsWith(`${name}.`)) fn(endpoint, values);
        });
      }
    }
    // Context processors: the app's, then each blueprint's for requests routed to it (outer
    // blueprints first, so an inner one's value wins, as in Flask).
    type Processor = Parameters<TemplateEnvironment['addContextProcessor']>[0];
    for (const fn of this.contextProcessors) env.addContextProcessor(fn as Processor);
    for (const [name, scope] of this.#scopes) {
      for (const fn of scope.blueprint.contextProcessors) {
        env.addContextProcessor(((ctx: Context | undefined) =>
          ctx?.request.blueprints?.includes(name) ? fn(ctx) : undefined) as Processor);
      }
    }
    const stack = buildStack({
      app: this,
      environment: env,
      useRegistry: (registry) => {
        this.#registry = registry;
      },
      middleware: this.#middleware,
    });
    // Built when the first request arrives: from now on set-up is over, as in Flask.
    this.#handledFirstRequest = true;
    return compose(stack);
  }

  #onError(err: unknown, ctx: Context | undefined): void {
    if (ctx !== undefined && typeof ctx === 'object') cycleOf(ctx).unhandled = err;
    if (this.koa.silent) return;
    const where = ctx === undefined ? '' : ` on ${ctx.path} [${ctx.method}]`;
    // Flask's app.logger.error("Exception on /path [GET]", exc_info=...).
    this.logger.error(`[${new Date().toISOString()}] ERROR in ${this.name}: Exception${where}\n`, err);
  }
}

function appName(importName: string | URL): string {
  const path = importName instanceof URL || importName.startsWith('file:') ? fileURLToPath(importName) : importName;
  const base = basename(path);
  return extname(base) === '' ? base : base.slice(0, -extname(base).length);
}
