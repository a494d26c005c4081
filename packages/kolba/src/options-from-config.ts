/**
 * Flask config keys → the options of each @kolba package. The packages name their options after
 * Flask's keys in camelCase (`SESSION_COOKIE_NAME` → `sessionCookieName`), so this is a table,
 * not a translation layer.
 */
import type { BodiesOptions } from '@kolba/request';
import type { SessionOptions } from '@kolba/session';

type ConfigLike = Readonly<Record<string, unknown>>;

/** `null`/`undefined` → `undefined`, so a package applies its own (Flask's) default. */
function opt<T>(value: unknown): T | undefined {
  return value === null || value === undefined ? undefined : (value as T);
}

/**
 * Flask's truthiness of a `FLASK_DEBUG`-style variable: set and not `''`, `0`, `false`, `no`.
 *
 * @example
 * envFlag(process.env.KOLBA_DEBUG); // true for '1', 'yes', 'true'
 */
export function envFlag(value: string | undefined): boolean {
  return value !== undefined && !['', '0', 'false', 'no'].includes(value.trim().toLowerCase());
}

/**
 * `session()` options from the config: `SECRET_KEY`, `SECRET_KEY_FALLBACKS`, every
 * `SESSION_COOKIE_*`, `PERMANENT_SESSION_LIFETIME`, `SESSION_REFRESH_EACH_REQUEST`,
 * `APPLICATION_ROOT`, `MAX_COOKIE_SIZE`.
 *
 * @example
 * app.use(session(sessionOptions(app.config)));
 */
export function sessionOptions(config: ConfigLike): SessionOptions {
  return {
    secretKey: opt(config.SECRET_KEY) ?? null,
    secretKeyFallbacks: opt(config.SECRET_KEY_FALLBACKS) ?? null,
    sessionCookieName: opt(config.SESSION_COOKIE_NAME),
    sessionCookieDomain: opt(config.SESSION_COOKIE_DOMAIN) ?? null,
    sessionCookiePath: opt(config.SESSION_COOKIE_PATH) ?? null,
    applicationRoot: opt(config.APPLICATION_ROOT),
    sessionCookieHttponly: opt(config.SESSION_COOKIE_HTTPONLY),
    sessionCookieSecure: opt(config.SESSION_COOKIE_SECURE),
    sessionCookieSamesite: opt(config.SESSION_COOKIE_SAMESITE) ?? null,
    sessionCookiePartitioned: opt(config.SESSION_COOKIE_PARTITIONED),
    permanentSessionLifetime: opt(config.PERMANENT_SESSION_LIFETIME),
    sessionRefreshEachRequest: opt(config.SESSION_REFRESH_EACH_REQUEST),
    maxCookieSize: opt(config.MAX_COOKIE_SIZE),
    store: opt(config.SESSION_STORE) ?? null,
  };
}

/**
 * `bodies()` options from the config: `MAX_CONTENT_LENGTH`, `MAX_FORM_MEMORY_SIZE`,
 * `MAX_FORM_PARTS` (`None` in Flask means no limit, and so does `null` here).
 *
 * @example
 * app.use(bodies(bodiesOptions(app.config)));
 */
export function bodiesOptions(config: ConfigLike): BodiesOptions {
  return {
    maxContentLength: (config.MAX_CONTENT_LENGTH ?? null) as number | null,
    maxFormMemorySize: (config.MAX_FORM_MEMORY_SIZE ?? null) as number | null,
    maxFormParts: (config.MAX_FORM_PARTS ?? null) as number | null,
  };
}

/**
 * Whether unhandled errors propagate instead of becoming a 500 page: `PROPAGATE_EXCEPTIONS`,
 * else `TESTING` (Flask also propagates in `DEBUG`, to reach Werkzeug's debugger; kolba shows
 * its debug page there instead).
 *
 * @example
 * errorHandlers({}, { propagateExceptions: propagateExceptions(app.config) });
 */
export function propagateExceptions(config: ConfigLike): boolean {
  const explicit = config.PROPAGATE_EXCEPTIONS;
  return explicit === null || explicit === undefined ? Boolean(config.TESTING) : Boolean(explicit);
}
