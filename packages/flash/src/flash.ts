/**
 * `flash()` and `getFlashedMessages()`: Flask's message flashing on any `ctx.session` that can be
 * used like a plain object (@kolba/session, koa-session, a custom one).
 *
 * Storage is exactly Flask's (flask.md §3): a list of `(category, message)` tuples under the
 * session key `_flashes`, so a Flask app and a kolba app sharing the session cookie read each
 * other's messages. The tuples are made with @kolba/signing's `tuple()` so that @kolba/session
 * writes them as `{" t": [category, message]}`, the bytes Flask writes.
 */
import { tuple } from '@kolba/signing';
import { sendMessageFlashed } from './signal.js';

/**
 * Session key Flask keeps flashed messages under.
 *
 * @example
 * const pending = FLASHES_KEY in ctx.session; // messages waiting, without consuming them
 */
export const FLASHES_KEY = '_flashes';

/**
 * Key used instead when the session would silently drop `_flashes`: koa-session's
 * `Session#toJSON` skips every key that starts with `_` (it reserves them for `_expire` and
 * `_maxAge`), so Flask's key never reaches its cookie or store.
 *
 * @example
 * const pending = FLASHES_KEY in ctx.session || FALLBACK_FLASHES_KEY in ctx.session;
 */
export const FALLBACK_FLASHES_KEY = 'kolba.flashes';

/**
 * Anything with `__html__()`: Flask's `Markup` (rendered without escaping by templates).
 *
 * @example
 * const bold: HtmlSafe = { __html__: () => '<b>Saved</b>' };
 * flash(ctx, bold, 'info');
 */
export interface HtmlSafe {
  __html__(): string;
}

/**
 * A flashed message: text, or Markup that stays Markup across the round trip.
 *
 * @example
 * const messages: FlashMessage[] = getFlashedMessages(ctx);
 */
export type FlashMessage = string | HtmlSafe;

/**
 * A `(category, message)` pair, as Flask returns with `with_categories=True`.
 *
 * @example
 * for (const [category, message] of getFlashedMessages(ctx, { withCategories: true })) log(category, message);
 */
export type CategorizedMessage = readonly [category: string, message: FlashMessage];

/**
 * Options of {@link getFlashedMessages} (Flask's keyword arguments, camelCased).
 *
 * @example
 * const opts: GetFlashedMessagesOptions = { withCategories: true, categoryFilter: ['error', 'warning'] };
 */
export interface GetFlashedMessagesOptions {
  /** Return `[category, message]` pairs instead of messages (← `with_categories`, default false). */
  withCategories?: boolean;
  /**
   * Keep only messages whose category is listed (← `category_filter`, default none). A single
   * string means that one category. Messages of other categories are still removed from the
   * session, as in Flask.
   */
  categoryFilter?: string | Iterable<string>;
}

/**
 * The minimum this package needs from a Koa context: a `session` (and the `app`, as the
 * `message_flashed` sender). Any Koa ctx fits; so does a plain object in tests.
 *
 * @example
 * flash({ session: {} }, 'works without Koa too');
 */
export interface FlashContext {
  session?: unknown;
  app?: unknown;
}

type SessionLike = Record<string, unknown>;

/** Per-request cache of the messages taken out of the session (Flask: `request_ctx.flashes`). */
const flashedCache = new WeakMap<object, readonly CategorizedMessage[]>();

function sessionFor(ctx: FlashContext): SessionLike {
  const session = ctx.session;
  if (typeof session !== 'object' || session === null) {
    // Flask raises on a NullSession here; a missing session middleware is the Koa equivalent.
    throw new Error(
      'flash() needs a session: add a session middleware (@kolba/session, koa-session) before using @kolba/flash.',
    );
  }
  return session as SessionLike;
}

/**
 * Stores `message` for the next request that calls `getFlashedMessages`. Messages accumulate
 * until read. Then sends `message_flashed` to `onMessageFlashed` subscribers.
 *
 * @param category `'message'` (default), `'error'`, `'info'`, `'warning'` or any string.
 * @throws Error when the request has no session.
 * @example
 * router.post('/login', (ctx) => {
 *   flash(ctx, 'You were logged in');
 *   flash(ctx, 'Password expires soon', 'warning');
 *   ctx.redirect('/');
 * });
 */
export function flash(ctx: FlashContext, message: FlashMessage, category = 'message'): void {
  if (typeof category !== 'string') throw new TypeError('flash(ctx, message, category): category must be a string');
  const session = sessionFor(ctx);
  const key = storageKey(session);
  const current = session[key];
  const flashes: unknown[] = Array.isArray(current) ? [...current] : [];
  flashes.push(tuple(category, message));
  // Assign a new list instead of mutating the stored one: a session (or store) that hands out
  // copies, or detects changes only on assignment, must see the write. Flask's helpers.flash
  // reassigns for the same reason.
  session[key] = flashes;
  sendMessageFlashed({ app: ctx.app, ctx, message, category });
}

/**
 * `_flashes`, unless the session's own serialised form (what it persists) would lose it.
 * Checked by writing the key and asking `toJSON()`, so no session library is special-cased.
 */
function storageKey(session: SessionLike): string {
  if (FALLBACK_FLASHES_KEY in session) return FALLBACK_FLASHES_KEY;
  const toJSON = (session as { toJSON?: unknown }).toJSON;
  if (typeof toJSON !== 'function') return FLASHES_KEY;
  const hadKey = FLASHES_KEY in session;
  if (!hadKey) session[FLASHES_KEY] = [];
  let kept: boolean;
  try {
    const json: unknown = toJSON.call(session);
    kept = typeof json === 'object' && json !== null && FLASHES_KEY in json;
  } catch {
    kept = true;
  }
  if (kept) return FLASHES_KEY;
  if (!hadKey) delete session[FLASHES_KEY];
  return FALLBACK_FLASHES_KEY;
}

/** Turns whatever is stored under `_flashes` into well-formed pairs, dropping anything else. */
function normalize(raw: unknown): readonly CategorizedMessage[] {
  if (!Array.isArray(raw)) return [];
  const out: CategorizedMessage[] = [];
  for (const entry of raw) {
    // Flask would fail with a 500 on a malformed entry; a store written by other code must not
    // take the page down, so anything that is not a (category, message) pair is skipped.
    if (Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string') {
      out.push(tuple(entry[0], entry[1] as FlashMessage) as unknown as CategorizedMessage);
    }
  }
  return Object.freeze(out);
}

function takeFlashes(ctx: FlashContext): readonly CategorizedMessage[] {
  let flashes = flashedCache.get(ctx);
  if (flashes === undefined) {
    const session = ctx.session;
    flashes = Object.freeze([]);
    if (typeof session === 'object' && session !== null) {
      for (const key of [FLASHES_KEY, FALLBACK_FLASHES_KEY]) {
        if (!(key in session)) continue;
        const raw = (session as SessionLike)[key];
        // Popped on first read whatever the filter: messages of other categories go too (Flask).
        delete (session as SessionLike)[key];
        flashes = flashes.length === 0 ? normalize(raw) : Object.freeze([...flashes, ...normalize(raw)]);
      }
    }
    flashedCache.set(ctx, flashes);
  }
  return flashes;
}

function categorySet(filter: GetFlashedMessagesOptions['categoryFilter']): Set<string> | undefined {
  if (filter === undefined || filter === null) return undefined;
  const set = new Set(typeof filter === 'string' ? [filter] : filter);
  // Flask: an empty filter (`()`, the default) means no filtering.
  return set.size === 0 ? undefined : set;
}

/**
 * Takes the flashed messages out of the session and returns them in flash order. The first call
 * in a request pops them from the session; later calls in the same request return the same
 * messages (filtered per call) and never re-read the session, so a message flashed after the
 * first call waits for the next request.
 *
 * @example
 * getFlashedMessages(ctx);                                   // ['Saved', 'Oops']
 * getFlashedMessages(ctx, { withCategories: true });         // [['message', 'Saved'], ['error', 'Oops']]
 * getFlashedMessages(ctx, { categoryFilter: ['error'] });    // ['Oops']
 */
export function getFlashedMessages(
  ctx: FlashContext,
  options: GetFlashedMessagesOptions & { withCategories: true },
): CategorizedMessage[];
export function getFlashedMessages(
  ctx: FlashContext,
  options?: GetFlashedMessagesOptions & { withCategories?: false },
): FlashMessage[];
export function getFlashedMessages(
  ctx: FlashContext,
  options?: GetFlashedMessagesOptions,
): FlashMessage[] | CategorizedMessage[];
export function getFlashedMessages(
  ctx: FlashContext,
  options: GetFlashedMessagesOptions = {},
): FlashMessage[] | CategorizedMessage[] {
  const all = takeFlashes(ctx);
  const categories = categorySet(options.categoryFilter);
  const selected = categories === undefined ? [...all] : all.filter(([category]) => categories.has(category));
  return options.withCategories === true ? selected : selected.map(([, message]) => message);
}
