/**
 * itsdangerous' `encoding` module: unpadded URL-safe base64 and the minimal big-endian integer
 * encoding of timestamps.
 */
import { BadData } from './errors.js';

/**
 * A secret key as Flask accepts it: text (UTF-8 encoded) or raw bytes. A string and the Buffer
 * of its UTF-8 bytes are the same key.
 *
 * @example
 * const key: SecretKey = process.env.SECRET_KEY ?? randomBytes(32); // text or bytes
 * new Signer(key).sign('x');
 */
export type SecretKey = string | Uint8Array;

/**
 * Unpadded base64url, as itsdangerous' `base64_encode` (`urlsafe_b64encode(...).rstrip(b"=")`).
 *
 * @example
 * base64Encode(Buffer.from([0xff])); // "_w"
 */
export function base64Encode(data: Uint8Array | string): string {
  return (typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength)).toString('base64url');
}

// Python's decoder accepts both alphabets (`-_` and `+/`) and trailing padding; we do the same.
// Anything else is rejected instead of silently skipped, which only matters for garbage input.
const B64_CHARS = /^[A-Za-z0-9_+/-]*={0,2}$/;

/**
 * Decodes base64url with or without padding (itsdangerous' `base64_decode`); throws `BadData`
 * on characters outside the alphabet or an impossible length.
 *
 * @example
 * base64Decode('_w'); // <Buffer ff>
 */
export function base64Decode(text: string): Buffer {
  if (!B64_CHARS.test(text)) throw new BadData('Invalid base64-encoded data');
  const unpadded = text.endsWith('=') ? text.replace(/=+$/, '') : text;
  if (unpadded.length % 4 === 1) throw new BadData('Invalid base64-encoded data');
  return Buffer.from(unpadded, 'base64url');
}

/**
 * Big-endian bytes of a non-negative integer with leading zero bytes stripped (itsdangerous'
 * `int_to_bytes`): 1700000000 → `65 53 f1 00`, 0 → empty.
 *
 * @example
 * intToBytes(1700000000); // <Buffer 65 53 f1 00>
 */
export function intToBytes(num: number): Buffer {
  if (!Number.isSafeInteger(num) || num < 0) throw new RangeError(`cannot encode ${num} as a timestamp`);
  const out = Buffer.allocUnsafe(8);
  out.writeBigUInt64BE(BigInt(num));
  let i = 0;
  while (i < 8 && out[i] === 0) i++;
  return out.subarray(i);
}

/**
 * Reads up to 8 big-endian bytes as an unsigned integer (itsdangerous' `bytes_to_int`).
 * Throws `BadData` for more than 8 bytes or a value beyond `Number.MAX_SAFE_INTEGER`.
 *
 * @example
 * bytesToInt(Buffer.from('6553f100', 'hex')); // 1700000000
 */
export function bytesToInt(bytes: Uint8Array): number {
  if (bytes.length > 8) throw new BadData('Malformed timestamp');
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new BadData('Malformed timestamp');
  return Number(n);
}

/**
 * UTF-8 bytes of a key (Flask encodes `str` keys as UTF-8 and uses `bytes` as they are).
 *
 * @example
 * wantBytes('clé'); // <Buffer 63 6c c3 a9>
 */
export function wantBytes(value: SecretKey): Buffer {
  // JavaScript callers can pass anything (a number, a config object, undefined from an unset
  // environment variable); say so at construction instead of failing on every request.
  if (typeof value !== 'string' && !(value instanceof Uint8Array)) {
    throw new TypeError(`secret keys and salts must be strings or byte arrays, got ${value === null ? 'null' : typeof value}`);
  }
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
