/**
 * `g`: Flask's `_AppCtxGlobals`, a plain attribute namespace that lives for one request.
 *
 * Attribute style only (`ctx.g.user = x`): Flask's `g` has no subscript (`g["user"]` is a
 * TypeError in Flask), so there is no `g.set(name)`/index API here either. The dict-like helpers
 * Flask offers (`get`, `pop`, `setdefault`, `in`, `iter`) are methods on the prototype, so
 * `Object.keys(g)`, spreading and JSON see only what the application stored.
 */

/**
 * Augment this interface to type the attributes your application keeps on `g`.
 *
 * @example
 * declare module '@kolba/context' {
 *   interface AppGlobals { user?: { id: number; name: string }; db?: Db }
 * }
 * ctx.g.user = await loadUser(ctx.session.user_id); // typed
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type
export interface AppGlobals {}

type Known = keyof AppGlobals;

/** Thrown by `g.pop(name)` without a default when `name` is absent (Python's `KeyError`). */
function keyError(name: string): Error {
  const err = new Error(`'${name}'`);
  err.name = 'KeyError';
  return err;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The per-request namespace behind `ctx.g` and the context-local `g`.
 *
 * Reading an attribute that was never set gives `undefined` (Flask raises `AttributeError`):
 * templates and `if (ctx.g.user)` checks rely on that, as Jinja's `{% if g.user %}` does.
 *
 * @example
 * ctx.g.user = { id: 1 };
 * ctx.g.get('user');                     // { id: 1 }
 * ctx.g.setdefault('visits', 0);         // 0
 * ctx.g.has('user');                     // true  (Flask: 'user' in g)
 * [...ctx.g];                            // ['user', 'visits']
 * ctx.g.pop('user');                     // { id: 1 }
 */
export class Globals {
  /**
   * The attribute's value, or `defaultValue` (`undefined` unless given) when it is not set.
   * Flask: `g.get(name, default=None)`.
   *
   * @example
   * const db = ctx.g.get('db') ?? (ctx.g.db = await connect());
   */
  get<K extends Known>(name: K): AppGlobals[K] | undefined;
  get<K extends Known, D>(name: K, defaultValue: D): AppGlobals[K] | D;
  get(name: string, defaultValue?: unknown): unknown;
  get(name: string, defaultValue?: unknown): unknown {
    return hasOwn.call(this, name) ? (this as Record<string, unknown>)[name] : defaultValue;
  }

  /**
   * Removes the attribute and returns its value. Without a default, a missing attribute throws
   * an error named `KeyError`, as `g.pop(name)` does in Flask; with one, the default is returned.
   *
   * @example
   * const db = ctx.g.pop('db', undefined);
   * await db?.close();
   */
  pop<K extends Known>(name: K): AppGlobals[K];
  pop<K extends Known, D>(name: K, defaultValue: D): AppGlobals[K] | D;
  pop(name: string, defaultValue?: unknown): unknown;
  pop(name: string, ...rest: [defaultValue?: unknown]): unknown {
    if (!hasOwn.call(this, name)) {
      if (rest.length === 0) throw keyError(name);
      return rest[0];
    }
    const self = this as Record<string, unknown>;
    const value = self[name];
    delete self[name];
    return value;
  }

  /**
   * Returns the attribute if present; otherwise stores `value` (default `undefined`, Flask's
   * `None`) and returns it. Flask: `g.setdefault(name, default=None)`.
   *
   * @example
   * const seen = ctx.g.setdefault('seen', new Set<string>());
   */
  setdefault<K extends Known>(name: K, value: AppGlobals[K]): AppGlobals[K];
  setdefault<T>(name: string, value: T): T;
  setdefault(name: string): unknown;
  setdefault(name: string, value?: unknown): unknown {
    const self = this as Record<string, unknown>;
    if (!hasOwn.call(this, name)) self[name] = value;
    return self[name];
  }

  /**
   * True when the attribute has been set in this request (Flask: `name in g`). Unlike the `in`
   * operator it ignores the namespace's own methods.
   *
   * @example
   * if (!ctx.g.has('user')) ctx.g.user = anonymous;
   */
  has(name: string): boolean {
    return hasOwn.call(this, name);
  }

  /**
   * Iterates attribute names in insertion order (Flask: `iter(g)`).
   *
   * @example
   * for (const name of ctx.g) console.log(name);
   */
  *[Symbol.iterator](): IterableIterator<string> {
    yield* Object.keys(this);
  }
}

// The helpers are read-only so that `g.get = …` fails loudly instead of silently shadowing the
// method every later `g.get(...)` call depends on (in Flask the assignment would shadow it).
for (const key of ['get', 'pop', 'setdefault', 'has', Symbol.iterator] as const) {
  Object.defineProperty(Globals.prototype, key, { writable: false, enumerable: false, configurable: false });
}

// `__proto__` is an ordinary attribute name on `g`, as it is on Flask's `g` (where it means
// nothing special). Without this accessor, `g.setdefault(name, …)` or `g[name] = …` with a
// name that comes from data would replace the namespace's prototype and take every helper
// with it for the rest of the request.
Object.defineProperty(Globals.prototype, '__proto__', {
  get(this: object): unknown {
    const own = Object.getOwnPropertyDescriptor(this, '__proto__');
    return own === undefined ? undefined : own.value;
  },
  set(this: object, value: unknown) {
    Object.defineProperty(this, '__proto__', { value, writable: true, enumerable: true, configurable: true });
  },
  enumerable: false,
  configurable: false,
});

/**
 * The type of `ctx.g` and of the context-local `g`: the helpers, the attributes declared on
 * {@link AppGlobals}, and any other attribute as `unknown` (narrow it before use).
 *
 * @example
 * function currentUser(g: G) { return g.user; }
 */
export type G = Readonly<Globals> & AppGlobals & { [name: string]: unknown };

/**
 * A fresh, empty namespace. `context()` creates one per request; use this for work that runs
 * outside any request but wants the same helpers (a CLI command, a job).
 *
 * @example
 * const g = createGlobals();
 * g.started = Date.now();
 */
export function createGlobals(): G {
  return new Globals() as G;
}
