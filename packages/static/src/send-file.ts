import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { Context } from 'koa';
import { decideConditional, type ConditionalOutcome } from './conditional.js';
import { entityHeaders, type EntityFacts } from './entity-headers.js';
import { rangeNotSatisfiable } from './errors.js';
import type { SendFileOptions } from './options.js';
import { openRegularFile, streamRange, type OpenFile } from './transfer.js';

/**
 * What {@link sendFile} can send: a path on disk, bytes in memory, or a readable stream.
 *
 * @example
 * ```ts
 * const sources: SendFileSource[] = ['/srv/a.pdf', Buffer.from('x'), Readable.from(['x'])];
 * ```
 */
export type SendFileSource = string | Uint8Array | Readable;

/**
 * Headers Werkzeug strips from a 304 (`remove_entity_headers`); ETag, Cache-Control,
 * Content-Disposition, Accept-Ranges, Date and Vary stay.
 */
const ENTITY_HEADERS = [
  'Allow', 'Content-Encoding', 'Content-Language', 'Content-Length', 'Content-Location',
  'Content-MD5', 'Content-Range', 'Content-Type', 'Expires', 'Last-Modified',
];

/**
 * Sends a file as the response — Flask's `send_file` (spec §9.5, §9.4). Sets Content-Type from
 * the download name, `Content-Disposition: inline|attachment; filename=…` (with `filename*` for
 * non-ASCII names), Content-Length, Last-Modified, `Cache-Control: no-cache` (or
 * `public, max-age=N` + Expires), Werkzeug's ETag, and answers conditional requests: 304, 412,
 * 206 for one satisfiable byte range, 416 (thrown) otherwise.
 *
 * **The path is trusted.** Never pass a path built from request data: use
 * {@link sendFromDirectory} for that. A relative path is resolved against `process.cwd()`
 * (Flask: the app's root path). A path that is missing or not a regular file is a server error.
 *
 * @example
 * ```ts
 * router.get('/report', async function report(ctx) {
 *   await sendFile(ctx, '/srv/reports/latest.csv', { asAttachment: true, downloadName: 'report.csv' });
 * });
 * // in-memory data needs a name or a mimetype:
 * await sendFile(ctx, Buffer.from('a,b\n'), { mimetype: 'text/csv' });
 * ```
 */
export async function sendFile(ctx: Context, source: SendFileSource, options: SendFileOptions = {}): Promise<void> {
  if (typeof source === 'string') {
    const path = resolve(source);
    const file = await openRegularFile(path);
    if (file === null) throw new TypeError(`sendFile: ${path} is not a regular file.`);
    return sendOpenFile(ctx, path, file, options);
  }
  if (source instanceof Uint8Array) return sendBytes(ctx, Buffer.from(source.buffer, source.byteOffset, source.byteLength), options);
  let handedOff = false;
  try {
    // A stream has no known length: no Content-Length and no ranges (Werkzeug: complete_length None).
    const headers = entityHeaders({ path: null, size: null, mtimeNs: null }, options);
    const outcome = decide(ctx, headers, null, options);
    if (outcome.status === 416) return rangeNotSatisfiable(0); // unreachable without a length
    apply(ctx, headers, outcome, options);
    if (outcome.status === 304) return;
    ctx.body = source;
    handedOff = true;
  } finally {
    // Whatever does not become the body is released (Werkzeug closes the file on 304/errors).
    if (!handedOff) source.destroy();
  }
}

function sendBytes(ctx: Context, bytes: Buffer, options: SendFileOptions): void {
  const headers = entityHeaders({ path: null, size: bytes.byteLength, mtimeNs: null }, options);
  const outcome = decide(ctx, headers, bytes.byteLength, options);
  if (outcome.status === 416) return rangeNotSatisfiable(bytes.byteLength);
  apply(ctx, headers, outcome, options);
  if (outcome.status === 304) return;
  ctx.body = outcome.status === 206 ? bytes.subarray(outcome.start, outcome.end) : bytes;
}

/**
 * The disk half of {@link sendFile}, shared with {@link sendFromDirectory} once it has confined
 * the path: `path` names the file (ETag, download name, `maxAge` callback), `file` is the open
 * handle whose stats and bytes are sent. Takes ownership of the handle.
 *
 * @example
 * ```ts
 * const file = await openRegularFile(real);
 * if (file) await sendOpenFile(ctx, joinedPath, file, { maxAge: null });
 * ```
 */
export async function sendOpenFile(ctx: Context, path: string, file: OpenFile, options: SendFileOptions): Promise<void> {
  let handedOff = false;
  try {
    const size = Number(file.stats.size);
    const facts: EntityFacts = { path, size, mtimeNs: file.stats.mtimeNs };
    const headers = entityHeaders(facts, options);
    const outcome = decide(ctx, headers, size, options);
    if (outcome.status === 416) return rangeNotSatisfiable(size);
    apply(ctx, headers, outcome, options);
    if (outcome.status === 304) return;
    handedOff = true;
    if (outcome.status === 206) streamRange(ctx, file.handle, outcome.start, outcome.end);
    else streamRange(ctx, file.handle, 0, size);
  } finally {
    if (!handedOff) await file.handle.close();
  }
}

function decide(ctx: Context, headers: Record<string, string>, length: number | null, options: SendFileOptions): ConditionalOutcome {
  if (!(options.conditional ?? true)) return { status: 200 };
  return decideConditional(ctx.method, ctx.headers, {
    etag: headers.ETag ?? null,
    lastModified: headers['Last-Modified'] ?? null,
    length,
    acceptRanges: true,
  });
}

/** Writes status and headers onto the Koa response (the body is set by the caller). */
function apply(ctx: Context, headers: Record<string, string>, outcome: Exclude<ConditionalOutcome, { status: 416 }>, options: SendFileOptions): void {
  ctx.status = outcome.status;
  ctx.set(headers);
  // Werkzeug ≥ 3.1.6 advertises byte ranges on every conditional file response, not only 206.
  if ((options.conditional ?? true) && (ctx.method === 'GET' || ctx.method === 'HEAD')) ctx.set('Accept-Ranges', 'bytes');
  if (outcome.status === 206) {
    ctx.set('Content-Range', outcome.contentRange);
    ctx.set('Content-Length', String(outcome.end - outcome.start));
  }
  if (outcome.status === 304) {
    ctx.body = null;
    for (const name of ENTITY_HEADERS) ctx.remove(name);
  }
}
