/**
 * Decoding of one multipart field's bytes, as Werkzeug 3.1's `MultiPartParser.get_part_charset`:
 * the part's own `Content-Type: …; charset=` is honoured only for a safe list (ascii, us-ascii,
 * utf-8, iso-8859-1), everything else is UTF-8; undecodable bytes become U+FFFD (`errors="replace"`).
 */
import { parseOptionsHeader } from './mimetype.js';

// Werkzeug: "A safe list of encodings. Modern clients should only send ASCII or UTF-8."
const SAFE_CHARSETS = new Set(['ascii', 'us-ascii', 'utf-8', 'iso-8859-1']);

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
  const charset = partCharset(contentType);
  // Python's iso-8859-1 is true Latin-1 (WHATWG's label would mean windows-1252), hence Buffer.
  if (charset === 'iso-8859-1') return bytes.toString('latin1');
  // Node's 'ascii' drops the high bit; Python's ascii codec with "replace" gives U+FFFD.
  if (charset === 'ascii' || charset === 'us-ascii') return bytes.toString('latin1').replace(/[\x80-\xff]/g, '\ufffd');
  return bytes.toString('utf8');
}
