/**
 * `errorHandlers()`: Flask's error handling (`handle_user_exception` / `handle_exception`) as
 * one Koa middleware placed before everything that may throw.
 */
import { STATUS_CODES } from 'node:http';
import type { Context, Middleware, Next } from 'koa';
import { debugPage } from './debug-page.js';
import { BadRequestKeyError, exceptionClassFor, InternalServerError, MethodNotAllowed, NotFound } from './exceptions.js';
import { HTTPException, isAbortResponse, isHTTPException } from './http-exception.js';
import type { JsonOptions } from './json.js';
import { applyReturnValue, writeResponse } from './return-value.js';
import { primeBody } from './stream-body.js';
import { classChain, ErrorHandlerRegistry, type ErrorHandler, type ErrorHandlerKey, type ErrorHandlerMap } from './registry.js';

/**
 * Options for {@link errorHandlers}.
 *
 * @example
 * ```ts
 * app.use(errorHandlers({}, { debug: process.env.NODE_ENV === 'development' }));
 * ```
 */
export interface ErrorHandlersOptions {
  /**
   * Flask `DEBUG`: render unhandled errors as an escaped page with the stack trace and
   * pretty-print JSON returned by handlers. Never in production. @default false
   */
  debug?: boolean;
  /**
   * Treat a request that no middleware answered (Koa's implicit 404: status 404, no body) as
   * a raised `NotFound`, and a bodyless 405 (a router's `allowedMethods()`) as
   * `MethodNotAllowed` with its `Allow` header, so handlers and Werkzeug's pages apply, as in
   * Flask. @default true
   */
  handleUnmatched?: boolean;
  /** JSON options for handler return values (see `jsonify`). */
  json?: JsonOptions;
  /**
   * Flask `PROPAGATE_EXCEPTIONS`: rethrow unhandled non-HTTP errors instead of answering 500,
   * so tests see the real exception (Koa's own onerror then answers). @default false
   */
  propagateExceptions?: boolean;
}

/**
 * The middleware returned by {@link errorHandlers}, with Flask's `register_error_handler`.
 *
 * @example
 * ```ts
 * const handlers = errorHandlers();
 * handlers.register(404, () => 'nothing here');
 * app.use(handlers);
 * ```
 */
export interface ErrorHandlersMiddleware extends Middleware {
  /** Adds a handler after creation (Flask's `app.register_error_handler`). */
  register(code: number, handler: ErrorHandler<HTTPException>): ErrorHandlersMiddleware;
  register<E extends Error>(cls: abstract new (...args: never[]) => E, handler: ErrorHandler<E>): ErrorHandlersMiddleware;
  /** The underlying registry. */
  readonly registry: ErrorHandlerRegistry;
}

// Headers describing the failed response's body; a fresh error response must not inherit them
// (unlike Koa's onerror we keep the rest: Set-Cookie, Vary, CORS and security headers).
const BODY_HEADERS = [
  'content-type', 'content-length', 'content-encoding', 'content-language', 'content-disposition',
  'content-range', 'content-location', 'etag', 'last-modified', 'location', 'allow', 'retry-after',
  'www-authenticate', 'accept-ranges', 'transfer-encoding', 'expires', 'cache-control', 'refresh',
];

function resetResponse(ctx: Context): void {
  for (const name of BODY_HEADERS) ctx.remove(name);
}

function toError(thrown: unknown): Error {
  if (thrown instanceof Error || Object.prototype.toString.call(thrown) === '[object Error]') return thrown as Error;
  let text: string;
  try {
    text = JSON.stringify(thrown) ?? String(thrown);
  } catch {
    text = String(thrown);
  }
  return new Error(`non-error thrown: ${text}`);
}

// Headers of a foreign error that describe the framing of a body we do not send: Koa's onerror
// already drops Content-Type/Length; Transfer-Encoding, Content-Encoding or Connection next to
// Koa's own Content-Length would make an unparseable (or smuggling-prone) response.
const FRAMING_HEADERS =
  /^(content-(type|length|encoding)|transfer-encoding|connection|keep-alive|upgrade|trailer|te|proxy-connection)$/i;

interface HttpErrorLike extends Error {
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  headers?: unknown;
}

/**
 * Maps an `http-errors` error (Koa's `ctx.throw`, koa-body, @koa/router, …) to the Werkzeug
 * class of its status. Recognised by the http-errors shape (integer 4xx/5xx `status` and a
 * boolean `expose`) so that unrelated errors carrying a `status` (e.g. an upstream HTTP client's
 * 404) stay 500s instead of leaking the upstream status.
 */
function fromHttpError(err: HttpErrorLike, ctx: Context): HTTPException | undefined {
  const status = err.status ?? err.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) return undefined;
  if (typeof err.expose !== 'boolean') return undefined;
  const cls = exceptionClassFor(status);
  // Only client-error messages the thrower chose to expose become the description; default
  // texts ("Not Found", "request entity too large") keep Werkzeug's description.
  const msg = err.message;
  const generic = [STATUS_CODES[status], cls.statusName].map((s) => (s ?? '').toLowerCase());
  const description = status < 500 && err.expose && msg && !generic.includes(msg.toLowerCase()) ? msg : undefined;
  const headers: Record<string, string> = {};
  if (typeof err.headers === 'object' && err.headers !== null) {
    for (const [k, v] of Object.entries(err.headers as Record<string, unknown>)) {
      if (v === undefined || v === null || FRAMING_HEADERS.test(k)) continue;
      // Cookies cannot be comma-joined; they go straight onto the response, where error
      // responses keep them (see BODY_HEADERS).
      if (/^set-cookie$/i.test(k)) ctx.append('Set-Cookie', Array.isArray(v) ? v.map(String) : String(v));
      else headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
    }
  }
  // A router that sets Allow on ctx before throwing its 405 (as @koa/router does when not
  // throwing) must not lose it when the failed response's headers are reset.
  const allow = ctx.response.get('Allow');
  if (status === 405 && allow && !Object.keys(headers).some((k) => k.toLowerCase() === 'allow')) headers['Allow'] = allow;
  return cls.fromOptions(description, { headers, cause: err });
}

/** Carries an error `propagateExceptions` rethrows past the safety net. */
class Propagation {
  readonly error: Error;
  constructor(error: Error) {
    this.error = error;
  }
}

function emit(ctx: Context, err: Error): void {
  try {
    if (ctx.app.listenerCount('error') > 0) ctx.app.emit('error', err, ctx);
    else console.error(err);
  } catch (listenerError) {
    // A throwing 'error' listener must not turn the error page into Koa's bare text 500 (or,
    // thrown again from Koa's own onerror, an unhandled rejection that ends the process).
    console.error(listenerError);
  }
}

/**
 * Catches everything thrown downstream and answers like Flask:
 * - `HTTPException`s (and http-errors from `ctx.throw` & co., mapped to the Werkzeug class of
 *   their status) go to a handler registered for their code, else for their class chain
 *   (most specific first), else render Werkzeug's HTML page;
 * - other errors go to a handler for their class chain (`Error` catches all), else become a
 *   500 `InternalServerError` whose `originalException` is the error; the original is passed to
 *   `ctx.app.emit('error', err, ctx)` for logging, and the 500 handler (if any) runs;
 * - an error raised inside a handler is emitted and answered as a 500 (once: a failing 500
 *   handler falls back to the plain page — no loops, no crash);
 * - `abort(response)` sends that response untouched.
 * Production responses never contain a stack trace or a 5xx message; `debug: true` shows an
 * escaped stack page for unhandled errors.
 *
 * @param handlers - `{ 404: fn }` or `[[code | ErrorClass, fn], …]` / a Map
 * @example
 * ```ts
 * app.use(errorHandlers({
 *   404: (err, ctx) => renderTemplate(ctx, '404.html'),        // keeps status 404
 * }).register(ValidationError, (err) => makeResponse({ error: err.message }, 422)));
 * ```
 */
export function errorHandlers(handlers?: ErrorHandlerMap, options: ErrorHandlersOptions = {}): ErrorHandlersMiddleware {
  const registry = new ErrorHandlerRegistry().registerAll(handlers);
  const debug = options.debug === true;
  const json: JsonOptions = { debug, ...options.json };
  const handleUnmatched = options.handleUnmatched ?? true;

  async function runHandler(ctx: Context, handler: ErrorHandler, err: Error, status?: number): Promise<void> {
    resetResponse(ctx);
    // Pre-set the error's status so a handler that only sets ctx.body (Koa style) or returns a
    // bare string keeps it; a returned response object still decides its own status.
    const code = status ?? (isHTTPException(err) ? err.code : undefined);
    if (code !== undefined) ctx.status = code;
    const before = ctx.body;
    const value = await handler(err, ctx);
    if (value === undefined && ctx.body !== before) return;
    applyReturnValue(ctx, value, { endpoint: handler.name || 'errorhandler', json });
    // A handler's streamed page fails like a failing handler while nothing has been sent.
    await primeBody(ctx.body);
  }

  function renderPage(ctx: Context, exc: HTTPException): void {
    resetResponse(ctx);
    writeResponse(ctx, exc.toResponse());
  }

  async function handleInternal(ctx: Context, original: Error, failed?: ErrorHandler): Promise<void> {
    const wrapper = new InternalServerError(undefined, { originalException: original, cause: original });
    const handler = registry.find(wrapper);
    if (handler && handler !== failed) {
      try {
        await runHandler(ctx, handler, wrapper);
        return;
      } catch (again) {
        // Flask lets a failing 500 handler escape to the server's own 500; we answer it here.
        emit(ctx, toError(again));
      }
    }
    resetResponse(ctx);
    if (debug) {
      ctx.status = 500;
      ctx.body = debugPage(original);
      ctx.set('Content-Type', 'text/html; charset=utf-8');
    } else {
      renderPage(ctx, new InternalServerError());
    }
  }

  async function handle(ctx: Context, thrown: unknown): Promise<void> {
    const err = toError(thrown);
    // Nothing can be rendered once headers are out. Koa's onerror would only log and leave the
    // client waiting; cut the connection so the client sees a truncated response instead.
    if (ctx.headerSent || !ctx.writable) {
      emit(ctx, err);
      ctx.respond = false;
      if (!ctx.res.writableEnded) ctx.res.destroy();
      return;
    }
    const exc = isHTTPException(err) ? err : fromHttpError(err, ctx);
    // Flask's handle_user_exception: in debug mode a missing form/args key is named in the page.
    if (debug && exc instanceof BadRequestKeyError) exc.showException = true;
    if (exc && isAbortResponse(exc)) {
      resetResponse(ctx);
      writeResponse(ctx, exc.response);
      return;
    }
    // For an http-errors error mapped to a Werkzeug class, both class chains count: the
    // thrower's own classes first (a handler for `TemplateNotFound` or `SessionUnavailable`
    // still gets its error), then the Werkzeug classes (NotFound, HTTPException), `Error` last.
    const mapped = exc !== undefined && exc !== err;
    const chain = mapped
      ? [...classChain(err).filter((c) => c !== Error), ...classChain(exc).filter((c) => c !== Error), Error]
      : classChain(err);
    const found = registry.lookup(exc?.code, chain);
    const target: Error = found && mapped && classChain(err).includes(found.cls) && found.cls !== Error ? err : (exc ?? err);
    if (mapped && exc.code >= 500 && target !== err) emit(ctx, err);
    if (found) {
      const handler = found.handler;
      try {
        await runHandler(ctx, handler, target, exc?.code);
        return;
      } catch (handlerError) {
        const e = toError(handlerError);
        emit(ctx, e);
        await handleInternal(ctx, e, handler);
        return;
      }
    }
    if (exc) {
      renderPage(ctx, exc);
      return;
    }
    if (options.propagateExceptions) throw new Propagation(err);
    emit(ctx, err);
    await handleInternal(ctx, err);
  }

  // Last line of defence: if rendering itself fails (a custom exception with an impossible
  // status, a broken `toResponse()` override…), answer the plain 500 page rather than letting
  // Koa print a message.
  async function handleSafely(ctx: Context, thrown: unknown): Promise<void> {
    try {
      await handle(ctx, thrown);
    } catch (failure) {
      if (failure instanceof Propagation) throw failure.error;
      emit(ctx, toError(failure));
      if (ctx.headerSent) return;
      resetResponse(ctx);
      writeResponse(ctx, new InternalServerError().toResponse());
    }
  }

  const middleware = async function kolbaErrorHandlers(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
      // A generator's first chunk is fetched now, while its errors can still become a page.
      await primeBody(ctx.body);
      if (handleUnmatched && ctx.body === undefined && ctx.respond !== false && !ctx.headerSent) {
        // Koa's untouched response (404, no body), or a router's bare 405 + Allow (@koa/router
        // and @kolba/routing allowedMethods() without `throw`): Flask raises NotFound /
        // MethodNotAllowed there, so handlers and Werkzeug's pages apply.
        if (ctx.status === 404) await handleSafely(ctx, new NotFound());
        else if (ctx.status === 405) {
          const allow = ctx.response.get('Allow');
          const methods = allow ? allow.split(',').map((m) => m.trim()).filter(Boolean) : undefined;
          await handleSafely(ctx, new MethodNotAllowed(methods));
        }
      }
    } catch (thrown) {
      await handleSafely(ctx, thrown);
    }
  } as ErrorHandlersMiddleware;
  Object.defineProperty(middleware, 'registry', { value: registry });
  middleware.register = (key: ErrorHandlerKey, handler: (err: never, ctx: Context) => unknown) => {
    registry.register(key, handler as ErrorHandler);
    return middleware;
  };
  return middleware;
}
