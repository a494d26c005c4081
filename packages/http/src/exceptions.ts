/**
 * Werkzeug's HTTP exception classes, generated from one table (`status-table.ts`); the few
 * classes with extra constructor arguments (Allow, Retry-After, …) extend their generated base.
 */
import { STATUS_CODES } from 'node:http';
import {
  HTTPException,
  type Description,
  type HTTPExceptionClass,
  type HTTPExceptionExtraOptions,
  type HTTPExceptionOptions,
} from './http-exception.js';
import type { HttpResponse } from './response.js';
import { entry, STATUS_TABLE } from './status-table.js';

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
/** Instance type of `BadRequest` (400 Bad Request). @example `if (err instanceof BadRequest) err.code;` */
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
  #shown = false;
  constructor(key?: string, options: HTTPExceptionOptions & { showException?: boolean } = {}) {
    super(null, options);
    this.key = key;
    if (options.showException) this.showException = true;
  }

  /**
   * Werkzeug's `show_exception`: when set (Flask does it in debug mode, and so does
   * `errorHandlers({ debug: true })`), the description names the missing key.
   */
  get showException(): boolean {
    return this.#shown;
  }
  set showException(value: boolean) {
    if (!value || this.#shown || this.key === undefined) return;
    this.#shown = true;
    this.description += `\nKeyError: ${pyRepr(this.key)}`;
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
  /** The challenges given, in order. */
  wwwAuthenticate: string[];
  constructor(description?: Description, options: HTTPExceptionOptions & { wwwAuthenticate?: string | readonly string[] } = {}) {
    super(description, options);
    this.wwwAuthenticate = typeof options.wwwAuthenticate === 'string' ? [options.wwwAuthenticate] : [...(options.wwwAuthenticate ?? [])];
    if (this.wwwAuthenticate.length > 0) this.headers['WWW-Authenticate'] = this.wwwAuthenticate.join(', ');
  }

  /** The page with one `WWW-Authenticate` header per challenge, as Werkzeug sends them. */
  override toResponse(): HttpResponse {
    const res = super.toResponse();
    // `headers` keeps the comma-joined form for Koa's own onerror (http-errors shape); the page
    // sends them separately unless someone replaced the header since.
    if (!this.response && this.wwwAuthenticate.length > 1 && this.headers['WWW-Authenticate'] === this.wwwAuthenticate.join(', ')) {
      res.setHeader('WWW-Authenticate', this.wwwAuthenticate);
    }
    return res;
  }
}
/** 403 Forbidden. @example `abort(403)` */
export const Forbidden = defineHTTPException(403);
/** Instance type of `Forbidden` (403 Forbidden). @example `if (err instanceof Forbidden) err.code;` */
export type Forbidden = HTTPException;
/** 404 Not Found. @example `throw new NotFound()` */
export const NotFound = defineHTTPException(404);
/** Instance type of `NotFound` (404 Not Found). @example `if (err instanceof NotFound) err.code;` */
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
/** Instance type of `NotAcceptable` (406 Not Acceptable). @example `if (err instanceof NotAcceptable) err.code;` */
export type NotAcceptable = HTTPException;
/** 408 Request Timeout. @example `abort(408)` */
export const RequestTimeout = defineHTTPException(408);
/** Instance type of `RequestTimeout` (408 Request Timeout). @example `if (err instanceof RequestTimeout) err.code;` */
export type RequestTimeout = HTTPException;
/** 409 Conflict. @example `abort(409, 'already exists')` */
export const Conflict = defineHTTPException(409);
/** Instance type of `Conflict` (409 Conflict). @example `if (err instanceof Conflict) err.code;` */
export type Conflict = HTTPException;
/** 410 Gone. @example `abort(410)` */
export const Gone = defineHTTPException(410);
/** Instance type of `Gone` (410 Gone). @example `if (err instanceof Gone) err.code;` */
export type Gone = HTTPException;
/** 411 Length Required. @example `abort(411)` */
export const LengthRequired = defineHTTPException(411);
/** Instance type of `LengthRequired` (411 Length Required). @example `if (err instanceof LengthRequired) err.code;` */
export type LengthRequired = HTTPException;
/** 412 Precondition Failed. @example `abort(412)` */
export const PreconditionFailed = defineHTTPException(412);
/** Instance type of `PreconditionFailed` (412 Precondition Failed). @example `if (err instanceof PreconditionFailed) err.code;` */
export type PreconditionFailed = HTTPException;
/** 413 Request Entity Too Large (Flask's `MAX_CONTENT_LENGTH`). @example `abort(413)` */
export const RequestEntityTooLarge = defineHTTPException(413);
/** Instance type of `RequestEntityTooLarge` (413 Request Entity Too Large). @example `if (err instanceof RequestEntityTooLarge) err.code;` */
export type RequestEntityTooLarge = HTTPException;
/** 414 Request URI Too Long. @example `abort(414)` */
export const RequestURITooLarge = defineHTTPException(414);
/** Instance type of `RequestURITooLarge` (414 Request URI Too Long). @example `if (err instanceof RequestURITooLarge) err.code;` */
export type RequestURITooLarge = HTTPException;
/** 415 Unsupported Media Type. @example `abort(415)` */
export const UnsupportedMediaType = defineHTTPException(415);
/** Instance type of `UnsupportedMediaType` (415 Unsupported Media Type). @example `if (err instanceof UnsupportedMediaType) err.code;` */
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
/** Instance type of `ExpectationFailed` (417 Expectation Failed). @example `if (err instanceof ExpectationFailed) err.code;` */
export type ExpectationFailed = HTTPException;
/** 418 I'm a teapot. @example `abort(418)` */
export const ImATeapot = defineHTTPException(418);
/** Instance type of `ImATeapot` (418 I'm a teapot). @example `if (err instanceof ImATeapot) err.code;` */
export type ImATeapot = HTTPException;
/** 421 Misdirected Request (Werkzeug ≥ 3.1). @example `abort(421)` */
export const MisdirectedRequest = defineHTTPException(421);
/** Instance type of `MisdirectedRequest` (421 Misdirected Request). @example `if (err instanceof MisdirectedRequest) err.code;` */
export type MisdirectedRequest = HTTPException;
/** 422 Unprocessable Entity. @example `abort(422)` */
export const UnprocessableEntity = defineHTTPException(422);
/** Instance type of `UnprocessableEntity` (422 Unprocessable Entity). @example `if (err instanceof UnprocessableEntity) err.code;` */
export type UnprocessableEntity = HTTPException;
/** 423 Locked. @example `abort(423)` */
export const Locked = defineHTTPException(423);
/** Instance type of `Locked` (423 Locked). @example `if (err instanceof Locked) err.code;` */
export type Locked = HTTPException;
/** 424 Failed Dependency. @example `abort(424)` */
export const FailedDependency = defineHTTPException(424);
/** Instance type of `FailedDependency` (424 Failed Dependency). @example `if (err instanceof FailedDependency) err.code;` */
export type FailedDependency = HTTPException;
/** 428 Precondition Required. @example `abort(428)` */
export const PreconditionRequired = defineHTTPException(428);
/** Instance type of `PreconditionRequired` (428 Precondition Required). @example `if (err instanceof PreconditionRequired) err.code;` */
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
/** Instance type of `RequestHeaderFieldsTooLarge` (431 Request Header Fields Too Large). @example `if (err instanceof RequestHeaderFieldsTooLarge) err.code;` */
export type RequestHeaderFieldsTooLarge = HTTPException;
/** 451 Unavailable For Legal Reasons. @example `abort(451)` */
export const UnavailableForLegalReasons = defineHTTPException(451);
/** Instance type of `UnavailableForLegalReasons` (451 Unavailable For Legal Reasons). @example `if (err instanceof UnavailableForLegalReasons) err.code;` */
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
/** Instance type of `NotImplemented` (501 Not Implemented). @example `if (err instanceof NotImplemented) err.code;` */
export type NotImplemented = HTTPException;
/** 502 Bad Gateway. @example `abort(502)` */
export const BadGateway = defineHTTPException(502);
/** Instance type of `BadGateway` (502 Bad Gateway). @example `if (err instanceof BadGateway) err.code;` */
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
/** Instance type of `GatewayTimeout` (504 Gateway Timeout). @example `if (err instanceof GatewayTimeout) err.code;` */
export type GatewayTimeout = HTTPException;
/** 505 HTTP Version Not Supported. @example `abort(505)` */
export const HTTPVersionNotSupported = defineHTTPException(505);
/** Instance type of `HTTPVersionNotSupported` (505 HTTP Version Not Supported). @example `if (err instanceof HTTPVersionNotSupported) err.code;` */
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
