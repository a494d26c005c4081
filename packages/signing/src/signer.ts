/**
 * itsdangerous' `Signer` and `TimestampSigner` (`signer.py`, `timed.py`), on `node:crypto`.
 */
import { createHash, createHmac, createSecretKey, getHashes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { base64Decode, base64Encode, bytesToInt, intToBytes, wantBytes, type SecretKey } from './encoding.js';
import { BadData, BadSignature, BadTimeSignature, SignatureExpired } from './errors.js';

/**
 * How the signing key is derived from the secret key and the salt (itsdangerous `key_derivation`).
 * Flask's session uses `'hmac'`; itsdangerous' own default is `'django-concat'`.
 *
 * @example
 * const flaskLike = new Signer('dev', { salt: 'cookie-session', keyDerivation: 'hmac' });
 */
export type KeyDerivation = 'concat' | 'django-concat' | 'hmac' | 'none';

/**
 * Options shared by `Signer` and `TimestampSigner`.
 *
 * @example
 * const options: SignerOptions = { salt: 'email-confirm', digestMethod: 'sha256' };
 * new TimestampSigner(process.env.SECRET_KEY!, options).sign('user@example.com');
 */
export interface SignerOptions {
  /** Separates contexts (itsdangerous default `"itsdangerous.Signer"`; Flask's session uses `"cookie-session"`). */
  salt?: SecretKey | null;
  /** Separator between value and signature, default `"."`; must not be a base64url character. */
  sep?: string;
  /** Key derivation, default `'django-concat'` (itsdangerous' default). */
  keyDerivation?: KeyDerivation;
  /** Node hash name for the HMAC and the derivation, default `'sha1'` (Flask's); `'sha256'` for new systems. */
  digestMethod?: string;
  /** Clock in whole seconds since the epoch (TimestampSigner only); defaults to `Date.now() / 1000`. */
  now?: () => number;
}

const BASE64_ALPHABET = /[A-Za-z0-9_=-]/;
const toKey = (key: Buffer): KeyObject => createSecretKey(key);
const SUPPORTED_HASHES = new Set(getHashes());

/** Python's `repr(bytes)` shape, so messages read like itsdangerous' ("Signature b'…' does not match"). */
const pyRepr = (s: string): string => `b'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;

/**
 * Signs strings and verifies signatures, like `itsdangerous.Signer`. A list of secret keys (oldest
 * first, newest last) supports rotation: the newest signs, all verify, newest first.
 *
 * @example
 * const signer = new Signer('secret-key', { salt: 'activate' });
 * const token = signer.sign('user-42');          // "user-42.<sig>"
 * signer.unsign(token);                          // "user-42"
 */
export class Signer {
  /** Secret keys, oldest to newest; the last one signs. */
  readonly secretKeys: readonly Buffer[];
  readonly salt: Buffer;
  readonly sep: string;
  readonly keyDerivation: KeyDerivation;
  readonly digestMethod: string;
  /** Derived keys, newest first: the order in which verification tries them. */
  readonly #verifyKeys: readonly KeyObject[];
  readonly #signKey: KeyObject;

  constructor(secretKey: SecretKey | readonly SecretKey[], options: SignerOptions = {}) {
    const keys = (Array.isArray(secretKey) ? [...(secretKey as readonly SecretKey[])] : [secretKey as SecretKey]).map(wantBytes);
    if (keys.length === 0) throw new TypeError('Signer needs at least one secret key');
    this.secretKeys = keys;
    this.sep = options.sep ?? '.';
    if (this.sep.length === 0 || [...this.sep].some((c) => BASE64_ALPHABET.test(c))) {
      throw new RangeError(
        "The given separator cannot be used because it may be contained in the signature itself. ASCII letters, digits, and '-_=' must not be used.",
      );
    }
    this.salt = options.salt == null ? Buffer.from(this.defaultSalt(), 'utf8') : wantBytes(options.salt);
    this.keyDerivation = options.keyDerivation ?? 'django-concat';
    if (!['concat', 'django-concat', 'hmac', 'none'].includes(this.keyDerivation)) {
      throw new TypeError(`Unknown key derivation method ${JSON.stringify(this.keyDerivation)}`);
    }
    this.digestMethod = options.digestMethod ?? 'sha1';
    if (!SUPPORTED_HASHES.has(this.digestMethod)) throw new TypeError(`Unknown digest method ${JSON.stringify(this.digestMethod)}`);
    // Derived once: deriving per request would double the HMAC work of every verification.
    // KeyObjects: createHmac then skips copying and validating the raw key on every call.
    this.#verifyKeys = keys.map((k) => toKey(this.deriveKey(k))).reverse();
    this.#signKey = this.#verifyKeys[0]!;
  }

  /** The salt used when none is given (overridden by subclasses, as in itsdangerous). */
  protected defaultSalt(): string {
    return 'itsdangerous.Signer';
  }

  /** The newest (signing) secret key. */
  get secretKey(): Buffer {
    return this.secretKeys[this.secretKeys.length - 1]!;
  }

  /**
   * Derives the signing key from a secret key (default: the newest) per `keyDerivation`.
   *
   * @example
   * new Signer('dev', { salt: 'cookie-session', keyDerivation: 'hmac' }).deriveKey().toString('hex');
   * // "4d50ad79847b366eb85f0c79d35a580ff1348d10"
   */
  deriveKey(secretKey: SecretKey = this.secretKey): Buffer {
    const secret = wantBytes(secretKey);
    switch (this.keyDerivation) {
      case 'concat':
        return createHash(this.digestMethod).update(this.salt).update(secret).digest();
      case 'django-concat':
        return createHash(this.digestMethod).update(this.salt).update('signer').update(secret).digest();
      case 'hmac':
        return createHmac(this.digestMethod, secret).update(this.salt).digest();
      case 'none':
        return secret;
    }
  }

  /**
   * The base64url signature of `value` under the newest key.
   *
   * @example
   * signer.getSignature('hello'); // "…27 chars for SHA-1…"
   */
  getSignature(value: string): string {
    return createHmac(this.digestMethod, this.#signKey).update(value, 'utf8').digest('base64url');
  }

  /**
   * `value + sep + signature`.
   *
   * @example
   * signer.sign('hello'); // "hello.<sig>"
   */
  sign(value: string): string {
    return value + this.sep + this.getSignature(value);
  }

  /**
   * Checks `sig` against every key, newest first, in constant time per key (the comparison is
   * on decoded bytes, as itsdangerous does, so the unused low bits of the last base64 char do not count).
   *
   * @example
   * signer.verifySignature('hello', signer.getSignature('hello')); // true
   */
  verifySignature(value: string, sig: string): boolean {
    let expected: Buffer;
    try {
      expected = base64Decode(sig);
    } catch {
      return false;
    }
    let ok = false;
    for (const key of this.#verifyKeys) {
      const mac = createHmac(this.digestMethod, key).update(value, 'utf8').digest();
      if (mac.length === expected.length && timingSafeEqual(mac, expected)) {
        ok = true;
        break;
      }
    }
    return ok;
  }

  /**
   * Verifies and strips the signature; throws `BadSignature` when it is missing or wrong.
   *
   * @example
   * signer.unsign(signer.sign('hello')); // "hello"
   */
  unsign(signedValue: string): string {
    const i = signedValue.lastIndexOf(this.sep);
    if (i < 0) throw new BadSignature(`No ${pyRepr(this.sep)} found in value`);
    const value = signedValue.slice(0, i);
    const sig = signedValue.slice(i + this.sep.length);
    if (this.verifySignature(value, sig)) return value;
    throw new BadSignature(`Signature ${pyRepr(sig)} does not match`, value);
  }

  /**
   * True when `signedValue` carries a valid signature.
   *
   * @example
   * signer.validate('hello.forged'); // false
   */
  validate(signedValue: string): boolean {
    try {
      this.unsign(signedValue);
      return true;
    } catch (err) {
      if (err instanceof BadSignature) return false;
      throw err;
    }
  }
}

/**
 * Options of `TimestampSigner.unsign`.
 *
 * @example
 * signer.unsign(token, { maxAge: 3600 }); // SignatureExpired after an hour
 */
export interface UnsignOptions {
  /** Reject signatures older than this many seconds (and any dated in the future). */
  maxAge?: number | null;
}

/**
 * A `Signer` that also signs the current time (`value.timestamp.signature`), so signatures can
 * expire, like `itsdangerous.TimestampSigner`.
 *
 * @example
 * const signer = new TimestampSigner('secret-key');
 * const token = signer.sign('user-42');
 * signer.unsign(token, { maxAge: 3600 }); // "user-42", or throws SignatureExpired
 */
export class TimestampSigner extends Signer {
  readonly #now: (() => number) | undefined;

  constructor(secretKey: SecretKey | readonly SecretKey[], options: SignerOptions = {}) {
    super(secretKey, options);
    this.#now = options.now;
  }

  /**
   * The current time in whole seconds (`int(time.time())`).
   *
   * @example
   * signer.getTimestamp(); // 1700000000
   */
  getTimestamp(): number {
    return this.#now ? Math.floor(this.#now()) : Math.floor(Date.now() / 1000);
  }

  /**
   * Signs `value` together with the current timestamp.
   *
   * @example
   * signer.sign('hello'); // "hello.ZVPxAA.<sig>"
   */
  override sign(value: string): string {
    const signed = value + this.sep + base64Encode(intToBytes(this.getTimestamp()));
    return signed + this.sep + this.getSignature(signed);
  }

  /**
   * Verifies the signature and the age; returns the value. Throws `BadTimeSignature`
   * (bad signature or malformed timestamp) or `SignatureExpired` (age above `maxAge`, or negative).
   *
   * @example
   * signer.unsign(token, { maxAge: 2678400 });
   */
  override unsign(signedValue: string, options: UnsignOptions = {}): string {
    return this.unsignWithTimestamp(signedValue, options).value;
  }

  /**
   * Like `unsign` but also returns when the value was signed.
   *
   * @example
   * const { value, timestamp } = signer.unsignWithTimestamp(token);
   */
  unsignWithTimestamp(signedValue: string, options: UnsignOptions = {}): { value: string; timestamp: Date } {
    let result: string;
    try {
      result = super.unsign(signedValue);
    } catch (err) {
      if (!(err instanceof BadSignature)) throw err;
      // itsdangerous reports a bad signature as BadTimeSignature (keeping the message).
      throw new BadTimeSignature(err.message, err.payload);
    }
    const i = result.lastIndexOf(this.sep);
    if (i < 0) throw new BadTimeSignature('timestamp missing', result);
    const value = result.slice(0, i);
    let ts: number;
    try {
      ts = bytesToInt(base64Decode(result.slice(i + this.sep.length)));
    } catch (err) {
      if (err instanceof BadData) throw new BadTimeSignature('Malformed timestamp', value);
      throw err;
    }
    const dateSigned = new Date(ts * 1000);
    const maxAge = options.maxAge;
    if (maxAge != null) {
      const age = this.getTimestamp() - ts;
      // Both directions: a timestamp in the future is as suspicious as an old one.
      if (age > maxAge) throw new SignatureExpired(`Signature age ${age} > ${maxAge} seconds`, value, dateSigned);
      if (age < 0) throw new SignatureExpired(`Signature age ${age} < 0 seconds`, value, dateSigned);
    }
    return { value, timestamp: dateSigned };
  }

  /**
   * True when the signature is valid and not older than `maxAge`.
   *
   * @example
   * signer.validate(token, { maxAge: 60 });
   */
  override validate(signedValue: string, options: UnsignOptions = {}): boolean {
    try {
      this.unsign(signedValue, options);
      return true;
    } catch (err) {
      if (err instanceof BadSignature) return false;
      throw err;
    }
  }
}
