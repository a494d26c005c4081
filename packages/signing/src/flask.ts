/**
 * The exact serializer Flask's `SecureCookieSessionInterface.get_signing_serializer` builds.
 */
import type { SecretKey } from './encoding.js';
import { URLSafeTimedSerializer } from './serializer.js';
import { taggedJSON, type TaggedJSONSerializer } from './tagged-json.js';

/**
 * Options of `flaskSessionSerializer`.
 *
 * @example
 * const s = flaskSessionSerializer(process.env.SECRET_KEY!, { fallbacks: [process.env.OLD_SECRET_KEY!] });
 */
export interface FlaskSessionSerializerOptions {
  /** Old keys still accepted (← `SECRET_KEY_FALLBACKS`), oldest first, as in Flask's config. */
  fallbacks?: readonly SecretKey[];
  /** Salt, default `"cookie-session"` (Flask's `SecureCookieSessionInterface.salt`). */
  salt?: string;
  /** Digest, default `'sha1'` (Flask's `digest_method`). */
  digestMethod?: string;
  /** Tagged JSON serializer, default the shared `taggedJSON`. */
  serializer?: TaggedJSONSerializer;
  /** Clock in seconds, for tests and frozen clocks. */
  now?: () => number;
  /** Largest decompressed payload (bytes), default 1 MiB. */
  maxDecompressedSize?: number;
}

/**
 * Flask's session serializer: `URLSafeTimedSerializer` with salt `cookie-session`, `hmac` key
 * derivation, SHA-1, tagged JSON, and the key list `[...fallbacks, secretKey]` (signing with
 * `secretKey`; verifying with it first, then the fallbacks from last to first — the order
 * fixed in Flask 3.1.1, GHSA-4grg-w6v8-c28g).
 *
 * @example
 * const s = flaskSessionSerializer('dev');
 * s.loads('eyJ1c2VyX2lkIjo0Mn0.ZVPxAA.hjhtQRGPO7UK57j5dSOtrXVGqbs', { maxAge: 2678400 });
 */
export function flaskSessionSerializer(secretKey: SecretKey, options: FlaskSessionSerializerOptions = {}): URLSafeTimedSerializer {
  return new URLSafeTimedSerializer([...(options.fallbacks ?? []), secretKey], {
    salt: options.salt ?? 'cookie-session',
    serializer: options.serializer ?? taggedJSON,
    signerOptions: { keyDerivation: 'hmac', digestMethod: options.digestMethod ?? 'sha1', ...(options.now ? { now: options.now } : {}) },
    ...(options.maxDecompressedSize !== undefined ? { maxDecompressedSize: options.maxDecompressedSize } : {}),
  });
}
