/**
 * The base of Werkzeug's HTTP exceptions, compatible with the `http-errors` conventions Koa
 * relies on (`status`, `statusCode`, `expose`, `headers`), so Koa's own `ctx.onerror` and
 * third-party middleware treat them like any other HTTP error.
 */
import { escape, isHtmlSafe, type HtmlSafe } from './markup.js';
import { DEFAULT_CONTENT_TYPE, HttpResponse } from './response.js';

/**
 * Options every HTTP exception accepts.
 *
 * @example
 * ```ts
 * throw new NotFound('gone', { headers: { 'X-Reason': 'deleted' }, cause: err });
 * ```
 */
export interface HTTPExceptionOptions {
  /** A prepared response sent instead of the generated page (Werkzeug's `response=`). */
  response?: HttpResponse;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** The underlying error, kept as `Error.cause`. */
  cause?: unknown;
}

/**
 * Extra options for the classes that take them (see each class).
 *
 * @example
 * ```ts
 * abort(429, undefined, { retryAfter: 60 });
 * ```
 */
export interface HTTPExceptionExtraOptions extends HTTPExceptionOptions {
  /** 405: methods for the `Allow` header. */
  validMethods?: Iterable<string>;
  /** 401: `WWW-Authenticate` challenges, e.g. `'Basic realm="x"'`. */
  wwwAuthenticate?: string | readonly string[];
  /** 429, 503: seconds or a date for `Retry-After`; 0 omits the header as in Werkzeug. */
  retryAfter?: number | Date;
  /** 416: full length of the resource for `Content-Range: bytes *\/length`. */
  length?: number;
  /** 416: range unit (default `bytes`). */
  units?: string;
  /** 500: the unhandled error this page stands for. */
  originalException?: unknown;
}

// Brands found with Symbol.for so two copies of @kolba/http in one app still recognise each other.
const BRAND = Symbol.for('kolba.http.HTTPException');
const PROXY = Symbol.for('kolba.http.abortResponse');

/**
 * A description: text (escaped in the page) or safe markup (rendered as is).
 *
 * @example
 * ```ts
 * abort(404, new Markup('See <a href="/">home</a>'));
 * ```
 */
export type Description = string | HtmlSafe | null | undefined;

/**
 * Base class of all HTTP errors (Werkzeug's `HTTPException`). Throw a subclass (or call
 * `abort`) and `errorHandlers()` renders Werkzeug's HTML page or your handler.
 *
 * `name` is the JS class name (for stack traces); Werkzeug's status name ("Not Found") is
 * `statusName`. `message` is Werkzeug's `str(e)`: `"404 Not Found: <description>"`.
 *
 * @example
 * ```ts
 * class PaymentRequired extends HTTPException {
 *   static override code = 402;
 *   static override statusName = 'Payment Required';
 *   static override description = 'Please pay first.';
 * }
 * throw new PaymentRequired();
 * ```
 */
export class HTTPException extends Error {
  /** The class's status code (undefined on the bare base class). */
  static code: number | undefined = undefined;
  /** The class's status name as rendered in the page title. */
  static statusName = 'Unknown Error';
  /** The class's default description. */
  static description = '';

  /** HTTP status code (same as `status` and `statusCode`). */
  code: number;
  /** Werkzeug's `name`: the status name shown in the page (`"Not Found"`). */
  statusName: string;
  /** Description shown in the page; HTML-escaped unless `descriptionIsSafe`. */
  description: string;
  /** True when the description was given as safe markup and is rendered verbatim. */
  descriptionIsSafe: boolean;
  /** http-errors convention: messages of errors below 500 may be shown to clients. */
  expose: boolean;
  /** Extra headers sent with the page (Allow, Retry-After, WWW-Authenticate, …). */
  headers: Record<string, string>;
  /** A prepared response that replaces the generated page. */
  response: HttpResponse | undefined;

  /**
   * @param description - replaces the class's default description; a `Markup` is not escaped
   * @param options - `response`, `headers`, `cause`
   */
  constructor(description?: Description, options: HTTPExceptionOptions = {}) {
    const ctor = new.target as typeof HTTPException;
    const code = ctor.code ?? 500;
    const statusName = ctor.code === undefined ? 'Unknown Error' : ctor.statusName;
    const safe = isHtmlSafe(description);
    const text = description == null ? ctor.description : safe ? description.__html__() : String(description);
    super(`${ctor.code ?? '???'} ${statusName}: ${text}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = ctor.name;
    this.code = code;
    this.statusName = statusName;
    this.description = text;
    this.descriptionIsSafe = safe;
    this.expose = code < 500;
    this.headers = { ...options.headers };
    this.response = options.response;
  }

  /** Builds an instance from abort()-style options; overridden by classes with positional extras. */
  static fromOptions(description?: Description, options?: HTTPExceptionExtraOptions): HTTPException {
    const ctor = this as unknown as new (d?: Description, o?: HTTPExceptionOptions) => HTTPException;
    return new ctor(description, options);
  }

  /** http-errors/Koa alias of `code`. */
  get status(): number {
    return this.code;
  }
  set status(value: number) {
    this.code = value;
  }

  /** Node/http-errors alias of `code`. */
  get statusCode(): number {
    return this.code;
  }
  set statusCode(value: number) {
    this.code = value;
  }

  /** The description as HTML: escaped (unless safe), newlines turned into `<br>` as in Werkzeug. */
  getDescription(): string {
    const html = this.descriptionIsSafe ? this.description : escape(this.description).__html__();
    return html.replace(/\n/g, '<br>');
  }

  /** Werkzeug's default HTML page for this error, byte for byte. */
  getBody(): string {
    const name = escape(this.statusName).__html__();
    return (
      '<!doctype html>\n<html lang=en>\n' +
      `<title>${this.code} ${name}</title>\n` +
      `<h1>${name}</h1>\n` +
      `<p>${this.getDescription()}</p>\n`
    );
  }

  /** The prepared `response` if one was given, else the HTML page with this error's headers. */
  toResponse(): HttpResponse {
    if (this.response) return this.response;
    return new HttpResponse(this.getBody(), this.code, { 'Content-Type': DEFAULT_CONTENT_TYPE, ...this.headers });
  }
}
Object.defineProperty(HTTPException.prototype, BRAND, { value: true });

/**
 * The static side of an HTTP exception class (what `DEFAULT_EXCEPTIONS` maps codes to).
 *
 * @example
 * ```ts
 * const cls: HTTPExceptionClass = NotFound;
 * cls.code; // 404
 * ```
 */
export interface HTTPExceptionClass {
  new (...args: never[]): HTTPException;
  readonly name: string;
  readonly prototype: HTTPException;
  code: number | undefined;
  statusName: string;
  description: string;
  fromOptions(description?: Description, options?: HTTPExceptionExtraOptions): HTTPException;
}

/**
 * True for any kolba HTTP exception (also across duplicate copies of this package).
 *
 * @example
 * ```ts
 * try { abort(404); } catch (err) { isHTTPException(err) && err.code; } // 404
 * ```
 */
export function isHTTPException(value: unknown): value is HTTPException {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * True for the codeless exception `abort(response)` raises: it is sent as-is, never handled.
 *
 * @example
 * ```ts
 * try { abort(new HttpResponse('x', 418)); } catch (err) { isAbortResponse(err); } // true
 * ```
 */
export function isAbortResponse(value: unknown): value is HTTPException & { response: HttpResponse } {
  return isHTTPException(value) && (value as unknown as Record<symbol, unknown>)[PROXY] === true;
}

/**
 * The exception `abort(response)` raises (Werkzeug: an `HTTPException` with code None).
 *
 * @example
 * ```ts
 * throw abortResponse(new HttpResponse('maintenance', 503));
 * ```
 */
export function abortResponse(response: HttpResponse): HTTPException {
  const err = new HTTPException(null, { response });
  err.code = response.status;
  err.expose = response.status < 500;
  Object.defineProperty(err, PROXY, { value: true });
  return err;
}
