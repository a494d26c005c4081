/**
 * Flask's `TaggedJSONSerializer` (`flask/json/tag.py`): lossless JSON for tuples, bytes, Markup,
 * UUID and datetime, with the same tag keys and the same check order, so both sides read each
 * other's session cookies.
 */
import { BadPayload } from './errors.js';
import { parseJsonUnsafe, pythonJsonDumps } from './python-json.js';
import { isTuple, MarkupString, tuple, UUID } from './types.js';

/**
 * One tag: `key` (starting with a space, as Flask's do), `check` to claim a value when dumping,
 * `toJSON` for the tagged form and `toValue` to load it back. Register custom ones with
 * `TaggedJSONSerializer.register`.
 *
 * @example
 * const tagBigInt: JSONTag = {
 *   key: ' big',
 *   check: (v) => typeof v === 'bigint',
 *   toJSON: (v) => String(v),
 *   toValue: (v) => BigInt(v as string),
 * };
 * new TaggedJSONSerializer().register(tagBigInt);
 */
export interface JSONTag {
  readonly key: string;
  check(value: unknown): boolean;
  toJSON(value: unknown, serializer: TaggedJSONSerializer): unknown;
  toValue(value: unknown): unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === null || proto === Object.prototype;
};
const hasHtml = (v: unknown): v is { __html__(): unknown } =>
  v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { __html__?: unknown }).__html__ === 'function';

function expect<T>(ok: boolean, value: T, what: string): T {
  if (!ok) throw new BadPayload(`Malformed ${what} tag`);
  return value;
}

/** `" di"`: a one-key dict whose key is itself a tag key gets its key escaped with `__`. */
const tagDict: JSONTag = {
  key: ' di',
  check: () => false, // handled in tag(): needs the registry to know the tag keys
  toJSON: () => undefined,
  toValue(value) {
    expect(isPlainObject(value) && Object.keys(value).length === 1, value, '" di"');
    const [key] = Object.keys(value as object) as [string];
    const out = Object.create(null) as Record<string, unknown>;
    out[key.slice(0, -2)] = (value as Record<string, unknown>)[key];
    return out;
  },
};
const tagTuple: JSONTag = {
  key: ' t',
  check: isTuple,
  toJSON: (v, s) => (v as unknown[]).map((item) => s.tag(item)),
  toValue: (v) => tuple(...expect(Array.isArray(v), v as unknown[], '" t"')),
};
const tagBytes: JSONTag = {
  key: ' b',
  check: (v) => v instanceof Uint8Array,
  // Standard alphabet *with* padding: that is what Flask's b64encode writes inside the JSON.
  toJSON: (v) => Buffer.from((v as Uint8Array).buffer, (v as Uint8Array).byteOffset, (v as Uint8Array).byteLength).toString('base64'),
  toValue: (v) => Buffer.from(expect(typeof v === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v), v as string, '" b"'), 'base64'),
};
const tagMarkup: JSONTag = {
  key: ' m',
  check: hasHtml,
  toJSON: (v) => String((v as { __html__(): unknown }).__html__()),
  toValue: (v) => new MarkupString(expect(typeof v === 'string', v as string, '" m"')),
};
const tagUUID: JSONTag = {
  key: ' u',
  check: (v) => v instanceof UUID,
  toJSON: (v) => (v as UUID).hex,
  toValue(v) {
    try {
      return new UUID(v as string);
    } catch (err) {
      throw new BadPayload('Malformed " u" tag', err);
    }
  },
};
const tagDateTime: JSONTag = {
  key: ' d',
  check: (v) => v instanceof Date,
  toJSON(v) {
    const d = v as Date;
    if (Number.isNaN(d.getTime())) throw new TypeError('Invalid Date cannot be stored in the session');
    // Werkzeug's http_date: "Mon, 01 Feb 2021 07:15:03 GMT", which is toUTCString's format
    // (whole seconds; Flask drops microseconds the same way).
    return d.toUTCString();
  },
  toValue(v) {
    const d = new Date(expect(typeof v === 'string', v as string, '" d"'));
    return expect(!Number.isNaN(d.getTime()), d, '" d"');
  },
};

/**
 * Flask's tagged JSON serializer. `dumps` writes Python's exact JSON text (sorted keys, ASCII
 * escapes); `loads` parses into null-prototype objects and untags bottom-up like Flask.
 *
 * @example
 * const s = new TaggedJSONSerializer();
 * s.dumps({ _flashes: [tuple('message', 'Hi')] }); // '{"_flashes":[{" t":["message","Hi"]}]}'
 * s.loads('{"x":{" b":"AQI="}}');                  // { x: <Buffer 01 02> }
 */
export class TaggedJSONSerializer {
  /** Tags in check order (Flask's default order after the dict tag). */
  readonly order: JSONTag[] = [tagTuple, tagBytes, tagMarkup, tagUUID, tagDateTime];
  readonly tags = new Map<string, JSONTag>([[tagDict.key, tagDict], ...this.order.map((t) => [t.key, t] as const)]);

  /**
   * Adds a tag. A duplicate key throws Flask's error unless `force`; `index` inserts it at
   * that position in the check order (default: last).
   *
   * @example
   * serializer.register({ key: ' big', check: (v) => typeof v === 'bigint', toJSON: String, toValue: BigInt });
   */
  register(tag: JSONTag, options: { force?: boolean; index?: number } = {}): void {
    if (this.tags.has(tag.key) && !options.force) throw new Error(`Tag '${tag.key}' is already registered.`);
    const old = this.tags.get(tag.key);
    if (old) this.order.splice(this.order.indexOf(old), 1);
    this.tags.set(tag.key, tag);
    if (options.index === undefined) this.order.push(tag);
    else this.order.splice(options.index, 0, tag);
  }

  /**
   * Converts a value to its tagged JSON-able form (Flask's `tag()`).
   *
   * @example
   * serializer.tag(tuple(1, 2)); // { " t": [1, 2] }
   */
  tag(value: unknown): unknown {
    if (isPlainObject(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && this.tags.has(keys[0]!)) {
        return { ' di': { [`${keys[0]!}__`]: this.tag(value[keys[0]!]) } };
      }
      if (!hasHtml(value)) {
        const out: Record<string, unknown> = {};
        for (const k of keys) {
          // A `__proto__` key must stay a key here too: assignment would call the setter.
          if (k === '__proto__') Object.defineProperty(out, k, { value: this.tag(value[k]), enumerable: true, writable: true, configurable: true });
          else out[k] = this.tag(value[k]);
        }
        return out;
      }
    }
    for (const tag of this.order) {
      if (tag.check(value)) return { [tag.key]: tag.toJSON(value, this) };
    }
    if (Array.isArray(value)) return value.map((item) => this.tag(item));
    return value;
  }

  /**
   * Reverses `tag()` on parsed JSON, bottom-up like Flask: values first, then a dict with
   * exactly one key that is a registered tag. Dicts come back as null-prototype objects.
   * Malformed tag contents throw `BadPayload`.
   *
   * @example
   * serializer.untag({ ' t': [1, 2] }); // tuple(1, 2)
   */
  untag(value: unknown): unknown {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.untag(value[i]);
      return value;
    }
    // Every dict is rebuilt as a null-prototype object, so `__proto__`/`constructor` keys from
    // the wire stay plain data (one walk does both the copy and the untagging).
    const src = value as Record<string, unknown>;
    const out = Object.create(null) as Record<string, unknown>;
    let count = 0;
    let only = '';
    for (const k of Object.keys(src)) {
      out[k] = this.untag(src[k]);
      only = k;
      count++;
    }
    if (count === 1) {
      const tag = this.tags.get(only);
      if (tag) return tag.toValue(out[only]);
    }
    return out;
  }

  /**
   * Tags and writes JSON text exactly as Flask's session serializer does.
   *
   * @example
   * serializer.dumps({ b: 1, a: 2 }); // '{"a":2,"b":1}'
   */
  dumps(value: unknown): string {
    return pythonJsonDumps(this.tag(value), { sortKeys: true });
  }

  /**
   * Parses (prototype-safe) and untags.
   *
   * @example
   * serializer.loads('{" t":[1,2]}'); // tuple(1, 2)
   */
  loads(text: string): unknown {
    return this.untag(parseJsonUnsafe(text));
  }
}

/**
 * The shared default instance (Flask's `session_json_serializer`).
 *
 * @example
 * taggedJSON.dumps({ user_id: 42 }); // '{"user_id":42}'
 */
export const taggedJSON = new TaggedJSONSerializer();
