/**
 * `TestClient`: Flask's `app.test_client()` for any Node request handler. Each request goes
 * through a real loopback HTTP server (opened and closed per request, as supertest does), so the
 * app sees real sockets, headers and bodies; a tough-cookie jar carries cookies between requests.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CookieJar, Cookie } from 'tough-cookie';
import { TestResponse, type TestRequestInfo } from './test-response.js';

export { TestResponse } from './test-response.js';
export type { GetJsonOptions, TestRequestInfo, TestResponseInit } from './test-response.js';

/**
 * Options of `new TestClient(handler, options)` / `app.testClient(options)`.
 *
 * @example
 * const client = app.testClient({ baseUrl: 'https://example.com', useCookies: true });
 */
export interface TestClientOptions {
  /** Scheme and host the app sees (Host header, cookie domain); default `http://localhost`. */
  baseUrl?: string;
  /** Keep a cookie jar (Flask's `use_cookies`, default `true`). */
  useCookies?: boolean;
}

/**
 * A file in a multipart `data` object (Werkzeug's `(stream, filename, content_type)` tuple).
 *
 * @example
 * await client.post('/upload', { data: { the_file: { file: Buffer.from('hi'), filename: 'a.txt' } } });
 */
export interface TestFile {
  file: Buffer | string;
  filename: string;
  contentType?: string;
}

/**
 * Options of one request (Werkzeug's `EnvironBuilder` arguments, camelCased).
 *
 * @example
 * await client.open('/search', { method: 'GET', query: { q: 'kolba', tag: ['a', 'b'] }, headers: { 'Accept-Language': 'fr' } });
 */
export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Query string values; arrays repeat the key, `null`/`undefined` are dropped. */
  query?: Record<string, unknown>;
  /** A JSON body (sets `Content-Type: application/json`). */
  json?: unknown;
  /** A raw body (string/Buffer), a form (object → urlencoded), or multipart when a value is a file. */
  data?: string | Buffer | Record<string, unknown>;
  /** Follow redirects (Flask's `follow_redirects`, default `false`); at most 20 hops. */
  followRedirects?: boolean;
}

const MAX_REDIRECTS = 20;

function isTestFile(value: unknown): value is TestFile {
  return typeof value === 'object' && value !== null && 'file' in value && 'filename' in value;
}

function isFile(value: unknown): value is TestFile | Blob {
  return value instanceof Blob || isTestFile(value);
}

function appendQuery(url: URL, query: Record<string, unknown> | undefined): void {
  if (query === undefined) return;
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== null && item !== undefined) url.searchParams.append(key, String(item));
    }
  }
}

/** The body bytes and content type of a request, like Werkzeug's EnvironBuilder. */
async function encodeBody(options: RequestOptions): Promise<{ body?: Buffer; type?: string }> {
  if (options.json !== undefined) return { body: Buffer.from(JSON.stringify(options.json)), type: 'application/json' };
  const data = options.data;
  if (data === undefined) return {};
  if (typeof data === 'string' || Buffer.isBuffer(data)) return { body: Buffer.from(data) };
  const entries = Object.entries(data).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x] as const) : [[k, v] as const]));
  if (!entries.some(([, v]) => isFile(v))) {
    const form = new URLSearchParams();
    for (const [k, v] of entries) if (v !== null && v !== undefined) form.append(k, String(v));
    return { body: Buffer.from(form.toString()), type: 'application/x-www-form-urlencoded' };
  }
  // Multipart through the WHATWG encoder (the same one fetch uses), not a hand-written one.
  const form = new FormData();
  for (const [k, v] of entries) {
    if (v instanceof Blob) form.append(k, v);
    else if (isTestFile(v)) form.append(k, new Blob([v.file], { type: v.contentType ?? 'application/octet-stream' }), v.filename);
    else if (v !== null && v !== undefined) form.append(k, String(v));
  }
  const encoded = new Response(form);
  return { body: Buffer.from(await encoded.arrayBuffer()), type: encoded.headers.get('content-type') ?? undefined };
}

/**
 * Flask's test client: `get`/`post`/… resolve to a {@link TestResponse}; cookies persist.
 *
 * @example
 * const client = new TestClient(koaApp.callback());
 * await client.post('/login', { data: { username: 'admin' } });
 * const home = await client.get('/', { followRedirects: true });
 * assert.match(home.text, /Welcome/);
 */
export class TestClient {
  readonly #handler: (req: IncomingMessage, res: ServerResponse) => void;
  readonly #base: URL;
  /** The cookie jar, or `undefined` with `useCookies: false`. */
  readonly jar: CookieJar | undefined;

  constructor(handler: (req: IncomingMessage, res: ServerResponse) => void, options: TestClientOptions = {}) {
    if (typeof handler !== 'function') throw new TypeError('new TestClient(handler): handler must be a Node request listener (app.callback()).');
    this.#handler = handler;
    this.#base = new URL(options.baseUrl ?? 'http://localhost');
    this.jar = options.useCookies === false ? undefined : new CookieJar();
  }

  /**
   * Sends one request (Flask's `client.open`).
   *
   * @example
   * const res = await client.open('/items/3', { method: 'DELETE' });
   */
  async open(path: string, options: RequestOptions = {}): Promise<TestResponse> {
    const method = (options.method ?? 'GET').toUpperCase();
    const url = new URL(path, this.#base);
    appendQuery(url, options.query);
    const { body, type } = await encodeBody(options);
    const history: TestResponse[] = [];
    let response = await this.#send(method, url, options.headers ?? {}, body, type, history);
    if (options.followRedirects !== true) return response;
    let current = { method, body, type };
    while (response.status >= 300 && response.status < 400 && response.location !== undefined) {
      if (history.length >= MAX_REDIRECTS) {
        throw new Error(`${method} ${path}: more than ${MAX_REDIRECTS} redirects (last Location: ${response.location})`);
      }
      history.push(response);
      const next = new URL(response.location, response.request.url);
      // 307/308 repeat the request; the others become a GET without a body (Werkzeug).
      if (response.status !== 307 && response.status !== 308) current = { method: current.method === 'HEAD' ? 'HEAD' : 'GET', body: undefined, type: undefined };
      response = await this.#send(current.method, next, options.headers ?? {}, current.body, current.type, [...history]);
    }
    return response;
  }

  /** GET. @example await client.get('/', { query: { page: 2 } }); */
  get(path: string, options: Omit<RequestOptions, 'method'> = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'GET' });
  }
  /** POST. @example await client.post('/login', { data: { username: 'admin' } }); */
  post(path: string, options: Omit<RequestOptions, 'method'> = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'POST' });
  }
  /** PUT. @example await client.put('/item/1', { json: { name: 'x' } }); */
  put(path: string, options: Omit<RequestOptions, 'method'> = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'PUT' });
  }
  /** PATCH. @example await client.patch('/item/1', { json: { name: 'y' } }); */
  patch(path: string, options: Omit<RequestOptions, 'method'> = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'PATCH' });
  }
  /** DELETE. @example await client.delete('/item/1'); */
  delete(path: string, options: Omit<RequestOptions, 'method'> = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'DELETE' });
  }
  /** HEAD. @example (await client.head('/')).data.length; // 0 */
  head(path: string, options: Omit<RequestOptions, 'method'> = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'HEAD' });
  }
  /** OPTIONS. @example (await client.options('/')).headers.get('allow'); */
  options(path: string, options: Omit<RequestOptions, 'method'> = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'OPTIONS' });
  }

  /**
   * The cookie named `name` the client would send to `path` (Flask's `get_cookie`).
   *
   * @example
   * client.getCookie('session')?.value;
   */
  getCookie(name: string, options: { path?: string } = {}): Cookie | undefined {
    if (this.jar === undefined) throw new Error('getCookie(): this client was created with useCookies: false.');
    return this.jar.getCookiesSync(new URL(options.path ?? '/', this.#base).href).find((c) => c.key === name);
  }

  /**
   * Puts a cookie in the jar (Flask's `set_cookie`).
   *
   * @example
   * client.setCookie('theme', 'dark', { path: '/' });
   */
  setCookie(name: string, value: string, options: { path?: string; domain?: string; httpOnly?: boolean; secure?: boolean } = {}): void {
    if (this.jar === undefined) throw new Error('setCookie(): this client was created with useCookies: false.');
    const cookie = new Cookie({
      key: name,
      value,
      path: options.path ?? '/',
      domain: options.domain ?? this.#base.hostname,
      httpOnly: options.httpOnly ?? false,
      secure: options.secure ?? false,
    });
    this.jar.setCookieSync(cookie, this.#base.href);
  }

  /**
   * Removes a cookie from the jar (Flask's `delete_cookie`).
   *
   * @example
   * client.deleteCookie('session');
   */
  deleteCookie(name: string, options: { path?: string; domain?: string } = {}): void {
    if (this.jar === undefined) throw new Error('deleteCookie(): this client was created with useCookies: false.');
    const store = this.jar.store as unknown as { removeCookie(d: string, p: string, k: string, cb: (err: Error | null) => void): void };
    store.removeCookie(options.domain ?? this.#base.hostname, options.path ?? '/', name, () => undefined);
  }

  async #send(method: string, url: URL, headers: Record<string, string>, body: Buffer | undefined, type: string | undefined, history: TestResponse[]): Promise<TestResponse> {
    const sent: Record<string, string> = { host: url.host, ...lower(headers) };
    if (type !== undefined && sent['content-type'] === undefined) sent['content-type'] = type;
    if (body !== undefined) sent['content-length'] = String(body.length);
    const cookie = this.jar?.getCookieStringSync(url.href);
    if (cookie) sent.cookie = sent.cookie ? `${sent.cookie}; ${cookie}` : cookie;
    const server = createServer(this.#handler);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      const { port } = server.address() as AddressInfo;
      const raw = await new Promise<{ res: IncomingMessage; data: Buffer }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, method, path: `${url.pathname}${url.search}`, headers: sent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ res, data: Buffer.concat(chunks) }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(body);
      });
      const responseHeaders = new Headers();
      for (let i = 0; i < raw.res.rawHeaders.length; i += 2) responseHeaders.append(raw.res.rawHeaders[i]!, raw.res.rawHeaders[i + 1]!);
      if (this.jar !== undefined) {
        for (const line of responseHeaders.getSetCookie()) this.jar.setCookieSync(line, url.href, { ignoreError: true });
      }
      const request: TestRequestInfo = { method, url: url.href, headers: sent };
      return new TestResponse({ status: raw.res.statusCode ?? 0, statusText: raw.res.statusMessage, headers: responseHeaders, data: raw.data, request, history });
    } catch (err) {
      throw new Error(`${method} ${url.pathname}${url.search} failed: ${(err as Error).message}`, { cause: err });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }
}

function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
