// Werkzeug's conditional-response logic (`Response.make_conditional` and
// `is_resource_modified`, spec §9.4), hand-written: `fresh` (jshttp) only knows
// If-None-Match/If-Modified-Since and honours a request `Cache-Control: no-cache`, while Flask
// also answers If-Match with 412 and If-Range, and ignores request cache directives.
import type { IncomingHttpHeaders } from 'node:http';
import { parseEtags, unquoteEtag } from './etag.js';
import { parseHttpDate } from './http-date.js';
import { parseRange, rangeForLength } from './range.js';

/**
 * The validators of the response about to be sent.
 *
 * @example
 * ```ts
 * const v: Validators = { etag: '"abc"', lastModified: null, length: 20, acceptRanges: true };
 * ```
 */
export interface Validators {
  /** The quoted `ETag` header value, if any. */
  etag: string | null;
  /** The `Last-Modified` header value, if any. */
  lastModified: string | null;
  /** The full length in bytes, when known (ranges need it). */
  length: number | null;
  /** Whether byte ranges may be served (`accept_ranges=True` in `send_file`). */
  acceptRanges: boolean;
}

/**
 * How to answer: the full entity, a slice of it, or one of the bodiless/failed statuses.
 *
 * @example
 * ```ts
 * const outcome: ConditionalOutcome = { status: 206, start: 0, end: 5, contentRange: 'bytes 0-4/20' };
 * ```
 */
export type ConditionalOutcome =
  | { status: 200 }
  | { status: 206; start: number; end: number; contentRange: string }
  | { status: 304 }
  | { status: 412 }
  | { status: 416 };

/**
 * Decides the status of a GET/HEAD file response from the request's conditional headers, in
 * Werkzeug's order: a satisfiable `Range` (honouring `If-Range`) wins → 206; else a fresh
 * validator → 304, or 412 when `If-Match` is present; else 200. A malformed or unsatisfiable
 * `Range` → 416. Other methods always get 200.
 *
 * @example
 * ```ts
 * decideConditional('GET', { range: 'bytes=0-4' }, { etag: '"x"', lastModified: null, length: 20, acceptRanges: true });
 * // { status: 206, start: 0, end: 5, contentRange: 'bytes 0-4/20' }
 * ```
 */
export function decideConditional(method: string, headers: IncomingHttpHeaders, validators: Validators): ConditionalOutcome {
  if (method !== 'GET' && method !== 'HEAD') return { status: 200 };
  const { length } = validators;
  if (validators.acceptRanges && length !== null && length !== 0 && rangeIsProcessable(headers, validators)) {
    const parsed = parseRange(headers.range);
    const slice = parsed === null ? null : rangeForLength(parsed, length);
    if (slice === null) return { status: 416 };
    return { status: 206, ...slice, contentRange: `bytes ${slice.start}-${slice.end - 1}/${length}` };
  }
  if (!isResourceModified(headers, validators, true)) {
    return { status: parseEtags(header(headers, 'if-match')).present ? 412 : 304 };
  }
  return { status: 200 };
}

/**
 * Werkzeug's `_is_range_request_processable`: a Range header, and a matching If-Range if any.
 *
 * One deliberate difference: a weak entity tag in If-Range (`W/"…"`) never matches, so the full
 * 200 is sent. Werkzeug drops the `W/` and answers 206; RFC 9110 §13.1.5 forbids weak tags there
 * because a weak tag does not promise the same bytes, and splicing a range of other bytes into a
 * cached partial download corrupts it. A full answer is always correct.
 */
function rangeIsProcessable(headers: IncomingHttpHeaders, validators: Validators): boolean {
  if (headers.range === undefined) return false;
  const ifRange = header(headers, 'if-range');
  if (ifRange === undefined) return true;
  if (/^\s*W\//.test(ifRange)) return false;
  return !isResourceModified(headers, validators, false);
}

/**
 * Werkzeug's `is_resource_modified`, line for line: If-Modified-Since (or an If-Range date)
 * against Last-Modified at second precision, then If-None-Match (weak comparison) overriding
 * it, then If-Match (strong comparison, `*` not counted) overriding both.
 */
function isResourceModified(headers: IncomingHttpHeaders, validators: Validators, ignoreIfRange: boolean): boolean {
  let unmodified = false;
  const lastModified = parseHttpDate(validators.lastModified ?? undefined);
  let ifRange: { date: number | null; etag: string | null } | null = null;
  if (!ignoreIfRange && headers.range !== undefined) ifRange = parseIfRange(header(headers, 'if-range'));

  const modifiedSince = ifRange?.date ?? parseHttpDate(header(headers, 'if-modified-since'));
  if (modifiedSince !== null && lastModified !== null && lastModified <= modifiedSince) unmodified = true;

  if (validators.etag) {
    const { etag } = unquoteEtag(validators.etag);
    if (ifRange !== null && ifRange.etag !== null) {
      unmodified = parseEtags(ifRange.etag).contains(etag);
    } else {
      const ifNoneMatch = parseEtags(header(headers, 'if-none-match'));
      if (ifNoneMatch.present) unmodified = ifNoneMatch.containsWeak(etag);
      const ifMatch = parseEtags(header(headers, 'if-match'));
      if (ifMatch.present) unmodified = !ifMatch.isStrong(etag);
    }
  }
  return !unmodified;
}

/** Werkzeug's `parse_if_range_header`: a date, else an ETag with its weakness dropped. */
function parseIfRange(value: string | undefined): { date: number | null; etag: string | null } {
  if (!value) return { date: null, etag: null };
  const date = parseHttpDate(value);
  if (date !== null) return { date, etag: null };
  return { date: null, etag: unquoteEtag(value).etag };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
