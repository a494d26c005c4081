// The one module that talks to @koa/send: it streams a whole file (200 and 412 answers) once
// every kolba guard has passed and every Werkzeug header is set. @koa/send leaves headers that are
// already present alone, and its own resolve-path check is a second, independent confinement
// layer behind ours. Partial (206) bodies, which @koa/send cannot produce, are streamed here with
// fs.createReadStream.
import { createReadStream } from 'node:fs';
import { basename, dirname } from 'node:path';
import { send } from '@koa/send';
import type { Context } from 'koa';
import { notFound } from './errors.js';

/**
 * Streams the whole regular file at `realPath` (already resolved and confined) as the body.
 *
 * @example
 * ```ts
 * await transferWhole(ctx, '/srv/app/static/site.css');
 * ```
 */
export async function transferWhole(ctx: Context, realPath: string): Promise<void> {
  // @koa/send percent-decodes the path it is given (it expects a URL path). Encoding the file
  // name here makes that decode a no-op, so a file literally named `a%2e.txt` is the one sent
  // and nothing is ever decoded twice (the double-decode class, GHSA-5r4p-p66f-jhc7).
  const sent = await send(ctx, encodeURIComponent(basename(realPath)), {
    root: dirname(realPath),
    hidden: true, // the dotfile policy has already been applied, on the URL and the real path
    index: false,
    format: false,
    gzip: false, // precompressed siblings would change the entity behind our ETag and ranges
    brotli: false,
  });
  if (sent === undefined) notFound();
}

/**
 * Streams bytes `[start, end)` of the file at `realPath` for a 206 answer.
 *
 * @example
 * ```ts
 * transferSlice(ctx, '/srv/app/static/video.mp4', 0, 1024);
 * ```
 */
export function transferSlice(ctx: Context, realPath: string, start: number, end: number): void {
  ctx.body = createReadStream(realPath, { start, end: end - 1 });
  ctx.length = end - start;
}
