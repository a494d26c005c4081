import { resolve } from 'node:path';
import type { Context } from 'koa';
import { notFound } from './errors.js';
import type { ServeStaticOptions } from './serve-static.js';
import { sendFromDirectory } from './send-from-directory.js';
import { hasEncodedSeparator, normaliseUrlPath } from './url-path.js';

/**
 * The part of @kolba/routing's `Router` this package uses: registering one GET rule with an
 * endpoint name (HEAD and OPTIONS come with it). Typed structurally so any router with this
 * shape (a blueprint, a test stand-in) can carry a static endpoint.
 *
 * @example
 * ```ts
 * const router: StaticRouter = new Router();
 * ```
 */
export interface StaticRouter {
  get(rule: string, options: { endpoint: string }, handler: (ctx: Context) => Promise<void>): unknown;
}

/**
 * Options of {@link staticFiles}.
 *
 * @example
 * ```ts
 * const options: StaticFilesOptions = { folder: 'admin/static', urlPath: '/admin/static', endpoint: 'admin.static' };
 * ```
 */
export interface StaticFilesOptions extends Omit<ServeStaticOptions, 'fallthrough'> {
  /** Endpoint name for `urlFor` (Flask: `static`; blueprints: `<name>.static`); default `'static'`. */
  endpoint?: string;
}

/**
 * Registers Flask's static endpoint on a kolba `Router`: `<urlPath>/<path:filename>` (default
 * `/static/<path:filename>`, endpoint `static`) serving files from `folder` through
 * {@link sendFromDirectory}, so `router.urlFor('static', { filename: 'css/a b.css' })` gives
 * `/static/css/a%20b.css`. Like Flask, the rule exists even if the folder does not (yet).
 *
 * @example
 * ```ts
 * import { Router } from '@kolba/routing';
 * import { staticFiles } from '@kolba/static';
 *
 * const router = new Router();
 * staticFiles(router, { folder: 'static', maxAge: null });
 * router.urlFor('static', { filename: 'site.css' }); // '/static/site.css'
 * app.use(router.routes()).use(router.allowedMethods());
 * ```
 */
export function staticFiles(router: StaticRouter, options: StaticFilesOptions): void {
  const folder = resolve(options.folder);
  const urlPath = normaliseUrlPath(options.urlPath ?? '/static');
  const { maxAge = null, dotfiles = 'deny', endpoint = 'static' } = options;
  if (endpoint === '') throw new TypeError('staticFiles: endpoint must not be empty.');

  // Flask's view is `app.send_static_file(filename)`.
  router.get(`${urlPath}/<path:filename>`, { endpoint }, async function send_static_file(ctx: Context): Promise<void> {
    const filename = (ctx.params as Record<string, unknown> | undefined)?.filename;
    // ctx.path is the raw, still-encoded path: see hasEncodedSeparator for why %2F is refused.
    if (typeof filename !== 'string' || hasEncodedSeparator(ctx.path)) return notFound();
    await sendFromDirectory(ctx, folder, filename, { maxAge, dotfiles });
  });
}
