/**
 * The template environment Flask builds for an app (`app.jinja_env`): loader over the template
 * folders, autoescape by file extension, Flask's globals, context processors, registered filters
 * and tests, and the render functions behind `renderTemplate` and friends.
 */
import { Readable } from 'node:stream';
import { Markup } from '@kolba/http';
import { Engine, type CompiledTemplate } from './engine.js';
import { templateFlashedMessages, templateUrlFor, type TemplateRequestContext } from './globals.js';
import { markupSafe } from './html.js';
import { installJinja } from './jinja.js';
import { resolveFolders, selectJinjaAutoescape, type ContextProcessor, type TemplateFilter, type TemplatesOptions, type TemplateTest } from './options.js';
import { toRenderError, toSyntaxError } from './render-errors.js';
import { TemplateStore, type StoredTemplate } from './store.js';

interface RenderState {
  readonly ctx: TemplateRequestContext | undefined;
  readonly missing: Set<string>;
}

// Each retry loads at least one new template, so this only bounds pathological cases.
const MAX_RENDER_ATTEMPTS = 16;
const STRING_CACHE_SIZE = 256;
const STREAM_CHUNK = 16 * 1024;

/**
 * The per-app template environment (Flask's `app.jinja_env` plus `render_template`).
 * Usually created by the `templates()` middleware; create it yourself to render outside Koa.
 *
 * @example
 * ```ts
 * const env = new TemplateEnvironment({ folder: 'templates', root: import.meta.url });
 * env.addFilter('reverse_words', (s: string) => s.split(' ').reverse().join(' '));
 * const html = await env.render('mail.html', { user });   // no request: request/session are undefined
 * ```
 */
export class TemplateEnvironment {
  /** The config visible as `config` in templates (a live reference). */
  readonly config: Record<string, unknown>;
  readonly #options: TemplatesOptions;
  readonly #engine: Engine;
  readonly #store: TemplateStore;
  readonly #processors: Array<ContextProcessor<TemplateRequestContext>>;
  readonly #strings = new Map<string, CompiledTemplate>();
  readonly #stack: RenderState[] = [];

  constructor(options: TemplatesOptions = {}) {
    this.#options = options;
    this.config = options.config ?? {};
    this.#processors = [...(options.contextProcessors ?? [])];
    this.#engine = new Engine({
      html: markupSafe,
      lookup: (name) => this.#lookup(name),
      trimBlocks: options.trimBlocks ?? false,
      lstripBlocks: options.lstripBlocks ?? false,
    });
    installJinja(this.#engine);
    this.#installFlaskGlobals();
    this.#store = new TemplateStore({
      folders: resolveFolders(options.folder ?? 'templates', options.root),
      autoReload: () => this.autoReload,
      compile: (source, name, filename) => this.#compile(source, name, filename),
      explain: (report) => {
        if (this.#options.explainTemplateLoading ?? this.config['EXPLAIN_TEMPLATE_LOADING'] === true) {
          (this.#options.logger ?? console).info(report);
        }
      },
    });
    for (const [name, fn] of Object.entries(options.filters ?? {})) this.addFilter(name, fn);
    for (const [name, fn] of Object.entries(options.tests ?? {})) this.addTest(name, fn);
    for (const [name, value] of Object.entries(options.globals ?? {})) this.addGlobal(name, value);
  }

  /**
   * Whether templates are re-checked on each render: `autoReload`, else `TEMPLATES_AUTO_RELOAD`,
   * else debug mode (`debug` or `DEBUG`), read live so changing `config.DEBUG` takes effect.
   */
  get autoReload(): boolean {
    const configured = this.#options.autoReload ?? this.config['TEMPLATES_AUTO_RELOAD'];
    if (configured !== undefined && configured !== null) return configured === true;
    return (this.#options.debug ?? this.config['DEBUG']) === true;
  }

  /** The template folders in search order. */
  get folders(): readonly string[] {
    return this.#store.folders;
  }

  /** Adds a folder searched after the others (a blueprint's `template_folder`). */
  addTemplateFolder(folder: string | URL): void {
    this.#store.addFolder(resolveFolders(folder, this.#options.root)[0] as string);
  }

  /** Registers a filter. ← `app.add_template_filter(f, name)`. */
  addFilter(name: string, fn: TemplateFilter): void {
    this.#engine.addFilter(name, fn);
  }

  /** Registers a test. ← `app.add_template_test(f, name)`. */
  addTest(name: string, fn: TemplateTest): void {
    this.#engine.addTest(name, fn);
  }

  /** Registers a global (replaces Flask's of the same name). ← `app.add_template_global(f, name)`. */
  addGlobal(name: string, value: unknown): void {
    this.#engine.addGlobal(name, value);
  }

  /** Adds a context processor, run after the existing ones. ← `app.context_processor`. */
  addContextProcessor(processor: ContextProcessor<TemplateRequestContext>): void {
    this.#processors.push(processor);
  }

  /** Forgets every loaded template (they are read again on next use). */
  clearCache(): void {
    this.#store.clear();
    this.#strings.clear();
  }

  /**
   * Renders the first existing template of `names` with `context` (explicit values win over
   * context processors, which win over globals). `ctx` provides `request`, `session`, `g`,
   * `url_for` and flashed messages; omit it to render outside a request.
   */
  async render(names: string | readonly string[], context: Record<string, unknown> = {}, ctx?: TemplateRequestContext): Promise<string> {
    const entry = await this.#store.load(names);
    const vars = await this.#contextFor(ctx, context);
    return this.#renderLoaded(entry.compiled, entry.name, vars, ctx, entry);
  }

  /**
   * Renders a template *written by the developer* from a string (autoescape always on).
   * Never pass request data as `source`: templates can run code (server-side template injection).
   */
  async renderString(source: string, context: Record<string, unknown> = {}, ctx?: TemplateRequestContext): Promise<string> {
    const compiled = this.#compileString(source);
    await this.#store.loadMissing(compiled.dependencies);
    const vars = await this.#contextFor(ctx, context);
    return this.#renderLoaded(compiled, undefined, vars, ctx, undefined);
  }

  /**
   * Like {@link render} but resolves to a readable stream of the page in 16 KiB chunks.
   * nunjucks cannot render incrementally, so the page is rendered before this resolves: any
   * error rejects the promise while a clean 500 can still be sent (Koa 3 pipes stream bodies
   * with `pipeline`, which resets the connection when a stream fails mid-way).
   */
  async stream(names: string | readonly string[], context: Record<string, unknown> = {}, ctx?: TemplateRequestContext): Promise<Readable> {
    return chunked(await this.render(names, context, ctx));
  }

  /** Like {@link renderString}, as a stream (see {@link stream}). */
  async streamString(source: string, context: Record<string, unknown> = {}, ctx?: TemplateRequestContext): Promise<Readable> {
    return chunked(await this.renderString(source, context, ctx));
  }

  /**
   * A macro or top-level variable of a template (Flask's `get_template_attribute`). Macros come
   * back as functions returning Markup; `ctx` gives them `request`, `url_for`, … when called.
   *
   * @example
   * ```ts
   * const hello = (await env.getTemplateAttribute('_macros.html', 'hello')) as (name: string) => Markup;
   * hello('World').toString(); // 'Hello World!'
   * ```
   */
  async getTemplateAttribute(name: string, attribute: string, ctx?: TemplateRequestContext): Promise<unknown> {
    const entry = await this.#store.load(name);
    const exported = this.#withState(ctx, () => this.#engine.exported(entry.compiled, entry.name));
    // Own names only: `constructor` or `toString` are not things a template exported.
    const value = Object.prototype.hasOwnProperty.call(exported, attribute) ? exported[attribute] : undefined;
    if (typeof value !== 'function') return value;
    return (...args: unknown[]): unknown => {
      const out: unknown = this.#withState(ctx, () => (value as (...a: unknown[]) => unknown)(...args));
      return this.#engine.isSafe(out) ? new Markup(String(out)) : out;
    };
  }

  #withState<T>(ctx: TemplateRequestContext | undefined, fn: () => T): T {
    this.#stack.push({ ctx, missing: new Set() });
    try {
      return fn();
    } finally {
      this.#stack.pop();
    }
  }

  async #contextFor(ctx: TemplateRequestContext | undefined, explicit: Record<string, unknown>): Promise<Record<string, unknown>> {
    const vars: Record<string, unknown> = {};
    if (ctx && (this.#options.mergeState ?? true) && ctx.state && typeof ctx.state === 'object') {
      Object.assign(vars, ctx.state);
    }
    // Flask's update_template_context: processors in order (later wins), then the explicit
    // render arguments again so they always win (test_original_win).
    for (const processor of this.#processors) {
      const added = await processor(ctx);
      if (added) Object.assign(vars, added);
    }
    return Object.assign(vars, explicit);
  }

  async #renderLoaded(
    compiled: CompiledTemplate,
    name: string | undefined,
    vars: Record<string, unknown>,
    ctx: TemplateRequestContext | undefined,
    root: StoredTemplate | undefined,
  ): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const state: RenderState = { ctx, missing: new Set() };
      let output = '';
      let failure: unknown;
      let failed = false;
      this.#stack.push(state);
      try {
        output = this.#engine.render(compiled, name ?? '<string>', vars);
      } catch (error) {
        failed = true;
        failure = error;
      } finally {
        this.#stack.pop();
      }
      // A template named at render time (`{% include page %}`) was not preloaded: load it
      // asynchronously and render again. Functions the template calls may thus run twice on
      // the very first render that discovers such a name.
      if (state.missing.size > 0 && attempt < MAX_RENDER_ATTEMPTS && (await this.#store.loadMissing(state.missing, root))) {
        continue;
      }
      if (failed) throw toRenderError(failure, name, this.folders);
      return output;
    }
  }

  #lookup(name: string): CompiledTemplate | undefined {
    const entry = this.#store.peek(name);
    if (entry) return entry.compiled;
    if (!this.#store.isAbsent(name)) this.#stack[this.#stack.length - 1]?.missing.add(name);
    return undefined;
  }

  #compile(source: string, name: string | undefined, filename?: string): CompiledTemplate {
    const select = this.#options.selectAutoescape ?? selectJinjaAutoescape;
    try {
      return this.#engine.compile(source, name ?? '<string>', select(name));
    } catch (error) {
      throw toSyntaxError(error, source, name, filename);
    }
  }

  #compileString(source: string): CompiledTemplate {
    const cached = this.#strings.get(source);
    if (cached) return cached;
    const compiled = this.#compile(source, undefined);
    if (this.#strings.size >= STRING_CACHE_SIZE) this.#strings.delete(this.#strings.keys().next().value as string);
    this.#strings.set(source, compiled);
    return compiled;
  }

  #installFlaskGlobals(): void {
    const current = () => this.#stack[this.#stack.length - 1]?.ctx;
    const urlFor = (...args: unknown[]) => templateUrlFor(current(), this.#options.urlFor, args);
    const flashed = (...args: unknown[]) => templateFlashedMessages(current(), args);
    this.#engine.addGlobal('url_for', urlFor);
    this.#engine.addGlobal('urlFor', urlFor);
    this.#engine.addGlobal('get_flashed_messages', flashed);
    this.#engine.addGlobal('getFlashedMessages', flashed);
    this.#engine.addGlobalGetter('config', () => this.config);
    this.#engine.addGlobalGetter('request', () => current()?.request);
    this.#engine.addGlobalGetter('session', () => current()?.session);
    this.#engine.addGlobalGetter('g', () => current()?.g);
  }
}

// Chunks are cut from the UTF-8 bytes, so no UTF-16 surrogate pair is split in half.
function chunked(page: string): Readable {
  const bytes = Buffer.from(page, 'utf8');
  function* generate(): Generator<Buffer> {
    for (let offset = 0; offset < bytes.length; offset += STREAM_CHUNK) {
      yield bytes.subarray(offset, offset + STREAM_CHUNK);
    }
  }
  return Readable.from(generate(), { objectMode: false });
}
