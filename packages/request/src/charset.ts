/**
 * Byte decoding for the charsets Werkzeug 3.1 accepts from clients (`ascii`, `us-ascii`, `utf-8`,
 * `iso-8859-1`: "a safe list of encodings… This list will not be extended further"), with
 * Python's `errors="replace"`: undecodable bytes become U+FFFD.
 */

/** The charsets Werkzeug 3.1 honours in multipart parts and RFC 2231 parameters. */
export const SAFE_CHARSETS: ReadonlySet<string> = new Set(['ascii', 'us-ascii', 'utf-8', 'iso-8859-1']);

/**
 * Decodes bytes as Python's `bytes.decode(charset, "replace")` for a safe-list charset
 * (anything else is treated as UTF-8).
 *
 * @example
 * ```ts
 * decodeBytes(Buffer.from([0xe9]), 'iso-8859-1'); // 'é'
 * decodeBytes(Buffer.from([0xe9]), 'ascii');      // '\ufffd'
 * ```
 */
export function decodeBytes(bytes: Uint8Array, charset: string): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Python's iso-8859-1 is true Latin-1 (WHATWG's label would mean windows-1252), hence Buffer.
  if (charset === 'iso-8859-1') return buf.toString('latin1');
  // Node's 'ascii' drops the high bit; Python's ascii codec with "replace" gives U+FFFD.
  if (charset === 'ascii' || charset === 'us-ascii') return buf.toString('latin1').replace(/[\x80-\xff]/g, '\ufffd');
  return buf.toString('utf8');
}
