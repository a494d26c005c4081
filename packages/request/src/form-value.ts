/**
 * Decoding of one multipart field's bytes, as Werkzeug 3.1's `MultiPartParser.get_part_charset`:
 * the part's own `Content-Type: …; charset=` is honoured only for a safe list (ascii, us-ascii,
 * utf-8, iso-8859-1), everything else is UTF-8; undecodable bytes become U+FFFD (`errors="replace"`).
 */
import { decodeBytes, SAFE_CHARSETS } from './charset.js';
import { parseOptionsHeader } from './mimetype.js';

/**
 * The charset Werkzeug 3.1 decodes a multipart field with.
 *
 * @example
 * ```ts
 * partCharset('text/plain; charset=ISO-8859-1'); // 'iso-8859-1'
 * partCharset('text/plain; charset=koi8-r');     // 'utf-8'
 * ```
 */
export function partCharset(contentType: string | null | undefined): string {
  const charset = (parseOptionsHeader(contentType).params.charset ?? '').toLowerCase();
  return SAFE_CHARSETS.has(charset) ? charset : 'utf-8';
}

/**
 * Decodes a multipart field value with its part's charset, replacing invalid bytes with U+FFFD.
 *
 * @example
 * ```ts
 * decodeFormValue(Buffer.from([0xe9]), 'text/plain; charset=iso-8859-1'); // 'é'
 * decodeFormValue(Buffer.from([0xff, 0x41]), null);                      // '\ufffdA'
 * ```
 */
export function decodeFormValue(bytes: Buffer, contentType: string | null | undefined): string {
  return decodeBytes(bytes, partCharset(contentType));
}
