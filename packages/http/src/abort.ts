/**
 * `abort()`: raise the Werkzeug exception for a status code, or send a prepared response.
 */
import {
  abortResponse,
  DEFAULT_EXCEPTIONS,
  type HTTPException,
  type HTTPExceptionExtraOptions,
} from './exceptions.js';
import type { HtmlSafe } from './markup.js';
import { isHttpResponse, type HttpResponse } from './response.js';

/**
 * Python's `LookupError`, which Werkzeug's `abort` raises for a code it has no class for.
 *
 * @example
 * ```ts
 * try { abort(200); } catch (err) { err instanceof LookupError; } // true: "no exception for 200"
 * ```
 */
export class LookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LookupError';
  }
}

/**
 * Raises the HTTP exception for `code` (Werkzeug's `abort`), with an optional custom
 * description (a `Markup` is not escaped) and class-specific options (`validMethods`,
 * `retryAfter`, `wwwAuthenticate`, `length`, `response`, `headers`). Passing an
 * {@link HttpResponse} raises a codeless exception that is sent as-is, without error handlers.
 *
 * @throws the HTTPException; `LookupError("no exception for N")` for codes without a class
 * @example
 * ```ts
 * router.get('/post/<int:id>', function show_post(ctx) {
 *   if (ctx.params.id > 100) abort(404, 'No such post');
 *   if (ctx.method === 'PUT') abort(405, undefined, { validMethods: ['GET'] });
 *   abort(new HttpResponse('teapot', 418));
 * });
 * ```
 */
export function abort(
  codeOrResponse: number | HttpResponse,
  description?: string | HtmlSafe | null,
  options?: HTTPExceptionExtraOptions,
): never {
  if (isHttpResponse(codeOrResponse)) throw abortResponse(codeOrResponse);
  const cls = DEFAULT_EXCEPTIONS.get(codeOrResponse);
  if (!cls) throw new LookupError(`no exception for ${String(codeOrResponse)}`);
  throw cls.fromOptions(description, options) as HTTPException;
}
