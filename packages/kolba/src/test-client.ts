/**
 * `TestClient`: Flask's `app.test_client()` for any Node request handler. Each request runs
 * through a real loopback server (`listen(0, '127.0.0.1')`, closed after the response, like
 * supertest), with the `Host` header of `baseUrl` so the app builds `http://localhost/…` URLs
 * exactly as under Werkzeug's test client. Cookies live in a tough-cookie jar.
 */
import { Cookie, CookieJar, MemoryCookieStore } from 'tough-cookie';
import { TestResponse } from './test-response.js';
import { encodeBody, roundTrip, type Raw, type RequestHandler, type RequestOptions } from './test-request.js';

export type { FileUpload, FormFields, FormValue, RequestHandler, RequestOptions } from './test-request.js';

export { TestResponse } from './test-response.js';
export type { TestRequestInfo, TestResponseInit, GetJsonOptions } from './test-response.js';

/**
 * Options of {@link TestClient}.
 *
 * @example
 * const client = new TestClient(app.callback(), { baseUrl: 'https://example.com', useCookies: false });
 */
export interface TestClientOptions {
  /** Origin the app believes it serves (default `http://localhost`); its host is the `Host` header. */
  baseUrl?: string;
  /** Keep a cookie jar (← `use_cookies`, default true). */
  useCookies?: boolean;
}

/**
 * Where a cookie lives (Flask's `domain=`/`path=` of `get_cookie`).
 *
 * @example
 * client.getCookie('session', { path: '/admin' });
 */
export interface CookieLocation {
  /** Domain, default the baseUrl hostname. */
  domain?: string;
  /** Path, default `/`. */
  path?: string;
}

/**
 * Attributes of {@link TestClient.setCookie}.
 *
 * @example
 * client.setCookie('theme', 'dark', { path: '/', httpOnly: true, maxAge: 60 });
 */
export interface SetCookieOptions extends CookieLocation {
  /** Seconds to live. */
  maxAge?: number;
  /** Absolute expiry. */
  expires?: Date;
  /** Send only over https. */
  secure?: boolean;
  /** HttpOnly flag. */
  httpOnly?: boolean;
  /** SameSite attribute. */
  sameSite?: 'Strict' | 'Lax' | 'None';
}

/**
 * A cookie in the client's jar.
 *
 * @example
 * const c: CookieInfo | undefined = client.getCookie('session');
 * assert.equal(c?.httpOnly, true);
 */
export interface CookieInfo {
  /** Cookie name. */
  readonly name: string;
  /** Cookie value. */
  readonly value: string;
  /** Domain it is sent to. */
  readonly domain: string;
  /** Path prefix it is sent for. */
  readonly path: string;
  /** Expiry, `undefined` for a session cookie. */
  readonly expires: Date | undefined;
  /** Secure flag. */
  readonly secure: boolean;
  /** HttpOnly flag. */
  readonly httpOnly: boolean;
  /** SameSite attribute as sent, if any. */
  readonly sameSite: string | undefined;
}

const MAX_REDIRECTS = 20;
const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

/**
 * Flask's test client for a Node request handler: real HTTP over loopback, a cookie jar, redirect
 * following, and fully-read {@link TestResponse}s.
 *
 * @example
 * const client = new TestClient(new Koa().use((ctx) => { ctx.body = 'hi'; }).callback());
 * assert.equal((await client.get('/')).text, 'hi');
 */
export class TestClient {
  readonly #handler: RequestHandler;
  readonly #base: URL;
  readonly #jar: CookieJar | undefined;

  /**
   * Creates a client; nothing to close afterwards.
   *
   * @example
   * const client = new TestClient(app.callback(), { baseUrl: 'http://localhost' });
   */
  constructor(handler: RequestHandler, options: TestClientOptions = {}) {
    this.#handler = handler;
    this.#base = new URL(options.baseUrl ?? 'http://localhost');
    // Secure cookies only go over https (localhost is not a secure context here), but are kept
    // when set over http so `getCookie` can still show an app's `Secure` session cookie.
    this.#jar = options.useCookies === false ? undefined
      : new CookieJar(new MemoryCookieStore(), { allowSecureOnLocal: false, enforceSecureOriginOnStorage: false, rejectPublicSuffixes: false });
  }

  /**
   * Sends a request (Werkzeug's `open`). `path` may carry a query string or be an absolute URL
   * whose host becomes the `Host` header.
   *
   * @example
   * const res = await client.open('/items', { method: 'POST', json: { name: 'x' } });
   */
  async open(path: string, options: RequestOptions = {}): Promise<TestResponse> {
    const firstMethod = (options.method ?? 'GET').toUpperCase();
    const where = `${firstMethod} ${path}`;
    let url = this.#resolve(path);
    if (options.query) {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(options.query)) for (const x of Array.isArray(v) ? v : [v]) qs.append(k, String(x));
      const extra = qs.toString();
      if (extra) url.search = url.search ? `${url.search}&${extra}` : `?${extra}`;
    }
    let method = firstMethod;
    let encoded: Awaited<ReturnType<typeof encodeBody>>;
    try {
      encoded = await encodeBody(options);
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
    }
    const userHeaders: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(options.headers ?? {})) userHeaders[k.toLowerCase()] = typeof v === 'string' ? v : [...v];
    if (encoded.contentType && (encoded.forced || !userHeaders['content-type'])) userHeaders['content-type'] = encoded.contentType;
    let body = encoded.body;
    const history: TestResponse[] = [];
    for (;;) {
      const headers: Record<string, string | string[]> = { host: url.host, ...userHeaders };
      if (body !== undefined || !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(method)) headers['content-length'] = String(body?.length ?? 0);
      const jarCookies = this.#jar?.getCookieStringSync(url.href) ?? '';
      if (jarCookies) headers.cookie = userHeaders.cookie ? `${String(userHeaders.cookie)}; ${jarCookies}` : jarCookies;
      let raw: Raw;
      try {
        raw = await roundTrip(this.#handler, method, url, headers, body);
      } catch (error) {
        const hop = history.length ? ` (redirect ${history.length}: ${method} ${url.pathname}${url.search})` : '';
        throw new Error(`${where}${hop} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      for (const line of raw.headers.getSetCookie()) this.#jar?.setCookieSync(line, url.href, { ignoreError: true });
      const flat: Record<string, string> = {};
      for (const [k, v] of Object.entries(headers)) flat[k] = Array.isArray(v) ? v.join(', ') : v;
      const response = new TestResponse({ ...raw, request: { method, url: url.href, headers: flat }, history: [...history] });
      const location = response.location;
      if (!options.followRedirects || !REDIRECT_CODES.has(response.status) || location === undefined) return response;
      if (history.length >= MAX_REDIRECTS) {
        throw new Error(`${where}: more than ${MAX_REDIRECTS} redirects (last: ${response.status} → ${location}); redirect loop?`);
      }
      history.push(response);
      url = new URL(location, url);
      url.hash = '';
      if (response.status !== 307 && response.status !== 308) {
        // Werkzeug: other redirects become GET (HEAD stays HEAD) and lose their body.
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
        delete userHeaders['content-type'];
        delete userHeaders['content-length'];
      }
    }
  }

  /**
   * GET request.
   *
   * @example
   * const res = await client.get('/search?q=flask', { query: { page: 1 } });
   */
  get(path: string, options: RequestOptions = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'GET' });
  }

  /**
   * POST request.
   *
   * @example
   * const res = await client.post('/login', { data: { username: 'ada', password: 'pw' } });
   */
  post(path: string, options: RequestOptions = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'POST' });
  }

  /**
   * PUT request.
   *
   * @example
   * await client.put('/items/1', { json: { name: 'new' } });
   */
  put(path: string, options: RequestOptions = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'PUT' });
  }

  /**
   * PATCH request.
   *
   * @example
   * await client.patch('/items/1', { json: { done: true } });
   */
  patch(path: string, options: RequestOptions = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'PATCH' });
  }

  /**
   * DELETE request.
   *
   * @example
   * assert.equal((await client.delete('/items/1')).status, 204);
   */
  delete(path: string, options: RequestOptions = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'DELETE' });
  }

  /**
   * HEAD request (empty body, headers as for GET).
   *
   * @example
   * assert.equal((await client.head('/')).data.length, 0);
   */
  head(path: string, options: RequestOptions = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'HEAD' });
  }

  /**
   * OPTIONS request.
   *
   * @example
   * const allow = (await client.options('/items')).headers.get('allow');
   */
  options(path: string, options: RequestOptions = {}): Promise<TestResponse> {
    return this.open(path, { ...options, method: 'OPTIONS' });
  }

  /**
   * The cookie stored exactly at `domain`/`path` (defaults: baseUrl host, `/`), like Flask's
   * `get_cookie`; `undefined` when absent or expired.
   *
   * @example
   * assert.equal(client.getCookie('session')?.value, 'abc');
   */
  getCookie(name: string, location: CookieLocation = {}): CookieInfo | undefined {
    const domain = this.#domain(location.domain);
    const path = location.path ?? '/';
    return this.cookies.find((c) => c.name === name && c.domain === domain && c.path === path);
  }

  /**
   * Stores a cookie for `domain` (host-only) and `path`, like Flask's `set_cookie`.
   *
   * @example
   * client.setCookie('theme', 'dark');
   */
  setCookie(name: string, value: string, options: SetCookieOptions = {}): void {
    const jar = this.#requireJar();
    const path = options.path ?? '/';
    const cookie = new Cookie({ key: name, value, path, secure: options.secure ?? false, httpOnly: options.httpOnly ?? false,
      ...(options.maxAge !== undefined && { maxAge: options.maxAge }), ...(options.expires && { expires: options.expires }),
      ...(options.sameSite && { sameSite: options.sameSite.toLowerCase() }) });
    jar.setCookieSync(cookie, `${this.#base.protocol}//${this.#domain(options.domain)}${path}`);
  }

  /**
   * Removes the cookie at `domain`/`path` (defaults: baseUrl host, `/`), like Flask's `delete_cookie`.
   *
   * @example
   * client.deleteCookie('session');
   */
  deleteCookie(name: string, location: CookieLocation = {}): void {
    const jar = this.#requireJar();
    jar.store.removeCookie(this.#domain(location.domain), location.path ?? '/', name, () => {});
  }

  /**
   * Every unexpired cookie in the jar.
   *
   * @example
   * assert.deepEqual(client.cookies.map((c) => c.name), ['session']);
   */
  get cookies(): CookieInfo[] {
    const jar = this.#requireJar();
    let all: Cookie[] = [];
    // MemoryCookieStore is synchronous: the callback runs before getAllCookies returns.
    jar.store.getAllCookies((error: Error | null, result?: Cookie[]) => {
      if (error) throw error;
      all = result ?? [];
    });
    return all.filter((c) => c.TTL() > 0).map((c) => ({
      name: c.key, value: c.value, domain: c.domain ?? '', path: c.path ?? '/', expires: c.expiryDate(),
      secure: c.secure, httpOnly: c.httpOnly, sameSite: c.sameSite === 'unspecified' ? undefined : c.sameSite,
    }));
  }

  #resolve(path: string): URL {
    // Absolute URLs pick their own host; anything else (even `//x`) is a path under baseUrl.
    const url = /^[a-z][a-z\d+.-]*:\/\//i.test(path)
      ? new URL(path)
      : new URL(`${this.#base.origin}${this.#base.pathname.replace(/\/$/, '')}${path.startsWith('/') ? '' : '/'}${path}`);
    url.hash = '';
    return url;
  }

  #domain(domain: string | undefined): string {
    return (domain ?? this.#base.hostname).toLowerCase().replace(/^\./, '');
  }

  #requireJar(): CookieJar {
    // Flask raises the same TypeError when use_cookies=False.
    if (!this.#jar) throw new TypeError("Cookies are disabled. Create a client with 'useCookies: true'.");
    return this.#jar;
  }
}
