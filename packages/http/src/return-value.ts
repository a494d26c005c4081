/**
 * Flask's `make_response` rules: turning whatever a view or error handler returns into a
 * response, and writing it onto a Koa context.
 */
import type { Context } from 'koa';
import { isHTTPException } from './http-exception.js';
import { isHtmlSafe } from './markup.js';
import { jsonify, type JsonOptions } from './json.js';
import {
  DEFAULT_CONTENT_TYPE,
  HttpResponse,
  isHttpResponse,
  parseStatus,
  type HeadersInit,
  type ResponseBody,
  type StatusInit,
} from './response.js';
import { streamBody } from './stream-body.js';

/**
 * Options for {@link applyReturnValue}.
 *
 * @example
 * ```ts
 * applyReturnValue(ctx, value, { endpoint: 'index', json: { debug: true } });
 * ```
 */
export interface ApplyOptions {
  /** Endpoint named in Flask's "did not return a valid response" error; defaults to `ctx.routing.endpoint`. */
  endpoint?: string;
  /** JSON provider options for dict/list returns (`debug` pretty-prints, as Flask does). */
  json?: JsonOptions;
}

function isNodeStream(value: object): value is NodeJS.ReadableStream {
  return typeof (value as { pipe?: unknown }).pipe === 'function' && typeof (value as { on?: unknown }).on === 'function';
}

function isChunkSource(value: object): value is AsyncIterable<unknown> | Iterator<unknown> {
  if (Array.isArray(value)) return false;
  if (typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') return true;
  // Only real iterators (generators), not every iterable: a Map or Set is a TypeError in Flask too.
  return typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function' && typeof (value as Iterator<unknown>).next === 'function';
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Python-style type name used in Flask's TypeError messages ("it was a bool"). */
function typeName(value: unknown): string {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'object' && value !== null) return (value as object).constructor?.name ?? 'object';
  return typeof value;
}

function pyRepr(text: string): string {
  return text.includes("'") && !text.includes('"') ? `"${text}"` : `'${text.replace(/'/g, "\\'")}'`;
}

function invalidType(value: unknown): TypeError {
  return new TypeError(
    'The view function did not return a valid response. The return type must be a string, dict, list, ' +
      `tuple with headers or status, Response instance, or WSGI callable, but it was a ${typeName(value)}.`,
  );
}

/** Converts a bare body (no status/headers) to a response body and content type, or undefined. */
function convertBody(value: unknown, json: JsonOptions | undefined): { body: ResponseBody; type: string } | undefined {
  if (typeof value === 'string') return { body: value, type: DEFAULT_CONTENT_TYPE };
  if (typeof value !== 'object' || value === null) return undefined;
  // Flask keeps its default mimetype (text/html) for bytes too.
  if (value instanceof Uint8Array) {
    return { body: Buffer.from(value.buffer, value.byteOffset, value.byteLength), type: DEFAULT_CONTENT_TYPE };
  }
  if (isNodeStream(value)) return { body: value, type: DEFAULT_CONTENT_TYPE };
  if (isChunkSource(value)) return { body: streamBody(value as AsyncIterable<unknown>), type: DEFAULT_CONTENT_TYPE };
  // A Markup (or any `__html__` object) is a str subclass in Python: Flask sends it as HTML.
  if (isHtmlSafe(value)) return { body: String(value.__html__()), type: DEFAULT_CONTENT_TYPE };
  if (Array.isArray(value) || isPlainObject(value)) {
    const res = jsonify(value, json);
    return { body: res.body, type: String(res.getHeader('content-type')) };
  }
  return undefined;
}

function toResponse(value: unknown, json?: JsonOptions): HttpResponse {
  if (isHttpResponse(value)) return value;
  if (isHTTPException(value)) return value.toResponse();
  const converted = convertBody(value, json);
  if (!converted) throw invalidType(value);
  return new HttpResponse(converted.body, 200, { 'Content-Type': converted.type });
}

function looksLikeHeaders(value: unknown): value is HeadersInit {
  return typeof value === 'object' && value !== null;
}

/**
 * Flask's `make_response` / return tuples. JavaScript has no tuples, so the tuple forms are
 * arguments: `makeResponse(body, status)`, `makeResponse(body, headers)` (second argument is an
 * object, a pair list, a Map or `Headers`), `makeResponse(body, status, headers)`. Headers replace
 * same-named headers of the body response (Werkzeug's `Headers.update`). No arguments → empty 200.
 *
 * @throws TypeError for bodies Flask rejects (numbers, booleans, class instances, …)
 * @example
 * ```ts
 * return makeResponse('created', 201, { Location: '/items/1' });
 * return makeResponse({ error: 'nope' }, 404);          // JSON body
 * return makeResponse(renderTemplate(ctx, 'x.html'), { 'X-Frame-Options': 'DENY' });
 * ```
 */
export function makeResponse(body?: unknown, status?: StatusInit | HeadersInit, headers?: HeadersInit, json?: JsonOptions): HttpResponse {
  let statusArg: StatusInit | undefined;
  let headersArg: HeadersInit | undefined = headers;
  if (headers === undefined && looksLikeHeaders(status)) headersArg = status;
  // Flask ignores a `None` status (`return body, None, headers`).
  else statusArg = (status ?? undefined) as StatusInit | undefined;
  const res = body === undefined || body === null ? new HttpResponse('', 200) : toResponse(body, json);
  if (statusArg !== undefined) {
    const parsed = parseStatus(statusArg);
    res.status = parsed.status;
    res.statusText = parsed.statusText;
  }
  res.updateHeaders(headersArg);
  return res;
}

const EMPTY_STATUS = new Set([204, 205, 304]);

/**
 * Writes an {@link HttpResponse} onto a Koa context: its status (and custom reason), its body
 * and its headers, replacing same-named headers already on the context and keeping the others
 * (cookies and security headers set by other middleware survive).
 *
 * @example
 * ```ts
 * writeResponse(ctx, redirect('/login'));
 * ```
 */
export function writeResponse(ctx: Context, res: HttpResponse): void {
  ctx.status = res.status;
  ctx.body = res.body === null ? (EMPTY_STATUS.has(res.status) ? null : '') : res.body;
  for (const [name, value] of Object.entries(res.headers)) ctx.set(name, value);
  if (res.statusText !== undefined) ctx.message = res.statusText;
}

/**
 * Applies a Flask-style view or error-handler return value to `ctx`:
 * string → `text/html; charset=utf-8`; Buffer/Uint8Array → bytes (still `text/html`, as Flask);
 * plain object or array → JSON (Flask 2.2+); Node stream, async iterable or generator → streamed
 * body; {@link HttpResponse} (from `makeResponse`, `jsonify`, `redirect`, …) → as is; an
 * `HTTPException` → its page; a fetch `Response` or a `Blob` → sent by Koa as is. Bare values keep `ctx.status` when it was set explicitly (so an
 * error handler's string keeps the error's status); a response object carries its own status.
 * `undefined`/`null` is fine if the handler set `ctx.body` itself, else it is Flask's TypeError.
 *
 * @throws TypeError with Flask's messages for `undefined`/`null` without a body, and for
 *   booleans, numbers and other unsupported values (→ 500 through `errorHandlers`)
 * @example
 * ```ts
 * app.use(async function view(ctx) {
 *   applyReturnValue(ctx, { hello: 'world' }, { endpoint: 'view' }); // {"hello":"world"}\n
 * });
 * ```
 */
export function applyReturnValue(ctx: Context, value: unknown, options: ApplyOptions = {}): void {
  if (value === undefined || value === null) {
    if (ctx.body !== undefined) return;
    const endpoint = options.endpoint ?? (ctx as { routing?: { endpoint?: string } }).routing?.endpoint ?? 'unknown';
    throw new TypeError(
      `The view function for ${pyRepr(endpoint)} did not return a valid response. ` +
        'The function either returned None or ended without a return statement.',
    );
  }
  if (isHttpResponse(value) || isHTTPException(value)) {
    writeResponse(ctx, toResponse(value));
    return;
  }
  // A fetch `Response` or a `Blob` (e.g. proxied from upstream) is the JS analogue of Flask
  // accepting any WSGI app: Koa 3 already knows how to send both.
  if (value instanceof Response || value instanceof Blob) {
    ctx.body = value;
    return;
  }
  const converted = convertBody(value, options.json);
  if (!converted) throw invalidType(value);
  ctx.body = converted.body;
  ctx.set('Content-Type', converted.type);
}
