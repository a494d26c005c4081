/**
 * JavaScript stand-ins for the Python types Flask's tagged JSON round-trips: tuple, Markup, UUID.
 * (bytes ↔ Buffer and datetime ↔ Date need no wrapper.)
 */

declare const TUPLE: unique symbol;

// Tuples are remembered in a WeakSet (shared through globalThis so two copies of this package
// agree): cheaper than tagging each array with a property, and invisible to the array's users.
const REGISTRY_KEY = Symbol.for('kolba.signing.tuples');
const TUPLES: WeakSet<object> = ((globalThis as Record<symbol, unknown>)[REGISTRY_KEY] as WeakSet<object> | undefined) ??
  ((globalThis as Record<symbol, unknown>)[REGISTRY_KEY] = new WeakSet<object>());

/**
 * A frozen array marked as a Python tuple; stored as `{" t": [...]}` in Flask's session JSON.
 *
 * @example
 * const flash: Tuple<[string, string]> = tuple('message', 'Saved');
 * taggedJSON.dumps(flash); // '{" t":["message","Saved"]}'
 */
export type Tuple<T extends readonly unknown[] = readonly unknown[]> = Readonly<T> & { readonly [TUPLE]: true };

/**
 * Makes a Python tuple: a frozen array that serialises as `{" t": [...]}` (Flask's flash
 * messages are `(category, message)` tuples).
 *
 * @example
 * ctx.session._flashes = [...(ctx.session._flashes ?? []), tuple('error', 'Oops')];
 */
export function tuple<T extends unknown[]>(...items: T): Tuple<T> {
  TUPLES.add(items);
  return Object.freeze(items) as unknown as Tuple<T>;
}

/**
 * True for arrays made by `tuple()` or loaded from a `{" t": [...]}` tag.
 *
 * @example
 * isTuple(tuple(1, 2)); // true
 * isTuple([1, 2]);      // false
 */
export function isTuple(value: unknown): value is Tuple {
  return typeof value === 'object' && value !== null && TUPLES.has(value);
}

/**
 * Safe HTML loaded from a `{" m": ...}` tag (Flask's `Markup`). Duck-typed like every Markup in
 * kolba: anything with `__html__()` counts, so templates do not escape it again.
 *
 * @example
 * const m = new MarkupString('<em>hi</em>');
 * m.__html__(); // "<em>hi</em>"
 */
export class MarkupString {
  readonly #html: string;
  constructor(html: string) {
    this.#html = String(html);
  }
  /** The HTML, trusted as-is (markupsafe's protocol). */
  __html__(): string {
    return this.#html;
  }
  toString(): string {
    return this.#html;
  }
  toJSON(): string {
    return this.#html;
  }
}

const UUID_TEXT = /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

/**
 * A UUID value (Python's `uuid.UUID`), stored as `{" u": "<32 hex>"}`. A plain string that
 * looks like a UUID stays a string: only this class is tagged.
 *
 * @example
 * const id = new UUID('12345678-1234-5678-1234-567812345678');
 * id.hex;        // "12345678123456781234567812345678"
 * String(id);    // "12345678-1234-5678-1234-567812345678"
 */
export class UUID {
  /** 32 lowercase hex digits, no dashes (Python's `UUID.hex`). */
  readonly hex: string;
  constructor(value: string) {
    const m = UUID_TEXT.exec(value);
    if (!m) throw new TypeError(`badly formed hexadecimal UUID string: ${JSON.stringify(value)}`);
    this.hex = m.slice(1).join('').toLowerCase();
  }
  /** The canonical dashed form. */
  toString(): string {
    const h = this.hex;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  toJSON(): string {
    return this.toString();
  }
}
