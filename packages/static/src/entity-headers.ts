// The header set Werkzeug's send_file builds before any conditional processing (spec §9.5).
import { basename } from 'node:path';
import { contentDisposition } from './content-disposition.js';
import { fileEtag, quoteEtag } from './etag.js';
import { formatHttpDate } from './http-date.js';
import { contentTypeFor, guessType } from './mimetype.js';
import type { SendFileOptions } from './options.js';

/**
 * What is known about the thing being sent.
 *
 * @example
 * ```ts
 * const bytes: EntityFacts = { path: null, size: 5, mtimeNs: null };
 * ```
 */
export interface EntityFacts {
  /** Absolute path (as joined, not symlink-resolved) when sending a file from disk. */
  path: string | null;
  /** Size in bytes, when known. */
  size: number | null;
  /** Modification time in nanoseconds since the epoch, for files from disk. */
  mtimeNs: bigint | null;
}

/**
 * Builds Content-Type, Content-Encoding, Content-Disposition, Content-Length, Last-Modified,
 * Cache-Control, Expires and ETag exactly as Werkzeug 3.1's `send_file` does, or throws the
 * TypeError Werkzeug raises when no name is available for the MIME type or the attachment.
 *
 * @example
 * ```ts
 * entityHeaders({ path: '/srv/static/a.txt', size: 5, mtimeNs: 0n }, {});
 * // { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Disposition': 'inline; filename=a.txt', … }
 * ```
 */
export function entityHeaders(facts: EntityFacts, options: SendFileOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const asAttachment = options.asAttachment ?? false;
  const downloadName = options.downloadName ?? (facts.path === null ? undefined : basename(facts.path));

  let mimetype = options.mimetype;
  if (mimetype === undefined) {
    if (downloadName === undefined) {
      throw new TypeError(
        "Unable to detect the MIME type because a file name is not available. Either set 'downloadName', pass a path instead of a file, or set 'mimetype'.",
      );
    }
    const guessed = guessType(downloadName);
    mimetype = guessed.mimetype ?? 'application/octet-stream';
    // Werkzeug ≥ 2.0.2: no Content-Encoding on attachments, or browsers would save a .tar.gz
    // decompressed.
    if (guessed.encoding !== null && !asAttachment) headers['Content-Encoding'] = guessed.encoding;
  }
  headers['Content-Type'] = contentTypeFor(mimetype);

  if (downloadName !== undefined) headers['Content-Disposition'] = contentDisposition(downloadName, asAttachment);
  else if (asAttachment) {
    throw new TypeError("No name provided for attachment. Either set 'downloadName' or pass a path instead of a file.");
  }

  if (facts.size !== null) headers['Content-Length'] = String(facts.size);

  if (options.lastModified !== undefined) headers['Last-Modified'] = formatHttpDate(options.lastModified.getTime() / 1000);
  else if (facts.mtimeNs !== null) headers['Last-Modified'] = formatHttpDate(Number(facts.mtimeNs / 1_000_000_000n));

  Object.assign(headers, cacheHeaders(facts.path, options.maxAge ?? null));

  if (typeof options.etag === 'string') headers.ETag = quoteEtag(options.etag);
  else if ((options.etag ?? true) && facts.path !== null && facts.size !== null && facts.mtimeNs !== null) {
    headers.ETag = quoteEtag(fileEtag(facts.path, facts.size, facts.mtimeNs));
  }
  return headers;
}

/**
 * Werkzeug's cache policy: `no-cache` unless a max age is given; a positive one makes the file
 * `public, max-age=N`, zero gives `no-cache, max-age=0`; either way `Expires` is now + N.
 */
function cacheHeaders(path: string | null, maxAgeOption: NonNullable<SendFileOptions['maxAge']> | null): Record<string, string> {
  const maxAge = typeof maxAgeOption === 'function' ? maxAgeOption(path) : maxAgeOption;
  if (maxAge === null || maxAge === undefined) return { 'Cache-Control': 'no-cache' };
  if (!Number.isFinite(maxAge)) throw new TypeError(`maxAge must be a finite number of seconds or null, got ${maxAge}.`);
  const seconds = Math.trunc(maxAge);
  return {
    'Cache-Control': seconds > 0 ? `public, max-age=${seconds}` : `no-cache, max-age=${seconds}`,
    Expires: formatHttpDate(Math.trunc(Date.now() / 1000 + seconds)),
  };
}
