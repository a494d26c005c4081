/**
 * Werkzeug's MultiDict: a key → list-of-values mapping whose plain accessors see the first value
 * (`get`, `getItem`, iteration) and whose `getList` sees them all. Keys keep their first-insertion
 * order, values keep insertion order per key (so `items({ multi: true })` is grouped by key, as in
 * Werkzeug).
 */
import { BadRequestKeyError } from './errors.js';

/**
 * A conversion function for `get`/`getList` (Werkzeug's `type=`).
 *
 * @example
 * ```ts
 * const toInt: Converter<string, number> = (v) => { if (!/^\d+$/.test(v)) throw new Error(v); return Number(v); };
 * ```
 */
export type Converter<V, T> = (value: V) => T;

/**
 * Options of {@link MultiDict.get}.
 *
 * @example
 * ```ts
 * const opts: GetOptions<string, number, number> = { type: Number, default: 1 };
 * ```
 */
export interface GetOptions<V, T, D> {
  /** Converts the value; a throw (or a `NaN` result) gives `default` (Werkzeug: ValueError/TypeError). */
  type?: Converter<V, T>;
  /** Returned when the key is missing or conversion fails; never converted itself. */
  default?: D;
}

/**
 * Anything a MultiDict can be built from or updated with.
 *
 * @example
 * ```ts
 * const init: MultiDictInit<string> = { tag: ['a', 'b'], page: '2' };
 * ```
 */
export type MultiDictInit<V> =
  | MultiDict<V>
  | Iterable<readonly [string, V]>
  | Record<string, V | readonly V[]>;

// A conversion "fails" when it throws (int('x') in Python) or yields NaN (Number('x') in JS), so
// `get('page', { type: Number, default: 1 })` behaves like Flask's `get('page', 1, type=int)`.
// `Number('')` and `Number('  ')` are 0 in JavaScript, but `int('')` raises in Python: a blank
// `?page=` must give the default, so blank strings fail `Number` too.
function convert<V, T>(value: V, type: Converter<V, T>): { ok: true; value: T } | { ok: false } {
  if ((type as unknown) === Number && typeof value === 'string' && value.trim() === '') return { ok: false };
  try {
    const out = type(value);
    if (typeof out === 'number' && Number.isNaN(out)) return { ok: false };
    return { ok: true, value: out };
  } catch {
    return { ok: false };
  }
}

/**
 * A multi-valued dictionary with Werkzeug's semantics (`request.args`, `request.form`, …).
 *
 * @example
 * ```ts
 * const md = new MultiDict([['tag', 'a'], ['tag', 'b'], ['page', '2']]);
 * md.get('tag');                                  // 'a'
 * md.getList('tag');                              // ['a', 'b']
 * md.get('page', { type: Number, default: 1 });   // 2
 * md.getItem('missing');                          // throws BadRequestKeyError (400)
 * ```
 */
export class MultiDict<V = string> implements Iterable<[string, V]> {
  // A Map keeps string keys in insertion order even when they look like integers ("1", "0"),
  // which a plain object would reorder; it also makes `__proto__` an ordinary key.
  readonly #lists = new Map<string, V[]>();

  constructor(init?: MultiDictInit<V>) {
    if (init !== undefined) this.#extend(init);
  }

  /** Throws Werkzeug's TypeError on immutable instances; called by every mutator. */
  protected assertMutable(): void {}

  #extend(init: MultiDictInit<V>): void {
    if (init instanceof MultiDict) {
      for (const [key, values] of init.lists()) for (const v of values) this.#push(key, v);
    } else if (Symbol.iterator in init) {
      for (const [key, v] of init as Iterable<readonly [string, V]>) this.#push(key, v);
    } else {
      // Only arrays count as "several values" (Werkzeug ≥3.1.3: list/tuple/set, never strings).
      for (const [key, v] of Object.entries(init)) {
        if (Array.isArray(v)) for (const item of v as V[]) this.#push(key, item);
        else this.#push(key, v as V);
      }
    }
  }

  #push(key: string, value: V): void {
    const list = this.#lists.get(key);
    if (list) list.push(value);
    else this.#lists.set(key, [value]);
  }

  /** Number of distinct keys (Python `len(md)`). */
  get size(): number {
    return this.#lists.size;
  }

  /** Whether `key` has at least one value (Python `key in md`). */
  has(key: string): boolean {
    return this.#lists.has(key);
  }

  /**
   * First value of `key`, or `default`; with `type`, the converted value or `default` when the
   * conversion fails (the default is never converted).
   */
  get(key: string): V | undefined;
  get<D>(key: string, options: { default: D; type?: undefined }): V | D;
  get<T, D = undefined>(key: string, options: GetOptions<V, T, D> & { type: Converter<V, T> }): T | D;
  get<T, D>(key: string, options: GetOptions<V, T, D> = {}): V | T | D | undefined {
    const list = this.#lists.get(key);
    if (list === undefined || list.length === 0) return options.default;
    if (options.type === undefined) return list[0];
    const result = convert(list[0] as V, options.type);
    return result.ok ? result.value : options.default;
  }

  /** First value of `key`; a missing key raises BadRequestKeyError, i.e. a 400 (Python `md[key]`). */
  getItem(key: string): V {
    const list = this.#lists.get(key);
    if (list === undefined || list.length === 0) throw new BadRequestKeyError(key);
    return list[0] as V;
  }

  /** All values of `key` (empty if missing); with `type`, values that fail conversion are skipped. */
  getList(key: string): V[];
  getList<T>(key: string, options: { type: Converter<V, T> }): T[];
  getList<T>(key: string, options?: { type?: Converter<V, T> }): Array<V | T> {
    const list = this.#lists.get(key) ?? [];
    const type = options?.type;
    if (type === undefined) return [...list];
    const out: T[] = [];
    for (const v of list) {
      const result = convert(v, type);
      if (result.ok) out.push(result.value);
    }
    return out;
  }

  /** Keys in first-insertion order. */
  keys(): IterableIterator<string> {
    return this.#lists.keys();
  }

  /** First value per key. */
  *values(): IterableIterator<V> {
    for (const list of this.#lists.values()) yield list[0] as V;
  }

  /** `[key, firstValue]` per key, or with `multi` every pair grouped by key (Werkzeug's order). */
  *items(options: { multi?: boolean } = {}): IterableIterator<[string, V]> {
    for (const [key, list] of this.#lists) {
      if (options.multi) for (const v of list) yield [key, v];
      else yield [key, list[0] as V];
    }
  }

  /** `[key, allValues]` per key. */
  *lists(): IterableIterator<[string, V[]]> {
    for (const [key, list] of this.#lists) yield [key, [...list]];
  }

  /** Iterates `[key, firstValue]` pairs, like `items()` (and like iterating a `Map`). */
  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.items();
  }

  /** Same as `items()`; makes `Object.fromEntries(md)` give first values. */
  entries(): IterableIterator<[string, V]> {
    return this.items();
  }

  /** A plain null-prototype object: first values, or lists with `flat: false` (Werkzeug `to_dict`). */
  toDict(options?: { flat?: true }): Record<string, V>;
  toDict(options: { flat: false }): Record<string, V[]>;
  toDict(options: { flat?: boolean } = {}): Record<string, V | V[]> {
    // Null prototype: a `__proto__` field name becomes an ordinary key, not a prototype swap.
    const out: Record<string, V | V[]> = Object.create(null);
    for (const [key, list] of this.#lists) out[key] = options.flat === false ? [...list] : (list[0] as V);
    return out;
  }

  /** `JSON.stringify(md)` gives the flat dict. */
  toJSON(): Record<string, V> {
    return this.toDict();
  }

  /** Replaces every value of `key` with `value` (Python `md[key] = value`). */
  set(key: string, value: V): this {
    this.assertMutable();
    this.#lists.set(key, [value]);
    return this;
  }

  /** Appends a value for `key`. */
  add(key: string, value: V): this {
    this.assertMutable();
    this.#push(key, value);
    return this;
  }

  /** Replaces the values of `key` (an empty list removes the key). */
  setList(key: string, values: Iterable<V>): this {
    this.assertMutable();
    const list = [...values];
    if (list.length === 0) this.#lists.delete(key);
    else this.#lists.set(key, list);
    return this;
  }

  /** Returns the first value of `key`, first storing `value` if the key is missing. */
  setDefault(key: string, value: V): V {
    this.assertMutable();
    const list = this.#lists.get(key);
    if (list !== undefined && list.length > 0) return list[0] as V;
    this.#lists.set(key, [value]);
    return value;
  }

  /** Removes `key` and returns its first value (or `fallback`). */
  pop(key: string): V | undefined;
  pop<D>(key: string, fallback: D): V | D;
  pop<D>(key: string, fallback?: D): V | D | undefined {
    this.assertMutable();
    const list = this.#lists.get(key);
    if (list === undefined) return fallback;
    this.#lists.delete(key);
    return list[0];
  }

  /** Removes `key` and returns all its values. */
  popList(key: string): V[] {
    this.assertMutable();
    const list = this.#lists.get(key) ?? [];
    this.#lists.delete(key);
    return list;
  }

  /** Removes `key`; returns whether it was there. */
  delete(key: string): boolean {
    this.assertMutable();
    return this.#lists.delete(key);
  }

  /** Removes every key. */
  clear(): void {
    this.assertMutable();
    this.#lists.clear();
  }

  /** Adds the pairs of `other`; like Werkzeug it **appends**, it does not replace. */
  update(other: MultiDictInit<V>): this {
    this.assertMutable();
    this.#extend(other);
    return this;
  }

  /** A mutable shallow copy. */
  copy(): MultiDict<V> {
    return new MultiDict(this);
  }
}

/**
 * A MultiDict whose mutators throw `TypeError("'ImmutableMultiDict' objects are immutable")`, as
 * Werkzeug's does; `request.args`, `form`, `files` and `cookies` are immutable.
 *
 * @example
 * ```ts
 * const args = new ImmutableMultiDict([['q', 'kolba']]);
 * args.add('q', 'x'); // TypeError
 * const copy = args.copy(); copy.add('q', 'x'); // fine
 * ```
 */
export class ImmutableMultiDict<V = string> extends MultiDict<V> {
  protected override assertMutable(): void {
    // The constructor fills the map through private helpers, so this only fires for users.
    throw new TypeError("'ImmutableMultiDict' objects are immutable");
  }
}

/**
 * A read-only view over several MultiDicts (Werkzeug's CombinedMultiDict, used for
 * `request.values`): `get` looks in each source in order, `getList` concatenates, and
 * `items({ multi: true })` yields each source's pairs in turn (not regrouped by key).
 *
 * @example
 * ```ts
 * const values = new CombinedMultiDict([new MultiDict([['a', '1']]), new MultiDict([['b', '2'], ['a', '3']])]);
 * values.getList('a');                  // ['1', '3']
 * [...values.items({ multi: true })];   // [['a','1'], ['b','2'], ['a','3']]
 * ```
 */
export class CombinedMultiDict<V = string> extends ImmutableMultiDict<V> {
  readonly #sources: readonly MultiDict<V>[];

  constructor(sources: readonly MultiDict<V>[]) {
    super(sources.flatMap((d) => [...d.items({ multi: true })]));
    this.#sources = sources;
  }

  override *items(options: { multi?: boolean } = {}): IterableIterator<[string, V]> {
    if (!options.multi) {
      yield* super.items();
      return;
    }
    for (const d of this.#sources) yield* d.items({ multi: true });
  }
}
