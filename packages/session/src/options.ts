/**
 * Options of `session()`, named after Flask's config keys (camelCase), with Flask's defaults.
 */
import type { SecretKey } from '@kolba/signing';
import type { SessionStore } from './koa-session.js';
import { assertCookieName, normalizeCookieDomain, quoteCookiePath } from './set-cookie.js';

/**
 * A duration in seconds, or a `{ days, hours, minutes, seconds }` object like Python's timedelta.
 *
 * @example
 * session({ secretKey, permanentSessionLifetime: { days: 7 } }); // same as 604800
 */
export type Lifetime = number | { days?: number; hours?: number; minutes?: number; seconds?: number };

/**
 * Options of `session()`. Every option is optional; the defaults are Flask's.
 *
 * @example
 * const options: SessionOptions = {
 *   secretKey: process.env.SECRET_KEY,               // SECRET_KEY
 *   secretKeyFallbacks: [process.env.OLD_KEY!],      // SECRET_KEY_FALLBACKS
 *   sessionCookieSecure: true,                       // SESSION_COOKIE_SECURE
 *   sessionCookieSamesite: 'Lax',                    // SESSION_COOKIE_SAMESITE
 *   permanentSessionLifetime: { days: 7 },           // PERMANENT_SESSION_LIFETIME
 * };
 * app.use(session(options));
 */
export interface SessionOptions {
  /** ← `SECRET_KEY`, default none. Without it the session is read-only and empty (Flask's NullSession). */
  secretKey?: SecretKey | null;
  /** ← `SECRET_KEY_FALLBACKS`, default none. Old keys still accepted, oldest first (Flask ≥ 3.1). */
  secretKeyFallbacks?: readonly SecretKey[] | null;
  /** ← `SESSION_COOKIE_NAME`, default `"session"`. */
  sessionCookieName?: string;
  /** Short alias of `sessionCookieName`. */
  cookieName?: string;
  /** ← `SESSION_COOKIE_DOMAIN`, default none (host-only cookie, Flask ≥ 2.3). */
  sessionCookieDomain?: string | null;
  /** ← `SESSION_COOKIE_PATH`, default none, which means `applicationRoot`. */
  sessionCookiePath?: string | null;
  /** ← `APPLICATION_ROOT`, default `"/"`: the cookie path when `sessionCookiePath` is unset. */
  applicationRoot?: string;
  /** ← `SESSION_COOKIE_HTTPONLY`, default `true`. */
  sessionCookieHttponly?: boolean;
  /** ← `SESSION_COOKIE_SECURE`, default `false`. */
  sessionCookieSecure?: boolean;
  /** ← `SESSION_COOKIE_SAMESITE`, default none (no attribute). Case-insensitive `Strict`/`Lax`/`None`. */
  sessionCookieSamesite?: string | null;
  /** ← `SESSION_COOKIE_PARTITIONED`, default `false` (implies Secure; Flask ≥ 3.1). */
  sessionCookiePartitioned?: boolean;
  /** ← `PERMANENT_SESSION_LIFETIME`, default 31 days (2678400 s): Expires of permanent cookies and max signature age of all. */
  permanentSessionLifetime?: Lifetime;
  /** ← `SESSION_REFRESH_EACH_REQUEST`, default `true`: re-send a permanent session cookie on every request. */
  sessionRefreshEachRequest?: boolean;
  /** ← `MAX_COOKIE_SIZE`, default `4093`: warn (process warning) when the Set-Cookie header is larger; `0` disables. */
  maxCookieSize?: number;
  /** Server-side sessions: a koa-session store (`get`/`set`/`destroy`), e.g. `new RedisStore(...)`. The cookie then holds only a signed session id. */
  store?: SessionStore | null;
  /** Largest decompressed cookie payload accepted, in bytes (default 1 MiB); beyond it the session is empty. */
  maxDecompressedSize?: number;
  /** Clock in milliseconds (default `Date.now`); for tests and frozen-clock comparisons with Flask. */
  now?: () => number;
}

/** The resolved, validated configuration. */
export interface ResolvedOptions {
  secretKey: SecretKey | null;
  fallbacks: readonly SecretKey[];
  cookieName: string;
  domain: string | null;
  path: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'Strict' | 'Lax' | 'None' | null;
  partitioned: boolean;
  lifetimeSeconds: number;
  refreshEachRequest: boolean;
  maxCookieSize: number;
  store: SessionStore | null;
  maxDecompressedSize: number;
  now: () => number;
}

// 100 years: far beyond any browser's cap (Chrome keeps cookies at most 400 days), and far from
// Python's datetime limit (9999-12-31) that would make Flask raise while saving.
const MAX_LIFETIME_SECONDS = 100 * 365 * 86400;

/**
 * Seconds of a Lifetime (Flask accepts an int of seconds or a timedelta).
 *
 * @example
 * lifetimeSeconds({ days: 31 }); // 2678400
 */
export function lifetimeSeconds(value: Lifetime): number {
  const s = typeof value === 'number' ? value : (value.days ?? 0) * 86400 + (value.hours ?? 0) * 3600 + (value.minutes ?? 0) * 60 + (value.seconds ?? 0);
  if (!Number.isFinite(s) || s < 0) throw new RangeError(`permanentSessionLifetime must be a non-negative number of seconds, got ${String(s)}`);
  // Flask computes Expires as a datetime: past year 9999 it raises OverflowError on every save.
  // Refuse it here instead of writing an unparseable `Expires=… 33715 GMT` (or "Invalid Date").
  if (s > MAX_LIFETIME_SECONDS) throw new RangeError(`permanentSessionLifetime must be at most ${MAX_LIFETIME_SECONDS} seconds (about 100 years), got ${String(s)}`);
  // Flask: int(PERMANENT_SESSION_LIFETIME.total_seconds()).
  return Math.floor(s);
}

/**
 * Flask title-cases SameSite and accepts only Strict/Lax/None (it raises "SameSite must be
 * 'Strict', 'Lax', or 'None'." while saving; kolba raises at configuration time).
 *
 * @example
 * normalizeSameSite('lax'); // "Lax"
 */
export function normalizeSameSite(value: string | null | undefined): 'Strict' | 'Lax' | 'None' | null {
  if (value == null || value === '') return null;
  const title = value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
  if (title !== 'Strict' && title !== 'Lax' && title !== 'None') throw new TypeError("SameSite must be 'Strict', 'Lax', or 'None'.");
  return title;
}

/**
 * Applies Flask's defaults and validates everything that could inject into a header.
 *
 * @example
 * resolveOptions({ secretKey: 'dev' }).cookieName; // "session"
 */
export function resolveOptions(options: SessionOptions): ResolvedOptions {
  const cookieName = options.sessionCookieName ?? options.cookieName ?? 'session';
  assertCookieName(cookieName);
  if (options.secretKey != null && typeof options.secretKey !== 'string' && !(options.secretKey instanceof Uint8Array)) {
    // Otherwise every cookie would read as empty and every write fail: everyone logged out.
    throw new TypeError(`secretKey must be a string or a byte array, got ${typeof options.secretKey}`);
  }
  const secretKey = options.secretKey == null || options.secretKey.length === 0 ? null : options.secretKey;
  const fallbacks = options.secretKeyFallbacks ?? [];
  // Flask accepts any fallback, but an empty one (an unset environment variable, typically)
  // would make cookies signed with the empty key valid: anyone could forge a session.
  for (const key of fallbacks) {
    if (!(typeof key === 'string' || key instanceof Uint8Array) || key.length === 0) {
      throw new TypeError('secretKeyFallbacks must contain only non-empty strings or byte arrays (an empty key would let anyone forge sessions)');
    }
  }
  const store = options.store ?? null;
  if (store && (typeof store.get !== 'function' || typeof store.set !== 'function' || typeof store.destroy !== 'function')) {
    throw new TypeError('store must implement get, set and destroy (the koa-session store interface)');
  }
  const maxCookieSize = options.maxCookieSize ?? 4093;
  if (!Number.isInteger(maxCookieSize) || maxCookieSize < 0) throw new RangeError('maxCookieSize must be a non-negative integer');
  return {
    secretKey,
    fallbacks,
    cookieName,
    domain: options.sessionCookieDomain ? normalizeCookieDomain(options.sessionCookieDomain) : null,
    path: quoteCookiePath(options.sessionCookiePath ?? options.applicationRoot ?? '/'),
    httpOnly: options.sessionCookieHttponly ?? true,
    secure: options.sessionCookieSecure ?? false,
    sameSite: normalizeSameSite(options.sessionCookieSamesite),
    partitioned: options.sessionCookiePartitioned ?? false,
    lifetimeSeconds: lifetimeSeconds(options.permanentSessionLifetime ?? { days: 31 }),
    refreshEachRequest: options.sessionRefreshEachRequest ?? true,
    maxCookieSize,
    store,
    maxDecompressedSize: options.maxDecompressedSize ?? 1024 * 1024,
    now: options.now ?? Date.now,
  };
}
