/**
 * @module @kolba/session
 * Flask's signed-cookie session for Koa, byte-compatible with Flask, plus Redis server-side sessions.
 */
export { session } from './middleware.js';
export { type SessionOptions, type Lifetime, lifetimeSeconds } from './options.js';
export { type Session, type SessionData, type SessionMethods, NO_SECRET_KEY_MESSAGE } from './session-object.js';
export { type SessionStore, type StoredSession } from './koa-session.js';
export { SessionUnavailable } from './errors.js';
export { RedisStore, type RedisStoreOptions } from './redis-store.js';
// `dumpCookie`'s attribute type is not re-exported: Werkzeug's cookie serialisation is moving to
// @kolba/http (the lead's change), which will own and document it.
export { dumpCookie } from './set-cookie.js';
