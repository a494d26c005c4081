/**
 * Flask's error-handler registry (`error_handler_spec` + `_find_error_handler`): handlers keyed
 * by HTTP code and exception class; lookup tries the code slot first, then the codeless slot,
 * walking the error's class chain (JS's MRO) from most to least specific.
 */
import type { Context } from 'koa';
import { DEFAULT_EXCEPTIONS } from './exceptions.js';
import { HTTPException, isHTTPException, type HTTPExceptionClass } from './http-exception.js';

/**
 * An error handler: gets the error and the context; may return a Flask-style value or set
 * `ctx.body`. (Declared through a method so a handler for a subclass fits a list of handlers.)
 *
 * @example
 * ```ts
 * const notFound: ErrorHandler<HTTPException> = (err, ctx) => `No ${ctx.path}`;
 * ```
 */
export type ErrorHandler<E extends Error = Error> = {
  handle(err: E, ctx: Context): unknown;
}['handle'];

/**
 * An exception class a handler can be registered for (`Error` itself is Flask's `Exception`).
 *
 * @example
 * ```ts
 * const key: ErrorClass = TypeError;
 * ```
 */
export type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * A registration key: an HTTP status code Werkzeug has a class for, or an Error class.
 *
 * @example
 * ```ts
 * const keys: ErrorHandlerKey[] = [404, TypeError];
 * ```
 */
export type ErrorHandlerKey = number | ErrorClass;

/**
 * Handlers as a record by code (`{ 404: fn }`) or `[code | ErrorClass, fn]` pairs (a Map works).
 *
 * @example
 * ```ts
 * const handlers: ErrorHandlerMap = [[404, () => 'nope'], [TypeError, () => makeResponse('bad', 400)]];
 * ```
 */
export type ErrorHandlerMap =
  | Readonly<Record<number, ErrorHandler<HTTPException>>>
  | Iterable<readonly [ErrorHandlerKey, ErrorHandler]>;

function classCode(cls: ErrorClass | HTTPExceptionClass): number | null {
  if (cls === HTTPException || isHTTPException(cls.prototype)) {
    return (cls as HTTPExceptionClass).code ?? null;
  }
  return null;
}

/**
 * The handler table of one scope (an app, or a blueprint in the facade).
 *
 * @example
 * ```ts
 * const registry = new ErrorHandlerRegistry();
 * registry.register(404, (err, ctx) => 'nothing here');
 * registry.register(TypeError, (err) => makeResponse('bad type', 500));
 * registry.find(new NotFound()); // the 404 handler
 * ```
 */
export class ErrorHandlerRegistry {
  readonly #spec = new Map<number | null, Map<unknown, ErrorHandler>>();

  /**
   * Registers `handler` for a code or class (Flask's `register_error_handler`). Code 404 and
   * class `NotFound` share one slot, like in Flask.
   *
   * @throws Error for codes Werkzeug has no class for; TypeError for instances and non-Error classes
   */
  register(code: number, handler: ErrorHandler<HTTPException>): this;
  register<E extends Error>(cls: abstract new (...args: never[]) => E, handler: ErrorHandler<E>): this;
  register(key: ErrorHandlerKey, handler: ErrorHandler): this;
  register(key: ErrorHandlerKey, handler: (err: never, ctx: Context) => unknown): this {
    if (typeof handler !== 'function') throw new TypeError(`The error handler for ${String(key)} must be a function`);
    let cls: ErrorClass | HTTPExceptionClass;
    if (typeof key === 'number') {
      const found = DEFAULT_EXCEPTIONS.get(key);
      if (!found) {
        throw new Error(`'${key}' is not a recognized HTTP error code. Use a subclass of HTTPException with that code instead.`);
      }
      cls = found;
    } else if (typeof key === 'function') {
      if (key !== Error && !((key as { prototype?: unknown }).prototype instanceof Error)) {
        throw new TypeError(
          `'${key.name}' is not a subclass of Error. Handlers can only be registered for Error classes or HTTP error codes.`,
        );
      }
      cls = key;
    } else {
      const name = (key as object | null)?.constructor?.name ?? String(key);
      throw new TypeError(
        `${name}() is an instance, not a class. Handlers can only be registered for Error classes or HTTP error codes.`,
      );
    }
    const code = classCode(cls);
    let slot = this.#spec.get(code);
    if (!slot) this.#spec.set(code, (slot = new Map()));
    slot.set(cls, handler as ErrorHandler);
    return this;
  }

  /** Registers every entry of a handler map. */
  registerAll(handlers: ErrorHandlerMap | undefined): this {
    if (!handlers) return this;
    if (typeof (handlers as Iterable<unknown>)[Symbol.iterator] === 'function') {
      for (const [key, handler] of handlers as Iterable<readonly [ErrorHandlerKey, ErrorHandler]>) this.register(key, handler);
    } else {
      for (const [key, handler] of Object.entries(handlers)) {
        const code = Number(key);
        if (!Number.isInteger(code)) throw new TypeError(`Error handler keys in an object must be status codes, got '${key}'`);
        this.register(code, handler as ErrorHandler);
      }
    }
    return this;
  }

  /**
   * The handler for `err`: the code slot (if `err` is an HTTP exception) before the codeless
   * slot, and within a slot the most specific registered class of `err`'s prototype chain.
   */
  find(err: Error): ErrorHandler | undefined {
    return this.lookup(isHTTPException(err) ? err.code : undefined, classChain(err))?.handler;
  }

  /**
   * Flask's `_find_error_handler` over an explicit class chain (most specific first): the slot
   * for `code` first, then the codeless slot. Returns the handler and the class it was found for.
   */
  lookup(code: number | undefined, chain: readonly unknown[]): { handler: ErrorHandler; cls: unknown } | undefined {
    return (code === undefined ? undefined : this.lookupSlot(code, chain)) ?? this.lookupSlot(null, chain);
  }

  /**
   * One slot of the lookup: handlers registered for `code` (or the codeless ones for `null`).
   * Blueprint-style scopes interleave this per slot, as Flask does: for each code, every scope
   * from innermost to the app, then the codeless slot likewise.
   */
  lookupSlot(code: number | null, chain: readonly unknown[]): { handler: ErrorHandler; cls: unknown } | undefined {
    const slot = this.#spec.get(code);
    if (!slot) return undefined;
    for (const cls of chain) {
      const handler = slot.get(cls);
      if (handler) return { handler, cls };
    }
    return undefined;
  }

  /** True when no handler is registered. */
  get empty(): boolean {
    return this.#spec.size === 0;
  }
}

/**
 * The constructors on `value`'s prototype chain, most specific first (JavaScript's MRO),
 * stopping before `Object`.
 *
 * @example
 * ```ts
 * classChain(new NotFound()); // [NotFound, HTTPException, Error]
 * ```
 */
export function classChain(value: object): unknown[] {
  const chain: unknown[] = [];
  for (let proto: object | null = Object.getPrototypeOf(value); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    chain.push((proto as { constructor: unknown }).constructor);
  }
  return chain;
}
