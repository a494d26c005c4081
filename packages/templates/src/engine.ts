/**
 * The one module that touches nunjucks (CONTRIBUTING: each external engine sits behind one
 * internal module). Everything Jinja-specific that needs nunjucks internals lives here:
 *
 * - **Per-template autoescape, decided at compile time.** Nunjucks has one global `autoescape`
 *   flag; Flask decides per template name (`select_jinja_autoescape`). We compile each template
 *   ourselves (parse → rewrite → transform → compile) and wrap every `{{ … }}` output in one of
 *   two internal filters, `escape` or `raw`, chosen by the template's name or by an enclosing
 *   `{% autoescape %}` block (which nunjucks does not have; Jinja does). Doing it in the AST keeps
 *   concurrent renders independent: nothing global is toggled at render time.
 * - **MarkupSafe semantics.** Those output filters escape with MarkupSafe's table (`&#34;`, `&#39;`,
 *   not nunjucks' `&quot;` and `&#92;`) and treat any object with `__html__()` as safe, so a
 *   `Markup` from `@kolba/http` is printed verbatim, as in Jinja.
 * - **A synchronous loader over an in-memory store.** Nunjucks' async-loader mode drops output
 *   of `{% include %}` inside `for`, `block`, `set`, `call`, `filter` and macros (verified against
 *   3.2.4; cf. mozilla/nunjucks#372, #527, #1252). So templates are read and compiled
 *   asynchronously *before* rendering (see `store.ts`) and the render itself runs synchronously
 *   against memory: nunjucks finds templates through `lookup` (via its loader cache), and a name
 *   that was not preloaded (`{% include some_variable %}`) is simply a miss the caller sees in
 *   `lookup` and loads before rendering again (environment.ts).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

import { guardMemberKey, guardName, isBlockedMember } from './member-guard.js';
import type { NjCompiler, NjEnvironment, NjNode, NjNodeClass, NjNodeList, NjParser, NjSafeString, NjTemplate, Nunjucks } from './nunjucks-types.js';

const nunjucks = require('nunjucks') as Nunjucks;
const transformer = require('nunjucks/src/transformer') as {
  transform(ast: NjNode, asyncFilters: string[], name: string): NjNode;
};
const { nodes } = nunjucks;
const SafeString = nunjucks.runtime.SafeString;

/** Name of the output filter used in autoescaped regions (internal; not for templates). */
const ESCAPE_FILTER = '__kolba_output_escape';
/** Name of the output filter used where autoescape is off. */
const RAW_FILTER = '__kolba_output_raw';
/** Marks captured block output (`{% set %}…{% endset %}`, `{% filter %}`) safe in escaped regions. */
const CAPTURE_FILTER = '__kolba_capture_safe';
/** Maps a computed member key to one a template may read (member-guard.ts). */
const MEMBER_GUARD = '__kolba_member';
/** Hides names inherited from Object.prototype (`{{ constructor }}`) (member-guard.ts). */
const NAME_GUARD = '__kolba_name';

/**
 * A template compiled by {@link Engine.compile}.
 *
 * @example
 * ```ts
 * const { dependencies } = engine.compile('{% extends "base.html" %}', 'page.html', true); // ['base.html']
 * ```
 */
export interface CompiledTemplate {
  /** nunjucks' compiled module (root and block functions). */
  readonly code: unknown;
  /** Template names referenced literally by extends/include/import/from (preloaded). */
  readonly dependencies: readonly string[];
}

/**
 * Escapes text and marks values safe for HTML output (MarkupSafe rules, from @kolba/http).
 *
 * @example
 * ```ts
 * const html: HtmlPolicy = { escapeText: (t) => escape(t).__html__(), isSafe: isHtmlSafe };
 * ```
 */
export interface HtmlPolicy {
  escapeText(text: string): string;
  isSafe(value: unknown): value is { __html__(): string };
}

/**
 * Options of {@link Engine}.
 *
 * @example
 * ```ts
 * new Engine({ html: markupSafe, lookup: (name) => store.peek(name)?.compiled });
 * ```
 */
export interface EngineOptions {
  /** Finds a preloaded template; `undefined` when the store does not hold it. */
  lookup(name: string): { code: unknown } | undefined;
  html: HtmlPolicy;
  /** Jinja's `trim_blocks` (default false, as in Flask). */
  trimBlocks?: boolean;
  /** Jinja's `lstrip_blocks` (default false, as in Flask). */
  lstripBlocks?: boolean;
}

/**
 * A value nunjucks prints without escaping.
 *
 * @example
 * ```ts
 * const bold: SafeText = engine.markSafe('<b>ok</b>');
 * ```
 */
export type SafeText = NjSafeString;

/**
 * Wraps nunjucks: compiles with per-template autoescape and renders synchronously from memory.
 *
 * @example
 * ```ts
 * const engine = new Engine({ html: markupSafe, lookup: () => undefined });
 * engine.render(engine.compile('{{ x }}', 'x.html', true), 'x.html', { x: '<' }); // '&lt;'
 * ```
 */
export class Engine {
  readonly #env: NjEnvironment;
  readonly #html: HtmlPolicy;
  // Outputs already wrapped by an inner `{% autoescape %}` block: the innermost setting wins.
  readonly #wrapped = new WeakSet<NjNode>();
  readonly #templates = new WeakMap<object, NjTemplate>();

  constructor(options: EngineOptions) {
    this.#html = options.html;
    const lookup = options.lookup;
    // Misses only: hits are answered by the cache proxy installed below.
    const loader = { async: false, getSource: () => null };
    this.#env = new nunjucks.Environment([loader], {
      // Outputs are escaped by our own filters; this flag stays on so that nunjucks' built-in
      // filters keep their escaping-aware behaviour.
      autoescape: true,
      // `dev` keeps the original error as `cause` (otherwise nunjucks re-creates a bare Error and
      // an HTTPException raised inside a template would lose its status).
      dev: true,
      trimBlocks: options.trimBlocks ?? false,
      lstripBlocks: options.lstripBlocks ?? false,
    });
    // nunjucks' built-in filters understand its SafeString, not the `__html__` protocol: hand them
    // Markup as a SafeString so `{{ markup|upper }}` works and keeps its safety where nunjucks can.
    for (const [name, builtin] of Object.entries(this.#env.filters)) {
      this.#env.filters[name] = function markupAware(this: unknown, value: unknown, ...rest: unknown[]) {
        const input = options.html.isSafe(value) && !(value instanceof SafeString) ? new SafeString(value.__html__()) : value;
        return builtin.call(this, input, ...rest);
      };
    }
    this.#env.addFilter(ESCAPE_FILTER, (value: unknown) => this.escape(value));
    this.#env.addFilter(RAW_FILTER, (value: unknown) => this.raw(value));
    this.#env.addFilter(CAPTURE_FILTER, (value: unknown) => (value instanceof SafeString ? value : new SafeString(String(value ?? ''))));
    this.#env.addFilter(MEMBER_GUARD, guardMemberKey);
    this.#env.addFilter(NAME_GUARD, guardName);
    this.#env.addExtension('KolbaAutoescape', this.#autoescapeExtension());
    // nunjucks looks a name up in `loader.cache` before asking the loader. Answering from the
    // store there hands out one shared Template per compiled template (nunjucks shares cached
    // Templates across renders too) and keeps the store the single source of truth for reloads.
    const templates = this.#templates;
    const env = this.#env;
    (loader as { cache?: object }).cache = new Proxy(Object.create(null) as object, {
      get(_target, name) {
        if (typeof name !== 'string') return undefined;
        const found = lookup(name);
        return found ? templateFor(found, name, templates, env) : undefined;
      },
      set: () => true, // nunjucks never caches here (noCache), but never let it either
    });
  }

  /** Marks `text` as safe HTML for nunjucks (what `|safe` returns). */
  markSafe(text: string): SafeText {
    return new SafeString(text);
  }

  /** True for nunjucks-safe strings and any object with `__html__()`. */
  isSafe(value: unknown): boolean {
    return value instanceof SafeString || this.#html.isSafe(value);
  }

  /** Jinja's escape: safe values pass, everything else is escaped (null/undefined print empty). */
  escape(value: unknown): SafeText {
    if (value instanceof SafeString) return value;
    if (value === undefined || value === null) return new SafeString('');
    if (this.#html.isSafe(value)) return new SafeString(value.__html__());
    return new SafeString(this.#html.escapeText(String(value)));
  }

  /** Output where autoescape is off: printed as text, never escaped. */
  raw(value: unknown): SafeText {
    if (value instanceof SafeString) return value;
    if (value === undefined || value === null) return new SafeString('');
    if (this.#html.isSafe(value)) return new SafeString(value.__html__());
    return new SafeString(String(value));
  }

  /** Registers a filter (Flask's `add_template_filter`). */
  addFilter(name: string, fn: (...args: never[]) => unknown): void {
    this.#env.addFilter(name, fn);
  }

  /** Registers a test (Flask's `add_template_test`). */
  addTest(name: string, fn: (...args: never[]) => unknown): void {
    this.#env.addTest(name, fn);
  }

  /** Registers a global value (Flask's `add_template_global`). */
  addGlobal(name: string, value: unknown): void {
    Object.defineProperty(this.#env.globals, name, { value, writable: true, enumerable: true, configurable: true });
  }

  /** Registers a global whose value is read at each lookup (per-request names such as `request`). */
  addGlobalGetter(name: string, get: () => unknown): void {
    Object.defineProperty(this.#env.globals, name, { get, enumerable: true, configurable: true });
  }

  /** True when a global of that name exists. */
  hasGlobal(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.#env.globals, name);
  }

  /**
   * Compiles `source`. `autoescape` is the template-wide default (Flask's
   * `select_jinja_autoescape`); `{% autoescape %}` blocks override it locally.
   * Throws nunjucks' TemplateError (with 1-based `lineno`/`colno`) on a syntax error.
   */
  compile(source: string, name: string, autoescape: boolean): CompiledTemplate {
    // Jinja's keep_trailing_newline=False: one trailing newline of the source is dropped.
    const text = source.replace(/\r?\n$/, '');
    const ast = nunjucks.parser.parse(text, this.#env.extensionsList, this.#env.opts);
    this.#wrapOutputs(ast, autoescape);
    const dependencies = collectDependencies(ast);
    const lifted = transformer.transform(ast, this.#env.asyncFilters, name);
    const compiler = new nunjucks.compiler.Compiler(name, false);
    guardMembers(compiler);
    compiler.compile(lifted);
    // Same evaluation nunjucks' own Template#_compile performs on the generated module.
    const code: unknown = new Function(compiler.getCode())();
    return { code, dependencies };
  }

  /** Renders a compiled template synchronously (all templates it needs must be preloaded). */
  render(compiled: CompiledTemplate, name: string, context: Record<string, unknown>): string {
    return templateFor(compiled, name, this.#templates, this.#env).render(context);
  }

  /** Runs a compiled template's top level and returns what it exports (macros, `{% set %}`s). */
  exported(compiled: CompiledTemplate, name: string): Record<string, unknown> {
    let result: Record<string, unknown> = {};
    let failure: unknown;
    // Synchronous, like render(): nunjucks calls back before getExported returns.
    templateFor(compiled, name, this.#templates, this.#env).getExported({}, (error, names) => {
      failure = error;
      result = names ?? {};
    });
    if (failure) throw failure;
    return result;
  }

  #wrapOutputs(root: NjNode, autoescape: boolean): void {
    const filter = autoescape ? ESCAPE_FILTER : RAW_FILTER;
    for (const output of findDeep(root, nodes.Output)) {
      output.children = output.children.map((child) =>
        child instanceof nodes.TemplateData || this.#wrapped.has(child) ? child : this.#call(filter, child),
      );
    }
    // Jinja renders a block `{% set %}` or `{% filter %}` body as Markup where autoescape is on,
    // so printing it later does not escape it a second time.
    const capture = (node: NjNode): NjNode => {
      if (!(node instanceof nodes.Capture) || this.#wrapped.has(node)) return node;
      this.#wrapped.add(node);
      return autoescape ? this.#call(CAPTURE_FILTER, node) : node;
    };
    for (const set of findDeep(root, nodes.Set)) if (set.body) set.body = capture(set.body);
    for (const call of findDeep(root, nodes.Filter)) call.args.children = call.args.children.map(capture);
  }

  #call(filter: string, child: NjNode): NjNode {
    const call = new nodes.Filter(
      child.lineno,
      child.colno,
      new nodes.Symbol(child.lineno, child.colno, filter),
      new nodes.NodeList(child.lineno, child.colno, [child]),
    );
    this.#wrapped.add(call);
    return call;
  }

  // Jinja's `{% autoescape true|false %}…{% endautoescape %}` (nunjucks: "unknown block tag").
  #autoescapeExtension(): object {
    return {
      tags: ['autoescape'],
      parse: (parser: NjParser): NjNode => {
        const tag = parser.nextToken();
        const arg = parser.parseExpression();
        let on: boolean | undefined;
        if (arg instanceof nodes.Literal && typeof arg.value === 'boolean') on = arg.value;
        else if (arg instanceof nodes.Symbol && (arg.value === 'True' || arg.value === 'False')) on = arg.value === 'True';
        if (on === undefined) {
          parser.fail('autoescape takes a constant true or false', tag.lineno, tag.colno);
        }
        parser.advanceAfterBlockEnd(tag.value);
        const body = parser.parseUntilBlocks('endautoescape');
        parser.advanceAfterBlockEnd();
        this.#wrapOutputs(body, on);
        return body;
      },
    };
  }
}

// Routes `x.constructor`, `x[key]` and `{{ constructor }}` through the guards of member-guard.ts,
// in the generated code (filters are in scope everywhere, macros included). Literal member names
// are checked here, at compile time, so `{{ user.name }}` compiles exactly as nunjucks would.
function guardMembers(compiler: NjCompiler): void {
  const { compileLookupVal, compileSymbol } = compiler;
  compiler.compileLookupVal = function guardedLookupVal(node, frame) {
    const literal = node.val instanceof nodes.Literal ? node.val.value : undefined;
    if (typeof literal === 'string' && !isBlockedMember(literal)) return compileLookupVal.call(this, node, frame);
    if (typeof literal === 'number') return compileLookupVal.call(this, node, frame);
    this._emit('runtime.memberLookup((');
    this._compileExpression(node.target, frame);
    this._emit(`),env.getFilter("${MEMBER_GUARD}").call(context, `);
    this._compileExpression(node.val, frame);
    this._emit('))');
  };
  compiler.compileSymbol = function guardedSymbol(node, frame) {
    const name = String(node.value);
    // A name bound in the generated code (loop variable, macro argument) is the template's own.
    if (!isBlockedMember(name) || frame.lookup(name)) return compileSymbol.call(this, node, frame);
    this._emit(`env.getFilter("${NAME_GUARD}").call(context, `);
    compileSymbol.call(this, node, frame);
    this._emit(`, ${JSON.stringify(name)})`);
  };
}

// Every node of `type` under `root` (root included). nunjucks' own `findAll` only follows
// declared fields and so misses `{% set %}…{% endset %}` bodies, which the parser attaches as an
// undeclared `body`; `body` and `else_` are therefore always followed here.
function findDeep<T extends NjNode>(root: NjNode, type: NjNodeClass<T>): T[] {
  const found: T[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!(value instanceof nodes.Node)) return;
    if (value instanceof type) found.push(value);
    const node = value as NjNode & Record<string, unknown>;
    const keys = new Set([...node.fields, 'body', 'else_']);
    if (value instanceof nodes.NodeList) keys.add('children');
    for (const key of keys) visit(node[key]);
  };
  visit(root);
  return found;
}

// Template names written as string literals in extends/include/import/from (both branches of
// an inline if count). Names computed at render time are found later, on a miss.
function collectDependencies(ast: NjNodeList): string[] {
  const names = new Set<string>();
  for (const type of [nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport]) {
    for (const ref of findDeep(ast, type)) {
      const candidates = findDeep(ref.template, nodes.Literal);
      for (const literal of candidates) if (typeof literal.value === 'string') names.add(literal.value);
    }
  }
  return [...names];
}

// One nunjucks Template per compiled template. Its state (root and block functions) is fixed
// after compilation, so sharing it between concurrent renders is safe.
function templateFor(compiled: { code: unknown }, name: string, cache: WeakMap<object, NjTemplate>, env: NjEnvironment): NjTemplate {
  let template = cache.get(compiled);
  if (!template) {
    template = new nunjucks.Template({ type: 'code', obj: compiled.code }, env, name);
    cache.set(compiled, template);
  }
  return template;
}

/**
 * nunjucks' error class, for `instanceof` checks when normalising render errors.
 *
 * @example
 * ```ts
 * if (isEngineError(err)) console.log(err.lineno);
 * ```
 */
export function isEngineError(error: unknown): error is Error & { lineno?: number; colno?: number; cause?: unknown } {
  return error instanceof nunjucks.lib.TemplateError;
}
