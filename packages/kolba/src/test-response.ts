/**
 * `TestResponse`: what {@link TestClient} resolves with — Werkzeug's `TestResponse` in camelCase
 * (`status_code` → `status`, `status` → `statusLine`, `get_data()` → `data`, `get_json()` →
 * `getJson()`), with the body already read so every accessor is synchronous.
 *
 * Self-contained on purpose (node:http only): the test client must not depend on the rest of
 * kolba, so it can drive any Node request handler.
 */
import { STATUS_CODES } from 'node:http';

/**
 * The request that produced a {@link TestResponse} (Werkzeug's `response.request`, reduced to
 * what a test asserts on).
 *
 * @example
 * const res = await client.post('/login', { data: { user: 'ada' }, followRedirects: true });
 * assert.equal(res.request.method, 'GET'); // the 302 turned the POST into a GET
 */
export interface TestRequestInfo {
  /** Upper-case method actually sent, e.g. `"GET"`. */
  readonly method: string;
  /** Absolute URL as the app saw it (baseUrl host, not the loopback port), e.g. `"http://localhost/a?x=1"`. */
  readonly url: string;
  /** Headers sent, including `Host` and the `Cookie` the jar added. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Everything {@link TestResponse}'s constructor needs; built by {@link TestClient}.
 *
 * @example
 * const res = new TestResponse({ status: 204, statusText: 'No Content', headers: new Headers(),
 *   data: Buffer.alloc(0), request: { method: 'GET', url: 'http://localhost/', headers: {} } });
 */
export interface TestResponseInit {
  /** Numeric status code. */
  status: number;
  /** Reason phrase the server sent (empty → Node's standard phrase for the code). */
  statusText?: string | undefined;
  /** Response headers; repeated `Set-Cookie` kept as separate entries. */
  headers: Headers;
  /** Full response body (empty for HEAD). */
  data: Buffer;
  /** The request that produced it. */
  request: TestRequestInfo;
  /** Earlier responses of a followed redirect chain, oldest first. */
  history?: readonly TestResponse[] | undefined;
}

/**
 * Options of {@link TestResponse.getJson} (Werkzeug's `get_json(force=, silent=)`).
 *
 * @example
 * const body = res.getJson({ force: true, silent: true }); // parse whatever came, undefined on bad JSON
 */
export interface GetJsonOptions {
  /** Parse even when the mimetype is not JSON (← `force`, default false). */
  force?: boolean;
  /** Return `undefined` instead of throwing on invalid JSON (← `silent`, default false). */
  silent?: boolean;
}

/** `application/json` or any `+json` suffix type, like Werkzeug's `is_json`. */
function isJsonMimetype(mimetype: string): boolean {
  return mimetype === 'application/json' || (mimetype.startsWith('application/') && mimetype.endsWith('+json'));
}

/**
 * A finished response from the {@link TestClient}: status, headers and the whole body, plus the
 * request that produced it and, after `followRedirects`, the redirect `history`.
 *
 * @example
 * const res = await client.get('/missing');
 * assert.equal(res.status, 404);
 * assert.equal(res.statusLine, '404 NOT FOUND');
 */
export class TestResponse {
  /**
   * Numeric status code (Flask's `status_code`).
   *
   * @example
   * assert.equal((await client.get('/')).status, 200);
   */
  readonly status: number;
  /**
   * Reason phrase as sent by the server, e.g. `"Not Found"`.
   *
   * @example
   * assert.equal((await client.get('/nope')).statusText, 'Not Found');
   */
  readonly statusText: string;
  /**
   * Response headers as a WHATWG `Headers` (`headers.getSetCookie()` lists every Set-Cookie).
   *
   * @example
   * assert.equal(res.headers.get('x-frame-options'), 'DENY');
   */
  readonly headers: Headers;
  /**
   * The raw body (Flask's `response.data` / `get_data()`).
   *
   * @example
   * assert.deepEqual(res.data, Buffer.from([0xff, 0x00]));
   */
  readonly data: Buffer;
  /**
   * Method, URL and headers of the request that produced this response.
   *
   * @example
   * assert.equal(res.request.url, 'http://localhost/done');
   */
  readonly request: TestRequestInfo;
  /**
   * Responses that redirected to this one, oldest first (Werkzeug's `history`); empty without
   * `followRedirects`.
   *
   * @example
   * assert.deepEqual(res.history.map((r) => r.status), [302]);
   */
  readonly history: readonly TestResponse[];

  /**
   * Wraps a received response; {@link TestClient} does this for you.
   *
   * @example
   * const res = new TestResponse({ status: 200, headers: new Headers({ 'content-type': 'text/plain' }),
   *   data: Buffer.from('hi'), request: { method: 'GET', url: 'http://localhost/', headers: {} } });
   */
  constructor(init: TestResponseInit) {
    this.status = init.status;
    this.statusText = init.statusText || STATUS_CODES[init.status] || 'UNKNOWN';
    this.headers = init.headers;
    this.data = init.data;
    this.request = init.request;
    this.history = init.history ?? [];
  }

  /**
   * Flask's `response.status`: code and upper-case reason, e.g. `"404 NOT FOUND"`.
   *
   * @example
   * assert.equal((await client.get('/nope')).statusLine, '404 NOT FOUND');
   */
  get statusLine(): string {
    return `${this.status} ${this.statusText.toUpperCase()}`;
  }

  /**
   * Body decoded as UTF-8 (Flask's `get_data(as_text=True)`).
   *
   * @example
   * assert.equal((await client.get('/')).text, 'Hello, World!');
   */
  get text(): string {
    return this.data.toString('utf8');
  }

  /**
   * The full `Content-Type` header, or `undefined` when absent.
   *
   * @example
   * assert.equal(res.contentType, 'text/html; charset=utf-8');
   */
  get contentType(): string | undefined {
    return this.headers.get('content-type') ?? undefined;
  }

  /**
   * Content type without parameters, lower-cased (Werkzeug's `mimetype`); `""` when absent.
   *
   * @example
   * assert.equal(res.mimetype, 'text/html');
   */
  get mimetype(): string {
    return (this.contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  }

  /**
   * Whether the mimetype is `application/json` or `application/*+json` (Werkzeug's `is_json`).
   *
   * @example
   * assert.ok((await client.get('/api')).isJson);
   */
  get isJson(): boolean {
    return isJsonMimetype(this.mimetype);
  }

  /**
   * The parsed JSON body when the response is JSON, else `undefined` (Flask's `response.json`).
   * Throws an error naming the request when the body is not valid JSON.
   *
   * @example
   * assert.deepEqual((await client.get('/api/user/1')).json, { id: 1 });
   */
  get json(): unknown {
    return this.getJson();
  }

  /**
   * Parses the body as JSON (Werkzeug's `get_json`): `undefined` for a non-JSON mimetype unless
   * `force`; invalid JSON throws unless `silent`.
   *
   * @example
   * const body = res.getJson({ force: true }) as { ok: boolean };
   */
  getJson(options: GetJsonOptions = {}): unknown {
    if (!options.force && !this.isJson) return undefined;
    try {
      return JSON.parse(this.text) as unknown;
    } catch (error) {
      if (options.silent) return undefined;
      throw new SyntaxError(
        `${this.request.method} ${this.request.url} → ${this.status}: response body is not valid JSON ` +
          `(${(error as Error).message}); body starts with ${JSON.stringify(this.text.slice(0, 60))}`,
        { cause: error },
      );
    }
  }

  /**
   * The `Location` header as sent (Werkzeug ≥ 2.1 no longer makes it absolute), or `undefined`.
   *
   * @example
   * assert.equal((await client.post('/login', { data: { user: 'ada' } })).location, '/');
   */
  get location(): string | undefined {
    return this.headers.get('location') ?? undefined;
  }
}
