/**
 * The Koa side: `templates()` puts a {@link TemplateEnvironment} on `ctx.templateEnv`, and the
 * Flask-named helpers (`renderTemplate`, `renderTemplateString`, `streamTemplate`,
 * `streamTemplateString`) render with the request's `request`, `session`, `g`, `url_for` and
 * flashed messages.
 */
import type { Context, Middleware } from 'koa';
import type { Readable } from 'node:stream';
import { TemplateEnvironment } from './environment.js';
import type { TemplatesOptions } from './options.js';
import type { TemplateRequestContext } from './globals.js';

declare module 'koa' {
  interface DefaultContext {
    /** The template environment set by `templates()` (Flask's `app.jinja_env`). */
    templateEnv?: TemplateEnvironment;
  }
}

/**
 * The middleware returned by {@link templates}, with its environment attached.
 *
 * @example
 * ```ts
 * const mw = templates({ folder: 'templates' });
 * mw.environment.addFilter('shout', (s: string) => s.toUpperCase());
 * app.use(mw);
 * ```
 */
export interface TemplatesMiddleware extends Middleware {
  /** The environment: register filters, tests, globals and processors here at any time. */
  readonly environment: TemplateEnvironment;
}

/**
 * Creates the template environment and exposes it to every request as `ctx.templateEnv`.
 * Pass an existing {@link TemplateEnvironment} to share one between apps.
 *
 * @example
 * ```ts
 * app.use(templates({ folder: 'templates', root: import.meta.url, config: { DEBUG: true } }));
 * router.get('/', async function index(ctx) {
 *   return renderTemplate(ctx, 'index.html', { name: 'kolba' });
 * });
 * ```
 */
export function templates(options: TemplatesOptions | TemplateEnvironment = {}): TemplatesMiddleware {
  const environment = options instanceof TemplateEnvironment ? options : new TemplateEnvironment(options);
  const middleware = async function kolbaTemplates(ctx: Context, next: () => Promise<unknown>) {
    ctx.templateEnv = environment;
    await next();
  };
  return Object.assign(middleware, { environment });
}

function environmentOf(ctx: Context, caller: string): TemplateEnvironment {
  const env = ctx.templateEnv;
  if (!env) {
    throw new Error(`${caller}: no template environment on ctx; add app.use(templates({ folder })) before your routes`);
  }
  return env;
}

/**
 * Renders a template from the template folders (Flask's `render_template`). `name` may be a list:
 * the first template that exists is used. Explicit `context` values win over context processors.
 *
 * @example
 * ```ts
 * router.get('/hello/<name>', async function hello(ctx) {
 *   return renderTemplate(ctx, 'hello.html', { name: ctx.params.name }); // autoescaped
 * });
 * ```
 */
export async function renderTemplate(ctx: Context, name: string | readonly string[], context?: Record<string, unknown>): Promise<string> {
  return environmentOf(ctx, 'renderTemplate').render(name, context, ctx as TemplateRequestContext);
}

/**
 * Renders a template written as a string in your code (Flask's `render_template_string`);
 * autoescape is always on. **Never build `source` from request data**: a template can call any
 * function it can reach, so user-controlled source is server-side template injection. Pass user
 * data in `context` instead.
 *
 * @example
 * ```ts
 * await renderTemplateString(ctx, '<p>Hello {{ name }}</p>', { name: ctx.query.name });
 * ```
 */
export async function renderTemplateString(ctx: Context, source: string, context?: Record<string, unknown>): Promise<string> {
  return environmentOf(ctx, 'renderTemplateString').renderString(source, context, ctx as TemplateRequestContext);
}

/**
 * Flask's `stream_template`: resolves to a readable stream of the rendered template, suitable as
 * `ctx.body` or as a handler's return value. nunjucks renders a page in one piece, so this
 * renders first and then streams 16 KiB chunks: every template error rejects before any byte is
 * sent (a clean 500). Sets `text/html` unless a type is set.
 *
 * @example
 * ```ts
 * router.get('/report', async function report(ctx) {
 *   ctx.body = await streamTemplate(ctx, 'report.html', { rows });
 * });
 * ```
 */
export async function streamTemplate(ctx: Context, name: string | readonly string[], context?: Record<string, unknown>): Promise<Readable> {
  const stream = await environmentOf(ctx, 'streamTemplate').stream(name, context, ctx as TemplateRequestContext);
  if (!ctx.response.get('Content-Type')) ctx.type = 'text/html; charset=utf-8';
  return stream;
}

/**
 * Flask's `stream_template_string`; the same warning as {@link renderTemplateString} applies.
 *
 * @example
 * ```ts
 * ctx.body = await streamTemplateString(ctx, '{% for r in rows %}{{ r }}\n{% endfor %}', { rows });
 * ```
 */
export async function streamTemplateString(ctx: Context, source: string, context?: Record<string, unknown>): Promise<Readable> {
  const stream = await environmentOf(ctx, 'streamTemplateString').streamString(source, context, ctx as TemplateRequestContext);
  if (!ctx.response.get('Content-Type')) ctx.type = 'text/html; charset=utf-8';
  return stream;
}
