/**
 * `session()`: Flask's session lifecycle on Koa — open (lazily for cookies), expose as
 * `ctx.session`, and save exactly when Flask's `SecureCookieSessionInterface.save_session` would.
 */
import { randomBytes } from 'node:crypto';
import { debuglog } from 'node:util';
import type { Context, Middleware } from 'koa';
import { BadData, Signer, flaskSessionSerializer, type URLSafeTimedSerializer } from '@kolba/signing';
import { SessionUnavailable } from './errors.js';
import type { SessionStore } from './koa-session.js';
import { resolveOptions, type ResolvedOptions, type SessionOptions } from './options.js';
import { createSession, type Session, type SessionState } from './session-object.js';
import { formatCookie, readCookie } from './set-cookie.js';

declare module 'koa' {
  interface ExtendableContext {
    /** Flask's `session` for this request (set by `session()` from @kolba/session). */
    session: Session;
  }
}

const debug = debuglog('kolba:session');
const SLOT = Symbol('kolba.session');
const EPOCH = new Date(0);

interface Slot {
  session: Session;
  state: SessionState;
}
type SlotContext = Context & { [SLOT]?: Slot };

const installed = new WeakSet<object>();

// One accessor on the app's context prototype instead of a defineProperty per request.
function install(ctx: Context): void {
  const proto = ctx.app.context;
  if (installed.has(proto)) return;
  installed.add(proto);
  Object.defineProperty(proto, 'session', {
    configurable: true,
    get(this: SlotContext) {
      return this[SLOT]?.session;
    },
    set(this: SlotContext, value: unknown) {
      const session = this[SLOT]?.session;
      if (!session) throw new TypeError('ctx.session is only available inside the session() middleware');
      // koa-session idioms: `ctx.session = null` empties it, an object replaces the data.
      if (value === null || value === undefined) session.clear();
      else if (typeof value === 'object') {
        session.clear();
        session.update(value as Record<string, unknown>);
      } else throw new TypeError('ctx.session can only be set to null or an object');
    },
  });
}

const emptyData = (): Record<string, unknown> => Object.create(null) as Record<string, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === null || proto === Object.prototype;
}

// Store data might come from any koa-session store: copy own keys into a null-prototype object
// so a stored `__proto__` key stays data.
function toData(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) return emptyData();
  if (Object.getPrototypeOf(value) === null) return value;
  const out = emptyData();
  for (const key of Object.keys(value)) out[key] = value[key];
  return out;
}

function isEmpty(data: Record<string, unknown>): boolean {
  for (const _ in data) return false;
  return true;
}

/** Everything one request needs to commit; shared by both modes. */
class Committer {
  readonly #o: ResolvedOptions;
  readonly #serializer: URLSafeTimedSerializer | null;
  readonly #idSigner: Signer | null;
  readonly #warned = new Set<string>();

  constructor(o: ResolvedOptions) {
    this.#o = o;
    const keys = o.secretKey ? [...o.fallbacks, o.secretKey] : null;
    this.#serializer = o.secretKey
      ? flaskSessionSerializer(o.secretKey, { fallbacks: o.fallbacks, now: () => o.now() / 1000, maxDecompressedSize: o.maxDecompressedSize })
      : null;
    // Store mode: the cookie carries only the session id, signed like Flask-Session does
    // (itsdangerous Signer, hmac derivation), so ids cannot be guessed or forged.
    this.#idSigner = keys && o.store ? new Signer(keys, { salt: 'kolba-session-id', keyDerivation: 'hmac' }) : null;
  }

  get writable(): boolean {
    return this.#serializer !== null;
  }

  /** Flask's open_session: any failure (tampered, expired, foreign, hostile) is an empty session. */
  decode(raw: string | undefined): Record<string, unknown> {
    if (!raw || !this.#serializer) return emptyData();
    try {
      return toData(this.#serializer.loads(raw, { maxAge: this.#o.lifetimeSeconds }));
    } catch (err) {
      // Flask catches BadSignature only; a correctly signed but undecodable payload (BadPayload)
      // would be a 500 there. An empty session is the safer answer to any bad cookie.
      // Anything else (a RangeError from absurd nesting, say) is equally the client's doing.
      debug('invalid session cookie (%s): %s', err instanceof BadData ? err.name : 'error', err instanceof Error ? err.message : String(err));
      return emptyData();
    }
  }

  verifyId(raw: string | undefined): string | null {
    if (!raw || !this.#idSigner) return null;
    try {
      const id = this.#idSigner.unsign(raw);
      return /^[A-Za-z0-9_-]{43}$/.test(id) ? id : null;
    } catch {
      return null;
    }
  }

  newId(): string {
    return randomBytes(32).toString('base64url');
  }

  cookieHeader(value: string, permanent: boolean, deletion = false): string {
    const o = this.#o;
    const header = formatCookie(o.cookieName, value, {
      domain: o.domain,
      expires: deletion ? EPOCH : permanent ? new Date((Math.floor(o.now() / 1000) + o.lifetimeSeconds) * 1000) : null,
      maxAge: deletion ? 0 : null,
      secure: o.secure,
      httpOnly: o.httpOnly,
      path: o.path,
      sameSite: o.sameSite,
      partitioned: o.partitioned,
    });
    if (o.maxCookieSize && header.length > o.maxCookieSize) {
      // Werkzeug's dump_cookie warning, same wording; the cookie is still sent. Python's default
      // warning filter prints a given message once; Node would print it on every request, so a
      // session that clients can grow would flood the logs. Once per distinct text, bounded.
      const message = `The '${o.cookieName}' cookie is too large: the value was ${value.length} bytes but the header required ${header.length - value.length} extra bytes. The final size was ${header.length} bytes but the limit is ${o.maxCookieSize} bytes. Browsers may silently ignore cookies larger than this.`;
      if (!this.#warned.has(message) && this.#warned.size < 64) {
        this.#warned.add(message);
        process.emitWarning(message, { type: 'CookieSizeWarning', code: 'KOLBA_COOKIE_TOO_LARGE' });
      }
    }
    return header;
  }

  sign(data: Record<string, unknown>): string {
    return this.#serializer!.dumps(data);
  }

  signId(id: string): string {
    return this.#idSigner!.sign(id);
  }
}

function setCookie(ctx: Context, header: string): void {
  ctx.append('Set-Cookie', header);
}

async function callStore<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw err instanceof SessionUnavailable ? err : new SessionUnavailable(err);
  }
}

/**
 * Flask's session as Koa middleware: a signed cookie byte-compatible with Flask by default, or
 * a server-side session in a koa-session store (`RedisStore`) with only a signed id in the cookie.
 *
 * @example
 * import Koa from 'koa';
 * import { session } from '@kolba/session';
 * const app = new Koa();
 * app.use(session({ secretKey: process.env.SECRET_KEY, sessionCookieSamesite: 'Lax' }));
 * app.use((ctx) => {
 *   ctx.session.visits = Number(ctx.session.visits ?? 0) + 1;
 *   ctx.body = `visit ${ctx.session.visits}`;
 * });
 */
export function session(options: SessionOptions = {}): Middleware {
  const o = resolveOptions(options);
  const c = new Committer(o);
  const store = o.store;
  return store ? storeSession(o, c, store) : cookieSession(o, c);
}

function cookieSession(o: ResolvedOptions, c: Committer): Middleware {
  return async function kolbaSession(ctx, next) {
    install(ctx);
    const raw = readCookie(ctx.get('Cookie'), o.cookieName) || undefined;
    const state: SessionState = {
      data: null,
      load: () => (state.data = c.decode(raw)),
      modified: false,
      accessed: false,
      isNew: false,
      writable: c.writable,
      regenerate: async () => {
        state.modified = true; // no id to rotate: re-sign with a fresh timestamp
      },
    };
    (ctx as SlotContext)[SLOT] = { session: createSession(state), state };
    await runAndCommit(ctx, next, async () => commitCookie(ctx, o, c, state, raw));
  };
}

/**
 * Runs the rest of the app, then commits. Flask saves the session on error responses too
 * (`handle_exception` → `process_response`), so on a thrown error the commit still runs and its
 * headers ride along in `err.headers`, which Koa's error handler keeps. A failing commit never
 * masks the original error.
 */
async function runAndCommit(ctx: Context, next: () => Promise<unknown>, commit: () => Promise<void>): Promise<void> {
  try {
    await next();
  } catch (err) {
    if (!ctx.headerSent && ctx.writable) {
      try {
        await commit();
        keepHeaders(ctx, err);
      } catch (commitErr) {
        debug('session commit after error failed: %s', String(commitErr));
      }
    }
    throw err;
  }
  if (!ctx.headerSent && ctx.writable) await commit();
}

function keepHeaders(ctx: Context, err: unknown): void {
  if (err === null || typeof err !== 'object' || !Object.isExtensible(err)) return;
  const setCookie = ctx.response.get('Set-Cookie') as string | string[];
  const vary = ctx.response.get('Vary') as string;
  if (!setCookie.length && !vary) return;
  const e = err as { headers?: Record<string, unknown> };
  e.headers = { ...(e.headers ?? {}), ...(setCookie.length ? { 'Set-Cookie': setCookie } : {}), ...(vary ? { Vary: vary } : {}) };
}

function commitCookie(ctx: Context, o: ResolvedOptions, c: Committer, state: SessionState, raw: string | undefined): void {
  if (!c.writable) return; // NullSession is never saved
  if (state.data === null) {
    // Untouched: only a permanent session that must be refreshed needs decoding now.
    if (!raw || !o.refreshEachRequest) return;
    state.load();
  }
  const header = cookieToWrite(o, c, state.data!, state.modified, (data) => c.sign(data));
  if (header) setCookie(ctx, header);
  // Flask adds `Vary: Cookie` when the session was accessed and whenever it sets or deletes
  // the cookie (merged into an existing Vary, never duplicated).
  if (header || state.accessed) ctx.vary('Cookie');
}

/** Flask's save_session decision: the Set-Cookie header to send, or null for none. */
function cookieToWrite(o: ResolvedOptions, c: Committer, data: Record<string, unknown>, modified: boolean, value: (data: Record<string, unknown>) => string): string | null {
  if (isEmpty(data)) return modified ? c.cookieHeader('', false, true) : null;
  const permanent = Boolean(data._permanent);
  if (!modified && !(permanent && o.refreshEachRequest)) return null;
  return c.cookieHeader(value(data), permanent);
}

function storeSession(o: ResolvedOptions, c: Committer, store: SessionStore): Middleware {
  const lifetimeMs = o.lifetimeSeconds * 1000;
  return async function kolbaSession(ctx, next) {
    install(ctx);
    const raw = readCookie(ctx.get('Cookie'), o.cookieName) || undefined;
    let id = c.verifyId(raw);
    let data: Record<string, unknown> | null = emptyData();
    // The read happens here (ctx.session is synchronous, like Flask's, so it cannot wait for
    // Redis on first use), but its failure is deferred to the first use: a request that never
    // touches the session is not failed by a Redis outage; one that does gets the 503 there.
    let failure: SessionUnavailable | null = null;
    if (id) {
      try {
        const stored = await callStore(() => store.get(id!, lifetimeMs, { rolling: o.refreshEachRequest, ctx }));
        if (isRecord(stored)) data = toData(stored);
        else id = null; // expired, unknown or unreadable id: start afresh with a new id (no fixation)
      } catch (err) {
        failure = err as SessionUnavailable;
        data = null;
      }
    }
    const state: SessionState = {
      data,
      load: () => {
        throw failure!; // only reached when the read failed (data stays null)
      },
      modified: false,
      accessed: false,
      isNew: id === null,
      writable: c.writable,
      regenerate: async () => {
        const old = id;
        id = c.newId();
        state.modified = true;
        if (old) await callStore(() => store.destroy(old, { ctx }));
      },
    };
    (ctx as SlotContext)[SLOT] = { session: createSession(state), state };
    await runAndCommit(ctx, next, async () => {
      // Never loaded (Redis was down): nothing is known, so nothing is written or deleted.
      if (!c.writable || state.data === null) return;
      const current = state.data;
      const permanentRefresh = Boolean(current._permanent) && o.refreshEachRequest;
      if (isEmpty(current) && state.modified && id) await callStore(() => store.destroy(id!, { ctx }));
      else if (!isEmpty(current) && state.modified) {
        id ??= c.newId();
        await callStore(() => store.set(id!, current, lifetimeMs, { rolling: o.refreshEachRequest, changed: true, ctx }));
      } else if (!isEmpty(current) && permanentRefresh && id) {
        // Refresh of an unmodified session: extend the TTL only. Writing this request's copy
        // back would undo a concurrent request's change (last writer wins) for nothing.
        await callStore(() => (store.touch ? store.touch(id!, lifetimeMs, { ctx }) : store.set(id!, current, lifetimeMs, { rolling: true, changed: false, ctx })));
      }
      const header = cookieToWrite(o, c, current, state.modified, () => c.signId(id!));
      if (header) setCookie(ctx, header);
      if (header || state.accessed) ctx.vary('Cookie');
    });
  };
}
