/**
 * Options of the template environment, with the Flask config key each one mirrors, and the two
 * Flask rules they feed: which templates are autoescaped and where template folders are.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TemplateRequestContext, UrlBuilder } from './globals.js';

/**
 * A function a template can call as a filter (`{{ value|name(arg) }}`). Must be synchronous.
 *
 * @example
 * ```ts
 * const reverse: TemplateFilter = (s: string) => [...s].reverse().join('');
 * ```
 */
export type TemplateFilter = (value: never, ...args: never[]) => unknown;
/**
 * A function a template can use as a test (`{% if value is name %}`).
 *
 * @example
 * ```ts
 * const even: TemplateTest = (n: number) => n % 2 === 0;   // {% if count is even %}
 * ```
 */
export type TemplateTest = (value: never, ...args: never[]) => boolean;
/**
 * Flask's context processor: returns names to add to every template's context. Receives the
 * Koa context (undefined when rendering outside a request) and may be async.
 *
 * @example
 * ```ts
 * const user: ContextProcessor<Koa.Context> = async (ctx) => ({ user: await loadUser(ctx?.session) });
 * ```
 */
export type ContextProcessor<C = never> = (
  ctx: C | undefined,
) => Record<string, unknown> | undefined | void | Promise<Record<string, unknown> | undefined | void>;

/**
 * Options of {@link TemplateEnvironment} and the `templates()` middleware. Every option with a
 * Flask counterpart names it (`←`); `config` may be the app's config object as is.
 *
 * @example
 * ```ts
 * const options: TemplatesOptions = { folder: ['templates', 'admin/templates'], root: import.meta.url, config };
 * ```
 */
export interface TemplatesOptions {
  /**
   * Template folder(s), searched in order; the first match wins (app folder, then blueprint
   * folders). Relative paths resolve against `root`. ← Flask's `template_folder`, default `"templates"`.
   */
  folder?: string | URL | ReadonlyArray<string | URL>;
  /** Base for relative folders: a directory or `import.meta.url`. ← `app.root_path`, default `process.cwd()`. */
  root?: string | URL;
  /** Re-check template files on every render. ← `TEMPLATES_AUTO_RELOAD`, default: follow `debug`. */
  autoReload?: boolean;
  /** Debug mode; turns on auto-reload when `autoReload` is unset. ← `DEBUG`, default `false`. */
  debug?: boolean;
  /** The app config, visible as `config` in templates; its `TEMPLATES_AUTO_RELOAD`, `DEBUG` and `EXPLAIN_TEMPLATE_LOADING` keys are honoured. ← `app.config`, default `{}`. */
  config?: Record<string, unknown>;
  /** Functions whose results are merged into every template context. ← `@app.context_processor`, default `[]`. */
  contextProcessors?: ReadonlyArray<ContextProcessor<TemplateRequestContext>>;
  /** Extra filters by name. ← `@app.template_filter`. */
  filters?: Readonly<Record<string, TemplateFilter>>;
  /** Extra tests by name. ← `@app.template_test`. */
  tests?: Readonly<Record<string, TemplateTest>>;
  /** Extra globals by name (override Flask's of the same name). ← `@app.template_global`. */
  globals?: Readonly<Record<string, unknown>>;
  /** Log every folder tried for each template. ← `EXPLAIN_TEMPLATE_LOADING`, default `false`. */
  explainTemplateLoading?: boolean;
  /** Where explain reports go. ← `app.logger`, default `console`. */
  logger?: { info(message: string): void };
  /** URL builder for `url_for` when rendering outside a request (e.g. `router.urlFor`). */
  urlFor?: UrlBuilder;
  /** Which templates are autoescaped. ← `select_jinja_autoescape`, default: `.html .htm .xml .xhtml .svg` and strings. */
  selectAutoescape?: (name: string | undefined) => boolean;
  /** Merge Koa's `ctx.state` into the context (below processors and explicit arguments), as koa-views does. Default `true`. */
  mergeState?: boolean;
  /** Jinja's `trim_blocks`. ← `app.jinja_options`, default `false`. */
  trimBlocks?: boolean;
  /** Jinja's `lstrip_blocks`. ← `app.jinja_options`, default `false`. */
  lstripBlocks?: boolean;
}

const AUTOESCAPE_EXTENSIONS = ['.html', '.htm', '.xml', '.xhtml', '.svg'];

/**
 * Flask's `select_jinja_autoescape`: escape `.html .htm .xml .xhtml .svg` templates
 * (case-sensitive, as in Flask) and string templates; not `.txt`, `.js`, `.css`, …
 *
 * @example
 * ```ts
 * selectJinjaAutoescape('page.html'); // true
 * selectJinjaAutoescape('mail.txt');  // false
 * selectJinjaAutoescape(undefined);   // true (renderTemplateString)
 * ```
 */
export function selectJinjaAutoescape(name: string | undefined): boolean {
  if (name === undefined) return true;
  return AUTOESCAPE_EXTENSIONS.some((ext) => name.endsWith(ext));
}

/**
 * Absolute template folders from the `folder` option, relative ones resolved against `root`.
 *
 * @example
 * ```ts
 * resolveFolders(['a', '/abs/b'], '/srv/app'); // ['/srv/app/a', '/abs/b']
 * ```
 */
export function resolveFolders(folder: string | URL | ReadonlyArray<string | URL>, root: string | URL | undefined): string[] {
  const base = root === undefined ? process.cwd() : toPath(root);
  // `import.meta.url` points at a file: resolve relative folders against its directory. A file
  // URL ending in `/` (`new URL('..', import.meta.url)`) already names a directory.
  const isFileUrl = root instanceof URL || (typeof root === 'string' && root.startsWith('file:'));
  const baseDir = isFileUrl && !String(root).endsWith('/') ? resolve(base, '..') : base;
  const list = Array.isArray(folder) ? folder : [folder as string | URL];
  return list.map((f) => {
    const path = toPath(f);
    return isAbsolute(path) ? path : resolve(baseDir, path);
  });
}

function toPath(value: string | URL): string {
  return value instanceof URL || value.startsWith('file:') ? fileURLToPath(value) : value;
}
