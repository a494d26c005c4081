/**
 * Server-side sessions in Redis through the maintained `redis` client (node-redis v5), behind
 * koa-session's store interface. The cookie holds only a signed id; the data lives under
 * `<prefix><id>` with a TTL equal to the session lifetime.
 */
import { createClient } from 'redis';
import { taggedJSON, type TextSerializer } from '@kolba/signing';
import { SessionUnavailable } from './errors.js';
import type { SessionStore, StoredSession } from './koa-session.js';

/**
 * The part of a node-redis v5 client the store uses. A client you pass in is yours to connect,
 * reconnect and close; create it with `disableOfflineQueue: true` so that requests fail fast
 * (503) instead of waiting while Redis is down, and give it an 'error' listener.
 */
export interface RedisLikeClient {
  readonly isReady: boolean;
  get(key: string): Promise<unknown>;
  set(key: string, value: string, options: { expiration: { type: 'PX'; value: number } }): Promise<unknown>;
  del(key: string): Promise<unknown>;
  pExpire(key: string, ms: number): Promise<unknown>;
}

/**
 * Options of `RedisStore`.
 *
 * @example
 * const options: RedisStoreOptions = { url: 'redis://127.0.0.1:6379', prefix: 'myapp:session:', commandTimeout: 500 };
 * const store = new RedisStore(options);
 */
export interface RedisStoreOptions {
  /** A node-redis v5 client you created and connect yourself. */
  client?: RedisLikeClient;
  /** Or a URL (`redis://127.0.0.1:6379`): the store creates, connects and reconnects its own client. */
  url?: string;
  /** Key prefix, default `"session:"` (Flask-Session's default too). */
  prefix?: string;
  /** Value format, default Flask's tagged JSON (tuples, bytes, Markup, UUID, Date survive). */
  serializer?: TextSerializer;
  /** Milliseconds a command may take before the request fails with 503, default 2000. */
  commandTimeout?: number;
  /** TTL when the caller gives none (koa-session's `'session'`), ms; default 1 day. */
  defaultTtl?: number;
}

/**
 * A koa-session store backed by Redis. Usable with `session({ store })` from @kolba/session and
 * with koa-session itself. When Redis is unreachable every call fails fast with
 * `SessionUnavailable` (503) instead of queueing; an owned client reconnects by itself.
 *
 * @example
 * const store = new RedisStore({ url: process.env.REDIS_URL });
 * app.use(session({ secretKey: process.env.SECRET_KEY, store }));
 * // on shutdown: await store.close();
 */
export class RedisStore implements SessionStore {
  readonly prefix: string;
  readonly #client: RedisLikeClient;
  readonly #owned: ReturnType<typeof createClient> | null;
  readonly #serializer: TextSerializer;
  readonly #timeout: number;
  readonly #defaultTtl: number;
  #connecting: Promise<unknown> | null = null;

  constructor(options: RedisStoreOptions) {
    this.prefix = options.prefix ?? 'session:';
    this.#serializer = options.serializer ?? taggedJSON;
    this.#timeout = options.commandTimeout ?? 2000;
    this.#defaultTtl = options.defaultTtl ?? 86_400_000;
    if (options.client) {
      this.#client = options.client;
      this.#owned = null;
    } else if (options.url) {
      const client = createClient({
        url: options.url,
        // Fail fast instead of queueing while disconnected: a request should get a 503 now,
        // not hang until Redis returns.
        disableOfflineQueue: true,
        socket: { connectTimeout: this.#timeout, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000) },
      });
      // Without a listener node-redis' 'error' events would crash the process.
      client.on('error', () => {});
      this.#owned = client;
      this.#client = client as unknown as RedisLikeClient;
    } else {
      throw new TypeError('RedisStore needs a client or a url');
    }
  }

  /** The underlying client (for health checks and shutdown). */
  get client(): RedisLikeClient {
    return this.#client;
  }

  // Owned clients connect on first use; a failed first connect is retried by later requests.
  #ensureConnected(): void {
    const client = this.#owned;
    if (!client || client.isOpen || this.#connecting) return;
    this.#connecting = client.connect().then(
      () => (this.#connecting = null),
      () => (this.#connecting = null),
    );
  }

  async #run<T>(command: () => Promise<T>): Promise<T> {
    this.#ensureConnected();
    if (!this.#client.isReady && this.#connecting) await Promise.race([this.#connecting, delay(this.#timeout)]);
    if (!this.#client.isReady) throw new SessionUnavailable(new Error('Redis is not connected'));
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        command(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new SessionUnavailable(new Error(`Redis did not answer within ${this.#timeout} ms`))), this.#timeout);
        }),
      ]);
    } catch (err) {
      throw err instanceof SessionUnavailable ? err : new SessionUnavailable(err);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Loads a session; undefined when missing, expired or unreadable.
   *
   * @example
   * await store.get('abc', 2678400000, { rolling: true });
   */
  async get(key: string, _maxAge?: number | 'session', _options?: { rolling: boolean; ctx?: unknown }): Promise<StoredSession | undefined> {
    const text = await this.#run(() => this.#client.get(this.prefix + key));
    if (typeof text !== 'string') return undefined;
    try {
      const value = this.#serializer.loads(text);
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as StoredSession) : undefined;
    } catch {
      return undefined; // a foreign or corrupt value is a missing session, never an error page
    }
  }

  /**
   * Stores a session with a TTL of `maxAge` milliseconds.
   *
   * @example
   * await store.set('abc', { user_id: 1 }, 2678400000, { rolling: true, changed: true });
   */
  async set(key: string, sess: StoredSession, maxAge?: number | 'session', _options?: { rolling: boolean; changed: boolean; ctx?: unknown }): Promise<void> {
    const ttl = typeof maxAge === 'number' && maxAge > 0 ? Math.ceil(maxAge) : this.#defaultTtl;
    const text = this.#serializer.dumps(sess);
    await this.#run(() => this.#client.set(this.prefix + key, text, { expiration: { type: 'PX', value: ttl } }));
  }

  /**
   * Deletes a session.
   *
   * @example
   * await store.destroy('abc', {});
   */
  async destroy(key: string, _options?: { ctx?: unknown }): Promise<void> {
    await this.#run(() => this.#client.del(this.prefix + key));
  }

  /**
   * Extends a session's TTL to `maxAge` milliseconds without rewriting its data (the refresh of
   * an unmodified permanent session), so a concurrent request's write is never undone.
   *
   * @example
   * await store.touch('abc', 2678400000, {});
   */
  async touch(key: string, maxAge: number, _options?: { ctx?: unknown }): Promise<void> {
    const ttl = maxAge > 0 ? Math.ceil(maxAge) : this.#defaultTtl;
    await this.#run(() => this.#client.pExpire(this.prefix + key, ttl));
  }

  /**
   * Closes an owned client (a client you passed in is yours to close).
   *
   * @example
   * await store.close();
   */
  async close(): Promise<void> {
    const client = this.#owned;
    if (!client) return;
    await this.#connecting;
    if (client.isOpen) await client.close();
    else client.destroy();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
