/**
 * `Scaffold`: what `Kolba` and `Blueprint` share, as in Flask (`flask.sansio.scaffold`): route
 * registration, request hooks, error handlers and context processors. Registration is only
 * possible during set-up; Flask's "setup method … can no longer be called" rule guards it.
 */
import type { Context } from 'koa';
import type { ErrorHandlerKey } from '@kolba/http';
import type { RouteMiddleware, RouteOptions, RouteParams, RuleOptions, UrlDefaultsFunction } from '@kolba/routing';
import type { AfterRequestHook, BeforeRequestHook, TeardownHook, UrlValuePreprocessor } from './hooks.js';

/**
 * An error handler of the facade: receives the error and the ctx; its return value is the
 * response (a bare string keeps the error's status, `makeResponse(body, status)` sets one).
 *
 * @example
 * const notFound: KolbaErrorHandler = (err, ctx) => renderTemplate(ctx, '404.html');
 */
export type KolbaErrorHandler = (err: never, ctx: Context) => unknown;

/**
 * A context processor: names added to every template rendered in the request (Flask's
 * `context_processor`); receives the ctx (undefined outside a request).
 *
 * @example
 * app.contextProcessor(() => ({ siteName: 'Flaskr' }));
 */
export type KolbaContextProcessor = (ctx: Context | undefined) => unknown;

/** `defaults` of route options, `{}` when absent (for typing `ctx.params`). */
type DefaultsOf<O> = O extends { defaults: infer D } ? D : {};

/**
 * One or more route handlers: Koa middleware, the last one the view.
 *
 * @example
 * const chain: RouteHandlers<{ id: number }> = [(ctx) => `post ${ctx.params.id}`];
 */
export type RouteHandlers<P> = [RouteMiddleware<P>, ...RouteMiddleware<P>[]];

/**
 * A method shortcut of the facade (`app.get`, `bp.post`, …): `(rule, [options,] ...handlers)`,
 * with `ctx.params` typed from the rule.
 *
 * @example
 * app.get('/post/<int:id>', (ctx) => `post ${ctx.params.id + 1}`);
 */
export interface ScaffoldShortcut<This> {
  <const R extends string, const O extends RuleOptions & { methods?: never }>(
    rule: R,
    options: O,
    ...handlers: RouteHandlers<RouteParams<R, DefaultsOf<O>>>
  ): This;
  <const R extends string>(rule: R, ...handlers: RouteHandlers<RouteParams<R>>): This;
}

/** A route as recorded for registration. */
export interface RouteRecord {
  readonly rule: string;
  readonly options: RouteOptions;
  readonly handlers: readonly Function[];
}

function isOptions(value: unknown): value is RouteOptions {
  return typeof value === 'object' && value !== null;
}

/**
 * The registration surface shared by `Kolba` and `Blueprint`.
 *
 * @example
 * class Admin extends Blueprint {}   // both apps and blueprints have route/get/beforeRequest/…
 */
export abstract class Scaffold {
  /** `before_request` functions, in registration order. */
  readonly beforeRequestFuncs: BeforeRequestHook[] = [];
  /** `after_request` functions, in registration order (run reversed). */
  readonly afterRequestFuncs: AfterRequestHook[] = [];
  /** `teardown_request` functions, in registration order (run reversed). */
  readonly teardownRequestFuncs: TeardownHook[] = [];
  /** Error handlers by code or class, in registration order. */
  readonly errorHandlerSpec: Array<[ErrorHandlerKey, KolbaErrorHandler]> = [];
  /** Context processors, in registration order. */
  readonly contextProcessors: KolbaContextProcessor[] = [];
  /** `url_value_preprocessor` functions, in registration order. */
  readonly urlValuePreprocessors: UrlValuePreprocessor[] = [];
  /** `url_defaults` functions, in registration order. */
  readonly urlDefaultFuncs: UrlDefaultsFunction[] = [];

  /** Throws Flask's AssertionError-style message once set-up is over. */
  protected abstract checkSetupFinished(method: string): void;
  /** Registers one route (the app on its router; a blueprint records it). */
  protected abstract addRoute(record: RouteRecord): void;

  /**
   * Registers a route for `options.methods` (default `['GET']`). Flask: `@app.route(rule, methods=…)`.
   *
   * @example
   * app.route('/login', { methods: ['GET', 'POST'] }, function login(ctx) { … });
   */
  route<const R extends string, const O extends RouteOptions>(
    rule: R,
    options: O,
    ...handlers: RouteHandlers<RouteParams<R, DefaultsOf<O>>>
  ): this {
    this.checkSetupFinished('route');
    this.#add(rule, options, handlers, options.methods ?? ['GET']);
    return this;
  }

  /**
   * Flask's `add_url_rule(rule, endpoint, view_func, **options)`.
   *
   * @example
   * app.addUrlRule('/', 'index', (ctx) => 'home');
   */
  addUrlRule(rule: string, endpoint: string | undefined, view: RouteMiddleware, options: RouteOptions = {}): this {
    this.checkSetupFinished('add_url_rule');
    this.#add(rule, endpoint === undefined ? options : { ...options, endpoint }, [view], options.methods ?? ['GET']);
    return this;
  }

  /** GET (and HEAD) route. @example app.get('/', function index() { return 'home'; }); */
  readonly get: ScaffoldShortcut<this> = this.#shortcut('get', ['GET']);
  /** POST route. @example app.post('/add', function addEntry(ctx) { … }); */
  readonly post: ScaffoldShortcut<this> = this.#shortcut('post', ['POST']);
  /** PUT route. @example app.put('/item/<int:id>', replaceItem); */
  readonly put: ScaffoldShortcut<this> = this.#shortcut('put', ['PUT']);
  /** PATCH route. @example app.patch('/item/<int:id>', updateItem); */
  readonly patch: ScaffoldShortcut<this> = this.#shortcut('patch', ['PATCH']);
  /** DELETE route. @example app.delete('/item/<int:id>', deleteItem); */
  readonly delete: ScaffoldShortcut<this> = this.#shortcut('delete', ['DELETE']);

  /**
   * Runs `fn` before every request (on a blueprint: every request routed to it). A value other
   * than `undefined` becomes the response and the view is skipped.
   *
   * @example
   * app.beforeRequest(async (ctx) => { ctx.g.user = await users.find(ctx.session.user_id); });
   */
  beforeRequest<F extends BeforeRequestHook>(fn: F): F {
    this.checkSetupFinished('before_request');
    this.beforeRequestFuncs.push(assertFunction('beforeRequest', fn));
    return fn;
  }

  /**
   * Runs `fn(response, ctx)` after every request's view (reverse registration order).
   *
   * @example
   * app.afterRequest((response) => { response.set('X-Content-Type-Options', 'nosniff'); });
   */
  afterRequest<F extends AfterRequestHook>(fn: F): F {
    this.checkSetupFinished('after_request');
    this.afterRequestFuncs.push(assertFunction('afterRequest', fn));
    return fn;
  }

  /**
   * Runs `fn(error, ctx)` after the response is sent (reverse registration order).
   *
   * @example
   * app.teardownRequest(() => { g.pop('db', undefined)?.release(); });
   */
  teardownRequest<F extends TeardownHook>(fn: F): F {
    this.checkSetupFinished('teardown_request');
    this.teardownRequestFuncs.push(assertFunction('teardownRequest', fn));
    return fn;
  }

  /**
   * Registers an error handler for an HTTP status code or an error class (Flask's
   * `errorhandler` / `register_error_handler`).
   *
   * @example
   * app.errorhandler(404, (err, ctx) => renderTemplate(ctx, '404.html'));
   * app.errorhandler(ValidationError, (err: ValidationError) => makeResponse({ error: err.message }, 422));
   */
  errorhandler<H extends KolbaErrorHandler>(codeOrClass: ErrorHandlerKey, handler: H): H {
    this.checkSetupFinished('errorhandler');
    this.errorHandlerSpec.push([codeOrClass, assertFunction('errorhandler', handler)]);
    return handler;
  }

  /**
   * Alias of {@link Scaffold.errorhandler} with Flask's other name.
   *
   * @example
   * app.registerErrorHandler(500, () => 'Something broke');
   */
  registerErrorHandler(codeOrClass: ErrorHandlerKey, handler: KolbaErrorHandler): this {
    this.errorhandler(codeOrClass, handler);
    return this;
  }

  /**
   * Adds names to the context of every template rendered in a request (on a blueprint: requests
   * routed to it). Flask: `@app.context_processor`.
   *
   * @example
   * app.contextProcessor((ctx) => ({ user: ctx?.g.user }));
   */
  contextProcessor<F extends KolbaContextProcessor>(fn: F): F {
    this.checkSetupFinished('context_processor');
    this.contextProcessors.push(assertFunction('contextProcessor', fn));
    return fn;
  }

  /**
   * Runs `fn(endpoint, viewArgs)` after routing, before the `before_request` functions; it may
   * take values out of `viewArgs` (= `ctx.params`) before the view sees them. On a miss both
   * are `undefined`. Flask: `@app.url_value_preprocessor`.
   *
   * @example
   * app.urlValuePreprocessor((endpoint, values) => { g.lang = values?.lang; delete values?.lang; });
   */
  urlValuePreprocessor<F extends UrlValuePreprocessor>(fn: F): F {
    this.checkSetupFinished('url_value_preprocessor');
    this.urlValuePreprocessors.push(assertFunction('urlValuePreprocessor', fn));
    return fn;
  }

  /**
   * Runs `fn(endpoint, values)` for every URL built; it may add values (Flask's
   * `@app.url_defaults`). On a blueprint: only for the blueprint's endpoints.
   *
   * @example
   * app.urlDefaults((endpoint, values) => { if (endpoint.startsWith('lang.')) values.lang ??= g.lang; });
   */
  urlDefaults<F extends UrlDefaultsFunction>(fn: F): F {
    this.checkSetupFinished('url_defaults');
    this.urlDefaultFuncs.push(assertFunction('urlDefaults', fn));
    return fn;
  }

  #shortcut(name: string, methods: string[]): ScaffoldShortcut<this> {
    return ((rule: string, ...rest: unknown[]) => {
      this.checkSetupFinished(name);
      const options = isOptions(rest[0]) && typeof rest[0] !== 'function' ? (rest.shift() as RouteOptions) : {};
      if ('methods' in options) {
        throw new TypeError(`${name}(): 'methods' belongs to route(); use route(rule, { methods }, handler).`);
      }
      this.#add(rule, options, rest, methods);
      return this;
    }) as ScaffoldShortcut<this>;
  }

  #add(rule: unknown, options: RouteOptions, handlers: readonly unknown[], methods: readonly string[]): void {
    if (typeof rule !== 'string') throw new TypeError(`A URL rule must be a string, not ${typeof rule}.`);
    if (typeof methods === 'string') {
      throw new TypeError('Allowed methods must be a list of strings, for example: { methods: ["POST"] }');
    }
    if (handlers.length === 0) throw new TypeError(`Route '${rule}' needs a view function.`);
    for (const h of handlers) {
      if (typeof h !== 'function') throw new TypeError(`Route '${rule}': every handler must be a function, got ${typeof h}.`);
    }
    this.addRoute({ rule, options: { ...options, methods }, handlers: handlers as Function[] });
  }
}

function assertFunction<F>(method: string, fn: F): F {
  if (typeof fn !== 'function') throw new TypeError(`${method}(fn): fn must be a function, got ${typeof fn}.`);
  return fn;
}
