/**
 * Werkzeug's `application/x-www-form-urlencoded` / query-string parser (§8.2): `&` is the only
 * separator (`;` is data), `+` is a space, percent escapes decode as UTF-8 and bytes that are not
 * valid UTF-8 stay percent-encoded in upper case (Werkzeug ≥2.3's `werkzeug.url_quote` error
 * handler), broken escapes like `%zz` are kept, blank values are kept and empty pairs skipped.
 */
import { ImmutableMultiDict } from './multidict.js';

const HEX = /^[0-9A-Fa-f]{2}$/;

/** Percent-decodes a (latin1-as-bytes) string into raw bytes; `plus` turns `+` into a space. */
function percentDecode(input: string, plus: boolean): Uint8Array {
  const out = new Uint8Array(Buffer.byteLength(input, 'latin1'));
  let n = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c === 0x25 /* % */ && HEX.test(input.slice(i + 1, i + 3))) {
      out[n++] = parseInt(input.slice(i + 1, i + 3), 16);
      i += 2;
    } else if (c === 0x2b /* + */ && plus) {
      out[n++] = 0x20;
    } else {
      out[n++] = c & 0xff;
    }
  }
  return out.subarray(0, n);
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 if the bytes there are invalid. */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const lead = b[i] as number;
  if (lead < 0x80) return 1;
  let len: number;
  let min: number;
  let max = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) { len = 2; min = 0x80; }
  else if (lead >= 0xe0 && lead <= 0xef) {
    len = 3;
    min = lead === 0xe0 ? 0xa0 : 0x80; // no overlongs
    if (lead === 0xed) max = 0x9f; // no surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    len = 4;
    min = lead === 0xf0 ? 0x90 : 0x80;
    if (lead === 0xf4) max = 0x8f; // ≤ U+10FFFF
  } else return 0;
  if (i + len > b.length) return 0;
  const second = b[i + 1] as number;
  if (second < min || second > max) return 0;
  for (let k = 2; k < len; k++) {
    const c = b[i + k] as number;
    if (c < 0x80 || c > 0xbf) return 0;
  }
  return len;
}

/**
 * Decodes UTF-8, leaving every byte that is not part of a valid sequence as `%XX` (upper case).
 *
 * @example
 * ```ts
 * decodeUtf8Lenient(Buffer.from([0xe2, 0x98, 0x83, 0xff])); // '☃%FF'
 * ```
 */
export function decodeUtf8Lenient(bytes: Uint8Array): string {
  let out = '';
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    const len = utf8SequenceLength(bytes, i);
    if (len > 0) { i += len; continue; }
    out += Buffer.from(bytes.subarray(start, i)).toString('utf8');
    out += `%${(bytes[i] as number).toString(16).toUpperCase().padStart(2, '0')}`;
    i += 1;
    start = i;
  }
  return out + Buffer.from(bytes.subarray(start, i)).toString('utf8');
}

/**
 * Unquotes one urlencoded component (`+` → space) the way Werkzeug does.
 *
 * @example
 * ```ts
 * unquotePlus('a+b%20c%zz'); // 'a b c%zz'
 * ```
 */
export function unquotePlus(component: string): string {
  return decodeUtf8Lenient(percentDecode(component, true));
}

/**
 * Parses a query string or urlencoded body into an ImmutableMultiDict. The input is the raw text
 * with each byte as one latin1 character (what Node gives for `req.url`); characters above U+00FF
 * are taken as already-decoded text.
 *
 * @example
 * ```ts
 * parseUrlencoded('a=1&a=2&b=&c').getList('a'); // ['1', '2']
 * parseUrlencoded('a=1;b=2').get('a');          // '1;b=2'
 * ```
 */
export function parseUrlencoded(raw: string): ImmutableMultiDict<string> {
  // Text that is not byte-per-char (a test's synthetic URL) is re-encoded as UTF-8 bytes first.
  const text = /[^\x00-\xff]/.test(raw) ? Buffer.from(raw, 'utf8').toString('latin1') : raw;
  const pairs: Array<[string, string]> = [];
  for (const piece of text.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const key = eq === -1 ? piece : piece.slice(0, eq);
    const value = eq === -1 ? '' : piece.slice(eq + 1);
    pairs.push([unquotePlus(key), unquotePlus(value)]);
  }
  return new ImmutableMultiDict(pairs);
}

/**
 * Counts the fields Python's `parse_qsl(max_num_fields=…)` would see (one more than the number of
 * `&`), so MAX_FORM_PARTS can reject a body before it is split.
 *
 * @example
 * ```ts
 * countUrlencodedFields('a=1&b=2'); // 2
 * ```
 */
export function countUrlencodedFields(raw: string): number {
  let n = 1;
  for (let i = raw.indexOf('&'); i !== -1; i = raw.indexOf('&', i + 1)) n++;
  return n;
}
