/**
 * Flask's `request.stream` for bodies `bodies()` leaves unread (octet-stream, uploads streamed to
 * storage, …): the raw body, limited to MAX_CONTENT_LENGTH while it is read. Werkzeug 3.1 wraps it
 * in `LimitedStream(stream, max_content_length, is_max=True)`, whose `on_exhausted` raises 413 when
 * a read is attempted once the limit is reached (but whose `readall()` quietly stops at the limit,
 * so a single `read()` hands the view a truncated body). kolba fails as soon as more than the limit
 * arrives, never truncates, and lets a body of exactly the limit through. A declared length over
 * the limit is refused by `bodies()` before reading.
 */
import type { IncomingMessage } from 'node:http';
import { Transform, type Readable } from 'node:stream';
import { RequestEntityTooLarge } from './errors.js';

// After a rejected body the rest is read and dropped, so the client gets the 413/400 instead of a
// connection reset (koajs/koa-body#253); past this many extra bytes the connection is cut.
const DRAIN_LIMIT = 64 * 1024 * 1024;

/**
 * Reads and discards the rest of a rejected body (up to 64 MiB, then cuts the connection), so the
 * error response reaches a client that is still sending.
 *
 * @example
 * ```ts
 * try { await parse(ctx); } catch (err) { drain(ctx.req); throw err; }
 * ```
 */
export function drain(req: IncomingMessage): void {
  if (req.complete || req.destroyed) return;
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > DRAIN_LIMIT) req.socket?.destroy();
  });
  req.resume();
}

/**
 * The request body as a stream that fails with RequestEntityTooLarge (413) once more than `limit`
 * bytes arrive; `null` gives the request itself.
 *
 * @example
 * ```ts
 * for await (const chunk of limitedBody(ctx.req, 16 * 1024 * 1024)) sink.write(chunk);
 * ```
 */
export function limitedBody(req: IncomingMessage, limit: number | null): Readable {
  if (limit === null) return req;
  let seen = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen <= limit) {
        callback(null, chunk);
        return;
      }
      // Stop feeding the handler but keep reading, so the 413 is not a connection reset.
      req.unpipe(limited);
      drain(req);
      callback(new RequestEntityTooLarge());
    },
  });
  req.on('error', (err) => limited.destroy(err));
  req.on('aborted', () => limited.destroy(Object.assign(new Error('client went away'), { code: 'ECONNRESET' })));
  return req.pipe(limited);
}
