/**
 * `HttpResponse`: what Flask calls a Response object — status, headers and body, independent
 * of Koa until `applyReturnValue` writes it onto a context.
 */
import type { Readable } from 'node:stream';

/**
 * A response body: text, bytes, a Node stream, an async iterable of chunks, or nothing.
 *
 * @example
 * ```ts
 * const body: ResponseBody = Readable.from(['a', 'b']);
 * ```
 */
export type ResponseBody = string | Buffer | NodeJS.ReadableStream | Readable | AsyncIterable<unknown> | null;

/**
 * Header values as Koa's `ctx.set` accepts them.
 *
 * @example
 * ```ts
 * const cookies: HeaderValue = ['a=1', 'b=2'];
 * ```
 */
export type HeaderValue = string | string[];

/**
 * Headers in any of the shapes Flask accepts in a return tuple: a record, a list of
 * `[name, value]` pairs (repeated names are all kept), a WHATWG `Headers` or a `Map`.
 *
 * @example
 * ```ts
 * makeResponse('x', [['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']]);
 * ```
 */
export type HeadersInit =
  | Readonly<Record<string, string | number | readonly string[] | undefined>>
  | Iterable<readonly [string, string | number]>;

/**
 * Status as Flask accepts it: a code, or a whole status line like `"299 Custom"`.
 *
 * @example
 * ```ts
 * makeResponse('x', '299 Custom');
 * ```
 */
export type StatusInit = number | string;

/**
 * Flask's default mimetype for `Response` bodies.
 *
 * @example
 * ```ts
 * ctx.set('Content-Type', DEFAULT_CONTENT_TYPE);
 * ```
 */
export const DEFAULT_CONTENT_TYPE = 'text/html; charset=utf-8';

// CR/LF/NUL in a header value would split the header block (response splitting); Node rejects
// them too, but with an error that does not name the header. Werkzeug's Headers raises ValueError.
const BAD_HEADER_VALUE = /[\r\n\0]/;
const BAD_REASON = /[^\t\x20-\x7e\x80-\xff]/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function checkHeader(name: string, value: string): void {
  if (!TOKEN.test(name)) throw new TypeError(`Invalid header name ${JSON.stringify(name)}`);
  if (BAD_HEADER_VALUE.test(value)) {
    throw new TypeError(`Header values must not contain a newline or NUL (header ${JSON.stringify(name)})`);
  }
  // Node refuses these too, but only when Koa writes them (a bare text 500 outside errorHandlers).
  if (BAD_REASON.test(value)) {
    throw new TypeError(`Header values must be tab, visible ASCII or Latin-1 only (header ${JSON.stringify(name)})`);
  }
}

/**
 * Parses a Flask status: an int code, or a status line whose leading number is the code.
 *
 * @example
 * ```ts
 * parseStatus('418 TEAPOT'); // { status: 418, statusText: 'TEAPOT' }
 * ```
 */
export function parseStatus(status: StatusInit): { status: number; statusText?: string } {
  if (typeof status === 'number') {
    if (!Number.isInteger(status) || status < 100 || status > 999) {
      throw new TypeError(`Invalid status code ${status}: must be an integer from 100 to 999`);
    }
    return { status };
  }
  const match = /^\s*(\d{3})(?:\s+(.*?))?\s*$/.exec(status);
  if (!match) throw new TypeError(`Invalid status ${JSON.stringify(status)}: expected a code such as "299 Custom"`);
  const text = match[2];
  // Node refuses reason phrases outside tab, visible ASCII and Latin-1 only when it writes the
  // head, after the middleware chain (a bare text 500); refuse them here, where errorHandlers
  // still answers with Werkzeug's page. CR/LF would split the status line (CWE-113).
  if (text !== undefined && BAD_REASON.test(text)) {
    throw new TypeError(`Status text must be tab, visible ASCII or Latin-1 only: ${JSON.stringify(text)}`);
  }
  return text ? { status: Number(match[1]), statusText: text } : { status: Number(match[1]) };
}

function isPairIterable(init: HeadersInit): init is Iterable<readonly [string, string | number]> {
  return typeof (init as Iterable<unknown>)[Symbol.iterator] === 'function';
}

/**
 * Normalises any {@link HeadersInit} into `[name, value]` pairs, in order.
 *
 * @example
 * ```ts
 * headerPairs({ 'X-A': ['1', '2'] }); // [['X-A', '1'], ['X-A', '2']]
 * ```
 */
export function headerPairs(init: HeadersInit | undefined): Array<[string, string]> {
  if (!init) return [];
  const out: Array<[string, string]> = [];
  if (isPairIterable(init)) {
    for (const pair of init) out.push([String(pair[0]), String(pair[1])]);
    return out;
  }
  for (const [name, value] of Object.entries(init)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) out.push([name, String(v)]);
    else out.push([name, String(value)]);
  }
  return out;
}

/**
 * A prepared response (Flask's `Response`): handlers may return it, `abort()` may carry it,
 * and `applyReturnValue` writes it onto the Koa context. Header names are matched without
 * regard to case; the first spelling used is kept.
 *
 * @example
 * ```ts
 * const res = new HttpResponse('teapot', 418, { 'X-Brew': 'no' });
 * res.setHeader('Cache-Control', 'no-store');
 * return res; // from a kolba view or error handler
 * ```
 */
export class HttpResponse {
  /** Status code. */
  status: number;
  /** Custom reason phrase from a status line such as `"299 Custom"`, else undefined. */
  statusText: string | undefined;
  /** Response headers (`Content-Type` is always present). */
  headers: Record<string, HeaderValue>;
  /** Response body. */
  body: ResponseBody;

  /**
   * @param body - the body; `null` means empty (sent as `""`, as Flask does, except for 204/304)
   * @param status - code or status line (default 200)
   * @param headers - extra headers; `Content-Type` defaults to `text/html; charset=utf-8`
   */
  constructor(body: ResponseBody = null, status: StatusInit = 200, headers?: HeadersInit) {
    const parsed = parseStatus(status);
    this.status = parsed.status;
    this.statusText = parsed.statusText;
    this.headers = {};
    this.body = body;
    this.updateHeaders(headers);
    if (this.getHeader('content-type') === undefined) this.setHeader('Content-Type', DEFAULT_CONTENT_TYPE);
  }

  /** The stored name for `name` (case-insensitive), if any. */
  #key(name: string): string | undefined {
    const lower = name.toLowerCase();
    return Object.keys(this.headers).find((k) => k.toLowerCase() === lower);
  }

  /** A header's value (case-insensitive lookup). */
  getHeader(name: string): HeaderValue | undefined {
    const key = this.#key(name);
    return key === undefined ? undefined : this.headers[key];
  }

  /** Replaces every value of `name` (Werkzeug's `headers[name] = value`). */
  setHeader(name: string, value: string | number | readonly string[]): this {
    const values = Array.isArray(value) ? value.map(String) : [String(value)];
    for (const v of values) checkHeader(name, v);
    this.deleteHeader(name);
    this.headers[name] = values.length === 1 ? (values[0] as string) : values;
    return this;
  }

  /** Appends a value, keeping existing ones (Werkzeug's `headers.add`). */
  addHeader(name: string, value: string | number): this {
    const v = String(value);
    checkHeader(name, v);
    const key = this.#key(name);
    if (key === undefined) {
      this.headers[name] = v;
    } else {
      const old = this.headers[key] as HeaderValue;
      this.headers[key] = Array.isArray(old) ? [...old, v] : [old, v];
    }
    return this;
  }

  /** Removes every value of `name`. */
  deleteHeader(name: string): this {
    const key = this.#key(name);
    if (key !== undefined) delete this.headers[key];
    return this;
  }

  /**
   * Werkzeug's `Headers.update`: each name in `init` replaces that header's existing values;
   * repeated names inside `init` (pair lists) are all kept. This is how Flask applies the
   * headers of a `(body, status, headers)` tuple.
   */
  updateHeaders(init: HeadersInit | undefined): this {
    const seen = new Set<string>();
    for (const [name, value] of headerPairs(init)) {
      const lower = name.toLowerCase();
      if (seen.has(lower)) this.addHeader(name, value);
      else this.setHeader(name, value);
      seen.add(lower);
    }
    return this;
  }
}

// Lets two copies of @kolba/http in one app recognise each other's responses.
const BRAND = Symbol.for('kolba.http.HttpResponse');
Object.defineProperty(HttpResponse.prototype, BRAND, { value: true });

/**
 * True for an {@link HttpResponse}, including one created by another copy of this package.
 *
 * @example
 * ```ts
 * isHttpResponse(redirect('/')); // true
 * ```
 */
export function isHttpResponse(value: unknown): value is HttpResponse {
  if (value instanceof HttpResponse) return true;
  // A brand found with Symbol.for, not the class name: another library's `HttpResponse` (with
  // other fields) must not be written onto the context as if it were ours.
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
