/**
 * `ctx.session`: Flask's `SecureCookieSession` as a JavaScript object. Plain property access
 * reads and writes the data (`ctx.session.user = 1`, `delete ctx.session.user`), methods mirror
 * the dict API, and the flags follow Flask: any write sets `modified`, any access sets `accessed`
 * (Flask 3.1.3, GHSA-68rp-wp8r-4726: `in`, `len` and iteration count as access).
 */
import { inspect } from 'node:util';

/**
 * The typed shape of your session data. Augment it to type `ctx.session.<key>`:
 *
 * @example
 * declare module '@kolba/session' {
 *   interface SessionData { user_id: number; cart: string[] }
 * }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface SessionData {}

/**
 * Flask's message when a session is written without a secret key (two spaces after "set.").
 *
 * @example
 * try { ctx.session.user = 'alice'; } catch (err) { (err as Error).message === NO_SECRET_KEY_MESSAGE; } // true
 */
export const NO_SECRET_KEY_MESSAGE =
  'The session is unavailable because no secret key was set.  Set the secret_key on the application to something unique and secret.';

type Key = keyof SessionData & string;

/**
 * The dict-like methods and Flask flags of `ctx.session`.
 *
 * @example
 * ctx.session.setdefault('cart', []);
 * const next = ctx.session.pop('next_url', '/');
 * ctx.session.permanent = true;
 */
export interface SessionMethods {
  /** The value for `key`, or `defaultValue` (undefined) when absent. */
  get<K extends Key>(key: K): SessionData[K] | undefined;
  get<K extends Key>(key: K, defaultValue: SessionData[K]): SessionData[K];
  get(key: string, defaultValue?: unknown): unknown;
  /** Sets `key` (Flask `session[key] = value`); marks the session modified. */
  set<K extends Key>(key: K, value: SessionData[K]): this;
  set<K extends string>(key: K & (K extends Key ? never : unknown), value: unknown): this;
  /** Removes and returns `key` (modified only if it was present); `defaultValue` when absent. */
  pop<K extends Key>(key: K, defaultValue?: SessionData[K]): SessionData[K] | undefined;
  pop(key: string, defaultValue?: unknown): unknown;
  /** Removes `key`; true if it was present (then the session is modified). */
  delete(key: string): boolean;
  /** Empties the session; always marks it modified (an emptied session deletes the cookie). */
  clear(): void;
  /** Returns `key`, storing `defaultValue` (default null) first if absent (modified only then). */
  setdefault<K extends Key>(key: K, defaultValue: SessionData[K]): SessionData[K];
  setdefault(key: string, defaultValue?: unknown): unknown;
  /** True if `key` is in the session (`key in session`). */
  has(key: string): boolean;
  /** Sets several keys at once (`session.update(...)`); marks modified. */
  update(values: Partial<SessionData> & Record<string, unknown>): void;
  keys(): string[];
  values(): unknown[];
  entries(): [string, unknown][];
  /** A plain copy of the data. */
  toJSON(): Record<string, unknown>;
  /** `<SecureCookieSession {"a":1}>` (Flask's repr, with JSON inside), so templates and logs can print it. */
  toString(): string;
  /**
   * Store mode: a new session id with the same data, the old id deleted (against session
   * fixation; call it after login). Cookie mode: re-signs the cookie (there is no id to rotate).
   */
  regenerate(): Promise<void>;
  [Symbol.iterator](): IterableIterator<[string, unknown]>;
  /** Stored as `_permanent` in the data, exactly like Flask; permanent cookies get Expires. */
  permanent: boolean;
  /** Set by every write; set it yourself after mutating nested objects. */
  modified: boolean;
  /** Set by any read or write of the session (adds `Vary: Cookie`). */
  accessed: boolean;
  /** True when no existing session was loaded (always false for cookie sessions, as in Flask). */
  readonly new: boolean;
}

/**
 * `ctx.session`: the methods above plus your data as properties.
 *
 * @example
 * function currentUser(session: Session): number | undefined {
 *   return session.get('user_id') as number | undefined;
 * }
 */
export type Session = SessionMethods & Partial<SessionData> & { [key: string]: unknown };

/** Per-request state behind one `ctx.session` proxy. */
export interface SessionState {
  /** Loaded data (null-prototype object); null until first needed. */
  data: Record<string, unknown> | null;
  load(): Record<string, unknown>;
  modified: boolean;
  accessed: boolean;
  isNew: boolean;
  /** False for Flask's NullSession (no secret key): every write throws. */
  writable: boolean;
  regenerate(): Promise<void>;
}

const STATE = Symbol('kolba.session.state');
const FLAGS = new Set(['permanent', 'modified', 'accessed']);
const METHOD_NAMES = new Set(['get', 'set', 'pop', 'delete', 'clear', 'setdefault', 'has', 'update', 'keys', 'values', 'entries', 'toJSON', 'toString', 'regenerate', 'permanent', 'modified', 'accessed', 'new', 'then']);

function touch(state: SessionState): Record<string, unknown> {
  state.accessed = true;
  return state.data ?? state.load();
}

function writable(state: SessionState): Record<string, unknown> {
  const data = touch(state);
  if (!state.writable) throw new Error(NO_SECRET_KEY_MESSAGE);
  return data;
}

const has = (data: Record<string, unknown>, key: string): boolean => Object.prototype.hasOwnProperty.call(data, key);

/** Methods live on a prototype; `this[STATE]` resolves through the proxy's get trap. */
class SessionCore {
  declare [STATE]: SessionState;

  get(key: string, defaultValue?: unknown): unknown {
    const data = touch(this[STATE]);
    return has(data, key) ? data[key] : defaultValue;
  }
  set(key: string, value: unknown): this {
    const state = this[STATE];
    writable(state)[key] = value;
    state.modified = true;
    return this;
  }
  pop(key: string, defaultValue?: unknown): unknown {
    const state = this[STATE];
    const data = writable(state);
    if (!has(data, key)) return defaultValue;
    const value = data[key];
    delete data[key];
    state.modified = true;
    return value;
  }
  delete(key: string): boolean {
    const state = this[STATE];
    const data = writable(state);
    if (!has(data, key)) return false;
    delete data[key];
    state.modified = true;
    return true;
  }
  clear(): void {
    const state = this[STATE];
    writable(state);
    state.data = Object.create(null) as Record<string, unknown>;
    state.modified = true;
  }
  setdefault(key: string, defaultValue: unknown = null): unknown {
    const state = this[STATE];
    const data = writable(state);
    if (has(data, key)) return data[key];
    data[key] = defaultValue;
    state.modified = true;
    return defaultValue;
  }
  has(key: string): boolean {
    return has(touch(this[STATE]), key);
  }
  update(values: Record<string, unknown>): void {
    const state = this[STATE];
    const data = writable(state);
    for (const key of Object.keys(values)) data[key] = values[key];
    state.modified = true;
  }
  keys(): string[] {
    return Object.keys(touch(this[STATE]));
  }
  values(): unknown[] {
    return Object.values(touch(this[STATE]));
  }
  entries(): [string, unknown][] {
    return Object.entries(touch(this[STATE]));
  }
  toJSON(): Record<string, unknown> {
    return { ...touch(this[STATE]) };
  }
  // Without it `String(session)`, `'' + session` and a template's `{{ session }}` throw "Cannot
  // convert object to primitive value" (the proxy answers data lookups, and there is no
  // `toString` key). Flask prints the repr, `<SecureCookieSession {...}>`; this is its JSON twin.
  toString(): string {
    try {
      return `<SecureCookieSession ${JSON.stringify(touch(this[STATE]), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}>`;
    } catch {
      return '<SecureCookieSession>';
    }
  }
  regenerate(): Promise<void> {
    const state = this[STATE];
    writable(state);
    return state.regenerate();
  }
  *[Symbol.iterator](): IterableIterator<[string, unknown]> {
    yield* Object.entries(touch(this[STATE]));
  }
  get permanent(): boolean {
    return Boolean(touch(this[STATE])._permanent);
  }
  set permanent(value: boolean) {
    const state = this[STATE];
    writable(state)._permanent = Boolean(value);
    state.modified = true;
  }
  get modified(): boolean {
    return this[STATE].modified;
  }
  set modified(value: boolean) {
    this[STATE].modified = Boolean(value);
  }
  get accessed(): boolean {
    return this[STATE].accessed;
  }
  set accessed(value: boolean) {
    this[STATE].accessed = Boolean(value);
  }
  get new(): boolean {
    return this[STATE].isNew;
  }
  get then(): undefined {
    return undefined; // not a thenable, whatever the data holds
  }
  [inspect.custom](): string {
    const state = this[STATE];
    return `Session ${inspect(state.data ?? {})}`;
  }
}

const handler: ProxyHandler<SessionCore> = {
  get(target, prop) {
    if (prop === STATE) return target[STATE];
    if (typeof prop === 'symbol' || METHOD_NAMES.has(prop)) return Reflect.get(target, prop);
    const data = touch(target[STATE]);
    return has(data, prop) ? data[prop] : undefined;
  },
  set(target, prop, value) {
    if (typeof prop === 'symbol') return false;
    if (FLAGS.has(prop)) return Reflect.set(target, prop, value);
    if (METHOD_NAMES.has(prop)) {
      throw new TypeError(`"${prop}" is a session method; store data under that name with session.set(${JSON.stringify(prop)}, value)`);
    }
    const state = target[STATE];
    writable(state)[prop] = value;
    state.modified = true;
    return true;
  },
  deleteProperty(target, prop) {
    if (typeof prop === 'symbol' || METHOD_NAMES.has(prop)) return false;
    SessionCore.prototype.delete.call(target, prop);
    return true;
  },
  has(target, prop) {
    if (typeof prop === 'symbol') return false;
    return has(touch(target[STATE]), prop);
  },
  ownKeys(target) {
    return Object.keys(touch(target[STATE]));
  },
  getOwnPropertyDescriptor(target, prop) {
    if (typeof prop === 'symbol') return undefined;
    const data = touch(target[STATE]);
    if (!has(data, prop)) return undefined;
    return { value: data[prop], writable: true, enumerable: true, configurable: true };
  },
  defineProperty(target, prop, descriptor) {
    if (!('value' in descriptor)) return false;
    return handler.set!(target, prop, descriptor.value, target);
  },
};

/**
 * Wraps per-request state as `ctx.session`.
 *
 * @example
 * const session = createSession({ data: null, load: () => Object.create(null), modified: false,
 *   accessed: false, isNew: true, writable: true, regenerate: async () => {} });
 * session.user = 'alice'; // session.modified === true
 */
export function createSession(state: SessionState): Session {
  const core = new SessionCore();
  core[STATE] = state;
  return new Proxy(core, handler) as unknown as Session;
}

/**
 * The state behind a session proxy (for the middleware and tests).
 *
 * @example
 * sessionState(ctx.session).modified;
 */
export function sessionState(session: Session): SessionState {
  return (session as unknown as SessionCore)[STATE];
}
