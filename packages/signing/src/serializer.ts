/**
 * itsdangerous' `Serializer`, `TimedSerializer`, `URLSafeSerializer` and `URLSafeTimedSerializer`:
 * serialize → (compress, base64url) → sign, and back.
 */
import { deflate, inflate } from './zlib-fast.js';
import { base64Decode, base64Encode, wantBytes, type SecretKey } from './encoding.js';
import { BadData, BadPayload } from './errors.js';
import { pythonJsonDumps, parseJson } from './python-json.js';
import { Signer, TimestampSigner, type SignerOptions, type UnsignOptions } from './signer.js';

/**
 * Anything with text `dumps`/`loads` (the `json` module, `TaggedJSONSerializer`, …).
 *
 * @example
 * const plainJSON: TextSerializer = { dumps: (v) => JSON.stringify(v), loads: (t) => JSON.parse(t) as unknown };
 * new URLSafeSerializer('secret-key', { serializer: plainJSON }).dumps({ a: 1 });
 */
export interface TextSerializer {
  dumps(value: unknown): string;
  loads(text: string): unknown;
}

/**
 * Python's `json` module with its defaults (`", "`/`": "` separators, ASCII escapes, keys
 * unsorted): the default payload format of itsdangerous' `Serializer`/`TimedSerializer`.
 *
 * @example
 * pythonJSON.dumps({ b: 1, a: 'é' }); // '{"b": 1, "a": "\\u00e9"}'
 */
export const pythonJSON: TextSerializer = {
  dumps: (value) => pythonJsonDumps(value, { sortKeys: false, separators: [', ', ': '] }),
  loads: (text) => parseJson(text),
};

/**
 * itsdangerous' `_CompactJSON` (default of the URL-safe serializers): compact separators,
 * `ensure_ascii=False`, keys unsorted.
 *
 * @example
 * compactJSON.dumps({ b: 1, a: 'é' }); // '{"b":1,"a":"é"}'
 */
export const compactJSON: TextSerializer = {
  dumps: (value) => pythonJsonDumps(value, { sortKeys: false, ensureAscii: false }),
  loads: (text) => parseJson(text),
};

/**
 * Options of the serializers.
 *
 * @example
 * const options: SerializerOptions = { salt: 'activate', signerOptions: { digestMethod: 'sha256' }, maxDecompressedSize: 64 * 1024 };
 * new URLSafeTimedSerializer('secret-key', options).dumps({ user_id: 42 });
 */
export interface SerializerOptions {
  /** Salt, default `"itsdangerous"` (Flask's session: `"cookie-session"`). */
  salt?: SecretKey | null;
  /** Payload format; default `pythonJSON` (`compactJSON` for the URL-safe serializers), as in itsdangerous. */
  serializer?: TextSerializer;
  /** Passed to the signer: `keyDerivation`, `digestMethod`, `sep`, and `now` for timed signers. */
  signerOptions?: Omit<SignerOptions, 'salt'>;
  /**
   * Largest decompressed payload accepted by the URL-safe serializers, in bytes (default 1 MiB).
   * A zlib bomb stops here (`BadPayload`) instead of exhausting memory.
   */
  maxDecompressedSize?: number;
}

/**
 * Signs serialised values (itsdangerous `Serializer`). `secretKey` may be a list, oldest
 * first, newest last (Flask passes `[...SECRET_KEY_FALLBACKS, SECRET_KEY]`).
 *
 * @example
 * const s = new Serializer('secret-key');
 * const token = s.dumps({ id: 5 });   // '{"id":5}.<sig>'
 * s.loads(token);                     // { id: 5 }
 */
export class Serializer {
  readonly secretKeys: readonly SecretKey[];
  readonly salt: SecretKey;
  readonly serializer: TextSerializer;
  readonly signerOptions: Omit<SignerOptions, 'salt'>;
  readonly maxDecompressedSize: number;
  #signer: Signer | undefined;

  constructor(secretKey: SecretKey | readonly SecretKey[], options: SerializerOptions = {}) {
    this.secretKeys = typeof secretKey === 'string' || secretKey instanceof Uint8Array || !Array.isArray(secretKey) ? [secretKey as SecretKey] : [...(secretKey as readonly SecretKey[])];
    // Validated now, although the signer is built on first use: a bad key should fail at start-up.
    if (this.secretKeys.length === 0) throw new TypeError('Serializer needs at least one secret key');
    for (const key of this.secretKeys) wantBytes(key);
    this.salt = options.salt ?? 'itsdangerous';
    this.serializer = options.serializer ?? this.defaultSerializer();
    this.signerOptions = options.signerOptions ?? {};
    this.maxDecompressedSize = options.maxDecompressedSize ?? 1024 * 1024;
  }

  /** The payload format used when none is given (itsdangerous' `default_serializer`). */
  protected defaultSerializer(): TextSerializer {
    return pythonJSON;
  }

  /**
   * The signer for `salt` (default: the serializer's salt). Built once and reused.
   *
   * @example
   * serializer.makeSigner().sign('raw');
   */
  makeSigner(salt?: SecretKey): Signer {
    if (salt !== undefined && salt !== this.salt) return this.createSigner(salt);
    return (this.#signer ??= this.createSigner(this.salt));
  }

  /** Builds a signer; `TimedSerializer` overrides this to use `TimestampSigner`. */
  protected createSigner(salt: SecretKey): Signer {
    return new Signer(this.secretKeys, { ...this.signerOptions, salt });
  }

  /**
   * Serialises to the text that gets signed.
   *
   * @example
   * serializer.dumpPayload({ a: 1 }); // '{"a":1}'
   */
  dumpPayload(value: unknown): string {
    return this.serializer.dumps(value);
  }

  /**
   * Reverses `dumpPayload`; throws `BadPayload` on anything undecodable.
   *
   * @example
   * serializer.loadPayload('{"a":1}'); // { a: 1 }
   */
  loadPayload(payload: string): unknown {
    try {
      return this.serializer.loads(payload);
    } catch (err) {
      if (err instanceof BadPayload) throw err;
      throw new BadPayload('Could not load the payload because an exception occurred on unserializing the data.', err);
    }
  }

  /**
   * Serialises and signs.
   *
   * @example
   * serializer.dumps([1, 2]); // "[1,2].<sig>"
   */
  dumps(value: unknown, salt?: SecretKey): string {
    return this.makeSigner(salt).sign(this.dumpPayload(value));
  }

  /**
   * Verifies and deserialises; throws `BadSignature` or `BadPayload`.
   *
   * @example
   * serializer.loads(token);
   */
  loads(signed: string, salt?: SecretKey): unknown {
    return this.loadPayload(this.makeSigner(salt).unsign(signed));
  }

  /**
   * Like `loads` but never throws `BadData`: `[true, value]` or `[false, undefined]`.
   *
   * @example
   * const [ok, value] = serializer.loadsUnsafe(token);
   */
  loadsUnsafe(signed: string, salt?: SecretKey): [boolean, unknown] {
    try {
      return [true, this.loads(signed, salt)];
    } catch (err) {
      if (err instanceof BadData) return [false, undefined];
      throw err;
    }
  }
}

/**
 * Options of `TimedSerializer.loads`: `maxAge` in seconds and an optional per-call salt.
 *
 * @example
 * s.loads(token, { maxAge: 86400, salt: 'password-reset' });
 */
export interface TimedLoadOptions extends UnsignOptions {
  salt?: SecretKey;
}

/**
 * A `Serializer` whose signatures carry a timestamp and can expire (itsdangerous `TimedSerializer`).
 *
 * @example
 * const s = new TimedSerializer('secret-key');
 * s.loads(s.dumps({ a: 1 }), { maxAge: 60 }); // { a: 1 }
 */
export class TimedSerializer extends Serializer {
  override makeSigner(salt?: SecretKey): TimestampSigner {
    return super.makeSigner(salt) as TimestampSigner;
  }

  protected override createSigner(salt: SecretKey): TimestampSigner {
    return new TimestampSigner(this.secretKeys, { ...this.signerOptions, salt });
  }

  /**
   * Verifies signature and age (`maxAge` seconds; future timestamps are rejected as well),
   * then deserialises.
   *
   * @example
   * s.loads(token, { maxAge: 2678400 });
   */
  override loads(signed: string, options: TimedLoadOptions | SecretKey = {}): unknown {
    return this.loadsWithTimestamp(signed, options).value;
  }

  /**
   * Like `loads`, also returning when the value was signed.
   *
   * @example
   * const { value, timestamp } = s.loadsWithTimestamp(token, { maxAge: 60 });
   */
  loadsWithTimestamp(signed: string, options: TimedLoadOptions | SecretKey = {}): { value: unknown; timestamp: Date } {
    const opts: TimedLoadOptions = typeof options === 'string' || options instanceof Uint8Array ? { salt: options } : options;
    const { value, timestamp } = this.makeSigner(opts.salt).unsignWithTimestamp(signed, opts);
    return { value: this.loadPayload(value), timestamp };
  }

  override loadsUnsafe(signed: string, salt?: SecretKey): [boolean, unknown] {
    try {
      return [true, this.loads(signed, salt === undefined ? {} : { salt })];
    } catch (err) {
      if (err instanceof BadData) return [false, undefined];
      throw err;
    }
  }
}

// The UTF-8 check is strict: Python's `payload.decode("utf-8")` fails on invalid bytes too.
const utf8 = new TextDecoder('utf-8', { fatal: true });

const COMPRESS_MIN_BYTES = 64;

/**
 * The URL-safe payload codec shared by both URL-safe serializers: zlib when it saves at least 2
 * bytes (itsdangerous' `len(compressed) < len(json) - 1`), unpadded base64url, a leading `.`
 * marking compressed data. Decompression is bounded by `maxOutputLength`.
 */
function dumpUrlSafe(text: string): string {
  const json = Buffer.from(text, 'utf8');
  // zlib costs 6 bytes of framing plus a Huffman block header, and one deflateSync call costs
  // more than the rest of signing together (it builds a zlib stream each time). Below 64 bytes
  // real session JSON does not shrink by the 2 bytes the rule needs, so the call is skipped; if
  // a pathological short payload could have shrunk, the uncompressed cookie is just as valid
  // to Flask (compression changes the bytes, never the meaning; cf. vectors README caveat 1).
  if (json.length >= COMPRESS_MIN_BYTES) {
    const z = deflate(json);
    if (z.length < json.length - 1) return `.${base64Encode(z)}`;
  }
  return base64Encode(json);
}

function loadUrlSafe(payload: string, maxSize: number): string {
  const compressed = payload.startsWith('.');
  let data: Buffer;
  try {
    data = base64Decode(compressed ? payload.slice(1) : payload);
  } catch (err) {
    throw new BadPayload('Could not base64 decode the payload because of an exception', err);
  }
  if (compressed) {
    try {
      data = inflate(data, maxSize);
    } catch (err) {
      throw new BadPayload('Could not zlib decompress the payload before decoding the payload', err);
    }
  }
  try {
    return utf8.decode(data);
  } catch (err) {
    throw new BadPayload('Could not load the payload because an exception occurred on unserializing the data.', err);
  }
}

/**
 * `Serializer` producing URL-safe text (`[A-Za-z0-9_.-]`), compressed when that helps.
 *
 * @example
 * new URLSafeSerializer('secret-key').dumps({ a: 1 }); // "eyJhIjoxfQ.<sig>"
 */
export class URLSafeSerializer extends Serializer {
  protected override defaultSerializer(): TextSerializer {
    return compactJSON;
  }
  override dumpPayload(value: unknown): string {
    return dumpUrlSafe(super.dumpPayload(value));
  }
  override loadPayload(payload: string): unknown {
    return super.loadPayload(loadUrlSafe(payload, this.maxDecompressedSize));
  }
}

/**
 * The serializer behind Flask's session cookie: URL-safe, compressed, timestamped.
 *
 * @example
 * const s = new URLSafeTimedSerializer('dev', {
 *   salt: 'cookie-session', serializer: taggedJSON,
 *   signerOptions: { keyDerivation: 'hmac', digestMethod: 'sha1' },
 * });
 * s.loads('eyJ1c2VyX2lkIjo0Mn0.ZVPxAA.hjhtQRGPO7UK57j5dSOtrXVGqbs', { maxAge: 2678400 });
 */
export class URLSafeTimedSerializer extends TimedSerializer {
  protected override defaultSerializer(): TextSerializer {
    return compactJSON;
  }
  override dumpPayload(value: unknown): string {
    return dumpUrlSafe(super.dumpPayload(value));
  }
  override loadPayload(payload: string): unknown {
    return super.loadPayload(loadUrlSafe(payload, this.maxDecompressedSize));
  }
}
