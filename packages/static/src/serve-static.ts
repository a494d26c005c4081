import { resolve } from 'node:path';
import type { Context, Middleware, Next } from 'koa';
import { notFound } from './errors.js';
import type { DotfilesPolicy, MaxAge } from './options.js';
import { sendFromDirectory } from './send-from-directory.js';
import { decodePathOnce, hasEncodedSeparator, normaliseUrlPath } from './url-path.js';

/**
 * Options of {@link serveStatic} (and, minus `fallthrough`, of {@link staticFiles}).
 *
 * @example
 * ```ts
 * const options: ServeStaticOptions = { folder: 'public', urlPath: '/assets', maxAge: 3600 };
 * ```
 */
export interface ServeStaticOptions {
  /** Folder the files live in; relative paths resolve against `process.cwd()` (Flask: `static_folder`, default `"static"`). */
  folder: string;
  /** URL prefix (Flask: `static_url_path`); default `'/static'`; `''` serves from the site root. */
  urlPath?: string;
  /** Cache lifetime in seconds ← `SEND_FILE_MAX_AGE_DEFAULT`; default `null` (`Cache-Control: no-cache`). */
  maxAge?: MaxAge;
  /** `'deny'` (default) answers 404 for dotfiles; `'allow'` serves them as Flask does. */
  dotfiles?: DotfilesPolicy;
  /**
   * Default `false`: a miss under `urlPath` answers 404 as Flask's static route does. `true`
   * hands misses to the next middleware instead — what you want with `urlPath: ''`.
   */
  fallthrough?: boolean;
}

/**
 * Plain Koa middleware serving `folder` at `urlPath` for apps that do not use the kolba router:
 * the same guards and Werkzeug headers as the `static` endpoint of {@link staticFiles}.
 * GET and HEAD under `urlPath + '/'` are served; everything else goes to the next middleware.
 *
 * @example
 * ```ts
 * import Koa from 'koa';
 * import { serveStatic } from '@kolba/static';
 *
 * const app = new Koa();
 * app.use(serveStatic({ folder: new URL('./static', import.meta.url).pathname }));
 * // GET /static/css/site.css → static/css/site.css, ETag + Last-Modified, Cache-Control: no-cache
 * ```
 */
export function serveStatic(options: ServeStaticOptions): Middleware {
  const folder = resolve(options.folder);
  const prefix = `${normaliseUrlPath(options.urlPath ?? '/static')}/`;
  const { maxAge = null, dotfiles = 'deny', fallthrough = false } = options;

  return async function kolbaServeStatic(ctx: Context, next: Next): Promise<void> {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || !ctx.path.startsWith(prefix)) return next();
    const raw = ctx.path.slice(prefix.length);
    try {
      // Flask's `<path:filename>` needs at least one character: `/static/` is not a file.
      if (raw === '' || hasEncodedSeparator(raw)) return notFound();
      await sendFromDirectory(ctx, folder, decodePathOnce(raw), { maxAge, dotfiles });
    } catch (err) {
      if (fallthrough && (err as { status?: unknown }).status === 404) return next();
      throw err;
    }
  };
}
