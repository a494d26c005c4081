/**
 * The one place kolba touches koa-session: its store interface.
 *
 * kolba's session speaks koa-session's store contract (`get(key, maxAge, { rolling, ctx })`,
 * `set(key, sess, maxAge, { rolling, changed, ctx })`, `destroy(key, { ctx })`), so any
 * koa-session store works here and `RedisStore` works under plain koa-session. The cookie
 * lifecycle itself is Flask's and implemented in `middleware.ts`; the README explains why
 * koa-session's `ContextSession` is not used for it.
 */
import type { SessionOptions as KoaSessionOptions } from 'koa-session';

/**
 * Session data as a store sees it: a JSON-like record.
 *
 * @example
 * const sess: StoredSession = { user_id: 42, _permanent: true };
 * await store.set('id', sess, 2678400000, { rolling: true, changed: true });
 */
export type StoredSession = Record<string, unknown>;

/**
 * koa-session's external store interface, typed without `any`. `maxAge` is in milliseconds
 * (koa-session passes `'session'` for browser-session cookies).
 *
 * @example
 * const memory = new Map<string, StoredSession>();
 * const store: SessionStore = {
 *   async get(key) { return memory.get(key); },
 *   async set(key, sess) { memory.set(key, sess); },
 *   async destroy(key) { memory.delete(key); },
 * };
 */
export interface SessionStore {
  get(key: string, maxAge: number | 'session' | undefined, options: { rolling: boolean; ctx?: unknown }): Promise<unknown>;
  set(key: string, sess: StoredSession, maxAge: number | 'session' | undefined, options: { rolling: boolean; changed: boolean; ctx?: unknown }): Promise<void>;
  destroy(key: string, options: { ctx?: unknown }): Promise<void>;
  /**
   * Optional: extend a session's TTL without rewriting it (used to refresh an unmodified
   * permanent session). Stores without it get `set` with the loaded data, as koa-session does.
   */
  touch?(key: string, maxAge: number, options: { ctx?: unknown }): Promise<void>;
}

/** koa-session's own (zod-inferred) store type; `SessionStore` values must fit it. */
export type KoaSessionStore = NonNullable<KoaSessionOptions['store']>;

// Compile-time proof that our stores plug into koa-session unchanged.
export const _storeFitsKoaSession: (store: SessionStore) => KoaSessionStore = (store) => store;
