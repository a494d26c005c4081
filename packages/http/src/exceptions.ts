/**
 * Werkzeug's HTTP exceptions, generated from one table (`status-table.ts`) and compatible with
 * the `http-errors` conventions Koa relies on (`status`, `statusCode`, `expose`, `headers`), so
 * Koa's own `ctx.onerror` and third-party middleware treat them like any other HTTP error.
 */
import { STATUS_CODES } from 'node:http';
import { escape, isHtmlSafe, type HtmlSafe } from './markup.js';
import { DEFAULT_CONTENT_TYPE, HttpResponse } from './response.js';
import { entry, STATUS_TABLE } from './status-table.js';

/** Options every HTTP exception accepts. */
export interface HTTPExceptionOptions {
  /** A prepared response sent instead of the generated page (Werkzeug's `response=`). */
  response?: HttpResponse;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** The underlying error, kept as `Error.cause`. */
  cause?: unknown;
}

/** Extra options for the classes that take them (see each class). */
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

/** A description: text (escaped in the page) or safe markup (rendered as is). */
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

/** True for the codeless exception `abort(response)` raises: it is sent as-is, never handled. */
export function isAbortResponse(value: unknown): value is HTTPException & { response: HttpResponse } {
  return isHTTPException(value) && (value as unknown as Record<symbol, unknown>)[PROXY] === true;
}

/** The exception `abort(response)` raises (Werkzeug: an `HTTPException` with code None). */
export function abortResponse(response: HttpResponse): HTTPException {
  const err = new HTTPException(null, { response });
  err.code = response.status;
  err.expose = response.status < 500;
  Object.defineProperty(err, PROXY, { value: true });
  return err;
}

function defineHTTPException(code: number): typeof HTTPException {
  const e = entry(code);
  // The computed key gives each generated class its Werkzeug name for stack traces and `name`.
  const holder = {
    [e.className]: class extends HTTPException {
      static override code: number | undefined = e.code;
      static override statusName = e.name;
      static override description = e.description;
    },
  };
  return holder[e.className] as typeof HTTPException;
}

function httpDate(date: Date): string {
  return date.toUTCString();
}

/** 400 Bad Request. @example `throw new BadRequest('missing "q"')` */
export const BadRequest = defineHTTPException(400);
/** 400 Bad Request. */
export type BadRequest = HTTPException;

/**
 * 400 raised for a missing key in a MultiDict (`request.form['x']`), also flagged as a key error.
 * With `showException` (Flask debug) the description names the key, as Werkzeug does.
 *
 * @example
 * ```ts
 * throw new BadRequestKeyError('username');
 * ```
 */
export class BadRequestKeyError extends BadRequest {
  /** The missing key. */
  key: string | undefined;
  constructor(key?: string, options: HTTPExceptionOptions & { showException?: boolean } = {}) {
    super(null, options);
    this.key = key;
    if (options.showException && key !== undefined) this.description += `\nKeyError: ${pyRepr(key)}`;
  }
}

function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(quote === "'" ? /'/g : /"/g, `\\${quote}`);
  return `${quote}${body}${quote}`;
}

/**
 * 401 Unauthorized; `wwwAuthenticate` challenges go to `WWW-Authenticate` (several are joined
 * with ", " because `headers` holds one string per name).
 *
 * @example
 * ```ts
 * throw new Unauthorized(undefined, { wwwAuthenticate: 'Basic realm="admin"' });
 * ```
 */
export class Unauthorized extends defineHTTPException(401) {
  constructor(description?: Description, options: HTTPExceptionOptions & { wwwAuthenticate?: string | readonly string[] } = {}) {
    super(description, options);
    const challenges = typeof options.wwwAuthenticate === 'string' ? [options.wwwAuthenticate] : (options.wwwAuthenticate ?? []);
    if (challenges.length > 0) this.headers['WWW-Authenticate'] = challenges.join(', ');
  }
}
/** 403 Forbidden. @example `abort(403)` */
export const Forbidden = defineHTTPException(403);
/** 403 Forbidden. */
export type Forbidden = HTTPException;
/** 404 Not Found. @example `throw new NotFound()` */
export const NotFound = defineHTTPException(404);
/** 404 Not Found. */
export type NotFound = HTTPException;

/**
 * 405 Method Not Allowed with `Allow: A, B` when methods are given (Werkzeug's `valid_methods`).
 *
 * @example
 * ```ts
 * throw new MethodNotAllowed(['GET', 'HEAD']);
 * ```
 */
export class MethodNotAllowed extends defineHTTPException(405) {
  /** The allowed methods, or undefined. */
  validMethods: string[] | undefined;
  constructor(validMethods?: Iterable<string> | null, description?: Description, options: HTTPExceptionOptions = {}) {
    super(description, options);
    this.validMethods = validMethods ? [...validMethods] : undefined;
    if (this.validMethods && this.validMethods.length > 0) this.headers['Allow'] = this.validMethods.join(', ');
  }
  static override fromOptions(description?: Description, options: HTTPExceptionExtraOptions = {}): HTTPException {
    return new MethodNotAllowed(options.validMethods, description, options);
  }
}
/** 406 Not Acceptable. @example `abort(406)` */
export const NotAcceptable = defineHTTPException(406);
/** 406 Not Acceptable. */
export type NotAcceptable = HTTPException;
/** 408 Request Timeout. @example `abort(408)` */
export const RequestTimeout = defineHTTPException(408);
/** 408 Request Timeout. */
export type RequestTimeout = HTTPException;
/** 409 Conflict. @example `abort(409, 'already exists')` */
export const Conflict = defineHTTPException(409);
/** 409 Conflict. */
export type Conflict = HTTPException;
/** 410 Gone. @example `abort(410)` */
export const Gone = defineHTTPException(410);
/** 410 Gone. */
export type Gone = HTTPException;
/** 411 Length Required. @example `abort(411)` */
export const LengthRequired = defineHTTPException(411);
/** 411 Length Required. */
export type LengthRequired = HTTPException;
/** 412 Precondition Failed. @example `abort(412)` */
export const PreconditionFailed = defineHTTPException(412);
/** 412 Precondition Failed. */
export type PreconditionFailed = HTTPException;
/** 413 Request Entity Too Large (Flask's `MAX_CONTENT_LENGTH`). @example `abort(413)` */
export const RequestEntityTooLarge = defineHTTPException(413);
/** 413 Request Entity Too Large. */
export type RequestEntityTooLarge = HTTPException;
/** 414 Request URI Too Long. @example `abort(414)` */
export const RequestURITooLarge = defineHTTPException(414);
/** 414 Request URI Too Long. */
export type RequestURITooLarge = HTTPException;
/** 415 Unsupported Media Type. @example `abort(415)` */
export const UnsupportedMediaType = defineHTTPException(415);
/** 415 Unsupported Media Type. */
export type UnsupportedMediaType = HTTPException;

/**
 * 416 Requested Range Not Satisfiable; with `length` sends `Content-Range: bytes *\/length`.
 *
 * @example
 * ```ts
 * throw new RequestedRangeNotSatisfiable(20); // Content-Range: bytes *\/20
 * ```
 */
export class RequestedRangeNotSatisfiable extends defineHTTPException(416) {
  /** Full length of the resource, if known. */
  length: number | undefined;
  /** Range unit. */
  units: string;
  constructor(length?: number | null, description?: Description, options: HTTPExceptionOptions & { units?: string } = {}) {
    super(description, options);
    this.length = length ?? undefined;
    this.units = options.units ?? 'bytes';
    if (this.length !== undefined) this.headers['Content-Range'] = `${this.units} */${this.length}`;
  }
  static override fromOptions(description?: Description, options: HTTPExceptionExtraOptions = {}): HTTPException {
    return new RequestedRangeNotSatisfiable(options.length, description, options);
  }
}
/** 417 Expectation Failed. @example `abort(417)` */
export const ExpectationFailed = defineHTTPException(417);
/** 417 Expectation Failed. */
export type ExpectationFailed = HTTPException;
/** 418 I'm a teapot. @example `abort(418)` */
export const ImATeapot = defineHTTPException(418);
/** 418 I'm a teapot. */
export type ImATeapot = HTTPException;
/** 421 Misdirected Request (Werkzeug ≥ 3.1). @example `abort(421)` */
export const MisdirectedRequest = defineHTTPException(421);
/** 421 Misdirected Request. */
export type MisdirectedRequest = HTTPException;
/** 422 Unprocessable Entity. @example `abort(422)` */
export const UnprocessableEntity = defineHTTPException(422);
/** 422 Unprocessable Entity. */
export type UnprocessableEntity = HTTPException;
/** 423 Locked. @example `abort(423)` */
export const Locked = defineHTTPException(423);
/** 423 Locked. */
export type Locked = HTTPException;
/** 424 Failed Dependency. @example `abort(424)` */
export const FailedDependency = defineHTTPException(424);
/** 424 Failed Dependency. */
export type FailedDependency = HTTPException;
/** 428 Precondition Required. @example `abort(428)` */
export const PreconditionRequired = defineHTTPException(428);
/** 428 Precondition Required. */
export type PreconditionRequired = HTTPException;

type RetryAfterOptions = HTTPExceptionOptions & { retryAfter?: number | Date };
function setRetryAfter(err: HTTPException, retryAfter: number | Date | undefined): void {
  // Werkzeug's _RetryAfter omits the header for falsy values (0 included).
  if (!retryAfter) return;
  err.headers['Retry-After'] = retryAfter instanceof Date ? httpDate(retryAfter) : String(Math.trunc(retryAfter));
}

/**
 * 429 Too Many Requests; `retryAfter` (seconds or Date) sets `Retry-After`.
 *
 * @example
 * ```ts
 * throw new TooManyRequests(undefined, { retryAfter: 120 });
 * ```
 */
export class TooManyRequests extends defineHTTPException(429) {
  constructor(description?: Description, options: RetryAfterOptions = {}) {
    super(description, options);
    setRetryAfter(this, options.retryAfter);
  }
}
/** 431 Request Header Fields Too Large. @example `abort(431)` */
export const RequestHeaderFieldsTooLarge = defineHTTPException(431);
/** 431 Request Header Fields Too Large. */
export type RequestHeaderFieldsTooLarge = HTTPException;
/** 451 Unavailable For Legal Reasons. @example `abort(451)` */
export const UnavailableForLegalReasons = defineHTTPException(451);
/** 451 Unavailable For Legal Reasons. */
export type UnavailableForLegalReasons = HTTPException;

/**
 * 500 Internal Server Error; `errorHandlers()` wraps unhandled errors in one and keeps the
 * original as `originalException` (Flask ≥ 1.1).
 *
 * @example
 * ```ts
 * const wrapped = new InternalServerError(undefined, { originalException: err });
 * ```
 */
export class InternalServerError extends defineHTTPException(500) {
  /** The unhandled error, or undefined when a 500 was raised directly. */
  originalException: unknown;
  constructor(description?: Description, options: HTTPExceptionOptions & { originalException?: unknown } = {}) {
    super(description, options);
    this.originalException = options.originalException;
  }
}
/** 501 Not Implemented. @example `abort(501)` */
export const NotImplemented = defineHTTPException(501);
/** 501 Not Implemented. */
export type NotImplemented = HTTPException;
/** 502 Bad Gateway. @example `abort(502)` */
export const BadGateway = defineHTTPException(502);
/** 502 Bad Gateway. */
export type BadGateway = HTTPException;

/**
 * 503 Service Unavailable; `retryAfter` (seconds or Date) sets `Retry-After`.
 *
 * @example
 * ```ts
 * throw new ServiceUnavailable('Back at 10:00', { retryAfter: new Date('2030-01-01T10:00:00Z') });
 * ```
 */
export class ServiceUnavailable extends defineHTTPException(503) {
  constructor(description?: Description, options: RetryAfterOptions = {}) {
    super(description, options);
    setRetryAfter(this, options.retryAfter);
  }
}
/** 504 Gateway Timeout. @example `abort(504)` */
export const GatewayTimeout = defineHTTPException(504);
/** 504 Gateway Timeout. */
export type GatewayTimeout = HTTPException;
/** 505 HTTP Version Not Supported. @example `abort(505)` */
export const HTTPVersionNotSupported = defineHTTPException(505);
/** 505 HTTP Version Not Supported. */
export type HTTPVersionNotSupported = HTTPException;

const ALL: ReadonlyArray<HTTPExceptionClass> = [
  BadRequest, Unauthorized, Forbidden, NotFound, MethodNotAllowed, NotAcceptable, RequestTimeout,
  Conflict, Gone, LengthRequired, PreconditionFailed, RequestEntityTooLarge, RequestURITooLarge,
  UnsupportedMediaType, RequestedRangeNotSatisfiable, ExpectationFailed, ImATeapot, MisdirectedRequest,
  UnprocessableEntity, Locked, FailedDependency, PreconditionRequired, TooManyRequests,
  RequestHeaderFieldsTooLarge, UnavailableForLegalReasons, InternalServerError, NotImplemented,
  BadGateway, ServiceUnavailable, GatewayTimeout, HTTPVersionNotSupported,
];

/**
 * Werkzeug's `default_exceptions`: status code → class, used by `abort` and by error-handler
 * registration by code.
 *
 * @example
 * ```ts
 * DEFAULT_EXCEPTIONS.get(404) === NotFound; // true
 * ```
 */
export const DEFAULT_EXCEPTIONS: ReadonlyMap<number, HTTPExceptionClass> = new Map(
  ALL.map((cls) => [cls.code as number, cls]),
);
if (DEFAULT_EXCEPTIONS.size !== STATUS_TABLE.size) throw new Error('@kolba/http: exception table out of sync');

const extraClasses = new Map<number, HTTPExceptionClass>();

/**
 * The Werkzeug class for `status`; for error codes Werkzeug has no class for (402, 407, …)
 * a generated `HTTPException` subclass named after Node's status text, created once per code so
 * handlers registered for it stay stable. Used to map `ctx.throw(402)` and other http-errors.
 *
 * @example
 * ```ts
 * exceptionClassFor(404) === NotFound; // true
 * new (exceptionClassFor(402))().statusName; // 'Payment Required'
 * ```
 */
export function exceptionClassFor(status: number): HTTPExceptionClass {
  const known = DEFAULT_EXCEPTIONS.get(status) ?? extraClasses.get(status);
  if (known) return known;
  const name = STATUS_CODES[status] ?? 'Unknown Error';
  const cls = class extends HTTPException {
    static override code: number | undefined = status;
    static override statusName = name;
    static override description = '';
  };
  Object.defineProperty(cls, 'name', { value: name.replace(/[^A-Za-z0-9]/g, '') || `HTTP${status}` });
  extraClasses.set(status, cls);
  return cls;
}
