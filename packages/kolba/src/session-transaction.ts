/**
 * `KolbaTestClient`: the test client of a `Kolba` app, with Flask's `session_transaction()`:
 * read and change the session cookie the client holds, signed exactly as the app (and Flask)
 * would sign it, without a request.
 */
import { lifetimeSeconds, type Lifetime } from '@kolba/session';
import { flaskSessionSerializer, type SecretKey } from '@kolba/signing';
import { TestClient, type RequestHandler, type TestClientOptions } from './test-client.js';

/**
 * A {@link TestClient} that also knows the app's session settings (`app.testClient()`).
 *
 * @example
 * const client = app.testClient();
 * await client.sessionTransaction((session) => { session.user_id = 1; });
 * assert.match((await client.get('/')).text, /Logged in as 1/);
 */
export class KolbaTestClient extends TestClient {
  readonly #config: Readonly<Record<string, unknown>>;

  constructor(handler: RequestHandler, config: Readonly<Record<string, unknown>>, options: TestClientOptions = {}) {
    super(handler, options);
    this.#config = config;
  }

  /**
   * Opens the session the client's cookie holds (empty if none or invalid), passes its data to
   * `fn`, then stores the result back in the cookie jar: re-signed, or deleted when emptied.
   * Flask: `with client.session_transaction() as session:`.
   *
   * @throws Error without `SECRET_KEY` (Flask: "Session backend did not open a session"), or with
   *   server-side sessions (`SESSION_STORE`), whose data is not in the cookie.
   * @example
   * await client.sessionTransaction((session) => { session._flashes = [tuple('message', 'hi')]; });
   * const seen = await client.sessionTransaction((session) => session.user_id);
   */
  async sessionTransaction<R>(fn: (session: Record<string, unknown>) => R | Promise<R>): Promise<R> {
    const config = this.#config;
    const secretKey = config.SECRET_KEY as SecretKey | null | undefined;
    if (secretKey === null || secretKey === undefined || secretKey === '') {
      throw new Error('Session backend did not open a session. Check the configuration (SECRET_KEY is not set).');
    }
    if (config.SESSION_STORE !== null && config.SESSION_STORE !== undefined) {
      throw new Error('sessionTransaction() works with cookie sessions; with SESSION_STORE the data lives in the store.');
    }
    const fallbacks = (config.SECRET_KEY_FALLBACKS as SecretKey[] | null | undefined) ?? [];
    const serializer = flaskSessionSerializer(secretKey, { fallbacks });
    const name = String(config.SESSION_COOKIE_NAME ?? 'session');
    const path = String(config.SESSION_COOKIE_PATH ?? config.APPLICATION_ROOT ?? '/');
    const domain = (config.SESSION_COOKIE_DOMAIN as string | null | undefined) ?? undefined;
    const location = { path, ...(domain === undefined ? {} : { domain }) };
    const lifetime = lifetimeSeconds((config.PERMANENT_SESSION_LIFETIME as Lifetime | undefined) ?? 2_678_400);
    let data: Record<string, unknown> = {};
    const cookie = this.getCookie(name, location);
    if (cookie !== undefined) {
      try {
        const loaded = serializer.loads(cookie.value, { maxAge: lifetime });
        if (typeof loaded === 'object' && loaded !== null) data = { ...(loaded as Record<string, unknown>) };
      } catch {
        // A tampered or expired cookie is an empty session, as when the app opens it.
      }
    }
    const result = await fn(data);
    if (Object.keys(data).length === 0) {
      if (cookie !== undefined) this.deleteCookie(name, location);
    } else {
      this.setCookie(name, serializer.dumps(data), {
        ...location,
        httpOnly: config.SESSION_COOKIE_HTTPONLY !== false,
        secure: config.SESSION_COOKIE_SECURE === true,
        ...(data._permanent === true ? { maxAge: lifetime } : {}),
      });
    }
    return result;
  }
}
