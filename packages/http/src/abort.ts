/**
 * `abort()`: raise the Werkzeug exception for a status code, or send a prepared response.
 */
import { DEFAULT_EXCEPTIONS } from './exceptions.js';
import {
  abortResponse,
  type Description,
  type HTTPException,
  type HTTPExceptionClass,
  type HTTPExceptionExtraOptions,
} from './http-exception.js';
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
  description?: Description,
  options?: HTTPExceptionExtraOptions,
): never {
  return raise(DEFAULT_EXCEPTIONS, codeOrResponse, description, options);
}

function raise(
  mapping: ReadonlyMap<number, HTTPExceptionClass>,
  codeOrResponse: number | HttpResponse,
  description?: Description,
  options?: HTTPExceptionExtraOptions,
): never {
  if (isHttpResponse(codeOrResponse)) throw abortResponse(codeOrResponse);
  const cls = mapping.get(codeOrResponse);
  if (!cls) throw new LookupError(`no exception for ${String(codeOrResponse)}`);
  throw cls.fromOptions(description, options) as HTTPException;
}

/**
 * The signature of {@link abort}.
 *
 * @example
 * ```ts
 * const myAbort: AbortFunction = createAbort({});
 * ```
 */
export type AbortFunction = (
  codeOrResponse: number | HttpResponse,
  description?: Description,
  options?: HTTPExceptionExtraOptions,
) => never;

/**
 * An `abort` with extra or replaced code → class mappings (Werkzeug's `Aborter(extra=...)`,
 * Flask's `app.aborter`): useful for codes Werkzeug has no class for.
 *
 * @example
 * ```ts
 * class PaymentRequired extends HTTPException {
 *   static override code = 402;
 *   static override statusName = 'Payment Required';
 * }
 * const abort = createAbort({ 402: PaymentRequired });
 * abort(402); // throws PaymentRequired
 * ```
 */
export function createAbort(extra: Readonly<Record<number, HTTPExceptionClass>>): AbortFunction {
  const mapping = new Map(DEFAULT_EXCEPTIONS);
  for (const [code, cls] of Object.entries(extra)) mapping.set(Number(code), cls);
  return function kolbaAbort(codeOrResponse, description, options): never {
    return raise(mapping, codeOrResponse, description, options);
  };
}
