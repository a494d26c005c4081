/**
 * itsdangerous' exception hierarchy, with the same names so Flask users recognise them.
 * `BadPayload` is deliberately *not* a `BadSignature`: itsdangerous raises it only after the
 * signature checked out (the payload was signed with the right key but cannot be decoded).
 */

/**
 * Base class of every signing/serialization error.
 *
 * @example
 * try { serializer.loads(token); } catch (err) { if (err instanceof BadData) return null; throw err; }
 */
export class BadData extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The signature does not match (or the value is not signed at all). `payload` is the unverified
 * value, for debugging only: never trust it.
 *
 * @example
 * try { signer.unsign('value.bad-sig'); } catch (err) { err instanceof BadSignature; // true }
 */
export class BadSignature extends BadData {
  /** The part before the signature; unverified, do not use for anything but logging. */
  readonly payload: string | undefined;
  constructor(message: string, payload?: string) {
    super(message);
    this.payload = payload;
  }
}

/**
 * A timestamped signature is invalid or its timestamp is malformed.
 *
 * @example
 * try { timestampSigner.unsign(token); } catch (err) { if (err instanceof BadTimeSignature) console.log(err.dateSigned); }
 */
export class BadTimeSignature extends BadSignature {
  /** When the value was signed, if the timestamp could be read. */
  readonly dateSigned: Date | undefined;
  constructor(message: string, payload?: string, dateSigned?: Date) {
    super(message, payload);
    this.dateSigned = dateSigned;
  }
}

/**
 * The signature is valid but older than `maxAge` seconds, or dated in the future
 * (itsdangerous rejects both: "Signature age N > M seconds" / "Signature age -N < 0 seconds").
 *
 * @example
 * try { s.loads(token, { maxAge: 3600 }); } catch (err) { if (err instanceof SignatureExpired) askToLogInAgain(); }
 */
export class SignatureExpired extends BadTimeSignature {}

/**
 * The signature was valid but the payload could not be decoded (base64, zlib, UTF-8, JSON or a
 * malformed tag).
 *
 * @example
 * try { s.loads(token); } catch (err) { if (err instanceof BadPayload) console.error(err.originalError); }
 */
export class BadPayload extends BadData {
  /** The underlying decoding error, if any. */
  readonly originalError: unknown;
  constructor(message: string, originalError?: unknown) {
    super(message);
    this.originalError = originalError;
  }
}
