/**
 * Finds, reads and compiles templates without blocking the event loop, and keeps them in memory
 * so that nunjucks can render synchronously (see engine.ts for why rendering is synchronous).
 *
 * Flask's loader model: the app's folder first, then blueprint folders in registration order;
 * **first match wins** (`DispatchingJinjaLoader`). Names are split on `/` and `..` segments are
 * refused (Jinja's `split_template_path`), so a template name can never leave its folder.
 * With `autoReload` (Flask's TEMPLATES_AUTO_RELOAD, or DEBUG when unset) every render re-checks
 * the files of the templates it uses, as Jinja's `uptodate` check does.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompiledTemplate } from './engine.js';
import { TemplateNotFound, TemplatesNotFound } from './errors.js';

/**
 * A template held in memory.
 *
 * @example
 * ```ts
 * const { name, filename, compiled } = await store.load('index.html');
 * ```
 */
export interface StoredTemplate {
  readonly name: string;
  readonly filename: string;
  readonly compiled: CompiledTemplate;
  /** mtime (ns) and size when read: Jinja's `uptodate` compares the mtime. */
  readonly stamp: string;
  /** Names this template needed at render time that were not literal (found on a miss). */
  readonly dynamic: Set<string>;
}

/**
 * Options of {@link TemplateStore}.
 *
 * @example
 * ```ts
 * const options: StoreOptions = { folders, autoReload: () => debug, compile: (src, name, file) => engine.compile(src, name, true) };
 * ```
 */
export interface StoreOptions {
  folders: string[];
  autoReload: () => boolean;
  /** Compiles a template; throws TemplateSyntaxError naming `name` and `filename`. */
  compile(source: string, name: string, filename: string): CompiledTemplate;
  /** Receives Flask's EXPLAIN_TEMPLATE_LOADING report, when enabled. */
  explain?: ((report: string) => void) | undefined;
}

const MISSING_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG']);
// Names known to be missing are remembered so a render can tell "absent" from "not loaded yet";
// the set is bounded because names may come from requests (renderTemplate(ctx, userInput)).
const MAX_ABSENT = 1024;

/**
 * Jinja's `split_template_path`: undefined when the name tries to leave the folder.
 *
 * @example
 * ```ts
 * splitTemplatePath('admin/./index.html'); // ['admin', 'index.html']
 * splitTemplatePath('../etc/passwd');      // undefined
 * ```
 */
export function splitTemplatePath(name: string): string[] | undefined {
  const pieces: string[] = [];
  for (const piece of name.split('/')) {
    // `..` escapes the folder; `\` is a separator on Windows; NUL truncates paths in C APIs.
    if (piece === '..' || piece.includes('\\') || piece.includes('\0')) return undefined;
    if (piece && piece !== '.') pieces.push(piece);
  }
  return pieces.length ? pieces : undefined;
}

/**
 * The async side of template loading: folders, cache, reload.
 *
 * @example
 * ```ts
 * const store = new TemplateStore({ folders: ['/app/templates'], autoReload: () => false, compile });
 * const entry = await store.load('index.html'); // and everything it extends/includes
 * ```
 */
export class TemplateStore {
  readonly #options: StoreOptions;
  readonly #entries = new Map<string, StoredTemplate>();
  readonly #absent = new Set<string>();
  readonly #inflight = new Map<string, Promise<StoredTemplate | undefined>>();

  constructor(options: StoreOptions) {
    this.#options = options;
  }

  /** The template folders, in search order. */
  get folders(): readonly string[] {
    return this.#options.folders;
  }

  /** Appends a folder searched after the existing ones (a blueprint's `template_folder`). */
  addFolder(folder: string): void {
    this.#options.folders.push(folder);
    // A new folder can make an absent name resolvable.
    this.#absent.clear();
  }

  /** Drops every cached template (they are read again on next use). */
  clear(): void {
    this.#entries.clear();
    this.#absent.clear();
  }

  /** Synchronous lookup used by the engine during a render. */
  peek(name: string): StoredTemplate | undefined {
    return this.#entries.get(name);
  }

  /** True when `name` was looked for and does not exist in any folder. */
  isAbsent(name: string): boolean {
    return this.#absent.has(name);
  }

  /**
   * Loads the first existing template of `names` and everything it references literally,
   * re-checking files when auto-reload is on. Throws {@link TemplateNotFound} (one name) or
   * {@link TemplatesNotFound} (a list) when none exists.
   */
  async load(names: string | readonly string[]): Promise<StoredTemplate> {
    const list = typeof names === 'string' ? [names] : names;
    for (const name of list) {
      // Like Jinja, a missing top-level template is searched for again on every render, so a
      // template added later is found without a restart.
      this.#absent.delete(name);
      const entry = await this.#ensure(name);
      if (entry) {
        await this.#ensureClosure(entry);
        return entry;
      }
    }
    if (typeof names === 'string') throw new TemplateNotFound(names, this.folders);
    throw new TemplatesNotFound(list, this.folders);
  }

  /** Loads names discovered during a render; true when at least one of them exists. */
  async loadMissing(names: Iterable<string>, root?: StoredTemplate): Promise<boolean> {
    let found = false;
    for (const name of names) {
      root?.dynamic.add(name);
      const entry = await this.#ensure(name);
      if (entry) {
        found = true;
        await this.#ensureClosure(entry);
      }
    }
    return found;
  }

  async #ensureClosure(root: StoredTemplate): Promise<void> {
    const seen = new Set<string>([root.name]);
    const queue: StoredTemplate[] = [root];
    while (queue.length > 0) {
      const entry = queue.shift() as StoredTemplate;
      for (const name of [...entry.compiled.dependencies, ...entry.dynamic]) {
        if (seen.has(name)) continue;
        seen.add(name);
        const dep = await this.#ensure(name);
        if (dep) queue.push(dep);
      }
    }
  }

  // Returns the cached entry, or reads it. In auto-reload mode a cached entry is re-stat'ed and
  // re-read when its file changed, and an absent name is searched for again.
  async #ensure(name: string): Promise<StoredTemplate | undefined> {
    const cached = this.#entries.get(name);
    const reload = this.#options.autoReload();
    if (cached && !reload) return cached;
    if (!cached && this.#absent.has(name) && !reload) return undefined;
    const pending = this.#inflight.get(name);
    if (pending) return pending;
    const task = this.#read(name, cached).finally(() => this.#inflight.delete(name));
    this.#inflight.set(name, task);
    return task;
  }

  async #read(name: string, cached: StoredTemplate | undefined): Promise<StoredTemplate | undefined> {
    const pieces = splitTemplatePath(name);
    const report: string[] = [];
    let result: StoredTemplate | undefined;
    if (pieces) {
      for (const [index, folder] of this.folders.entries()) {
        const filename = join(folder, ...pieces);
        const file = await openIfExists(filename);
        const stat = file && (await statFile(file));
        if (!file || !stat) {
          report.push(`${index + 1}: trying folder '${folder}'\n       no match`);
          continue;
        }
        report.push(`${index + 1}: trying folder '${folder}'\n       found ('${filename}')`);
        try {
          const stamp = `${stat.mtimeNs}:${stat.size}`;
          if (cached && cached.filename === filename && cached.stamp === stamp) {
            result = cached;
          } else {
            const source = await file.readFile('utf8');
            result = {
              name,
              filename,
              stamp,
              compiled: this.#options.compile(source, name, filename),
              dynamic: cached?.dynamic ?? new Set(),
            };
          }
        } finally {
          await file.close();
        }
        break;
      }
    } else {
      report.push(`refused: the name is not a relative path inside a template folder`);
    }
    // Report actual loads only: an unchanged file re-checked by auto-reload is not a new load.
    if (result === undefined || result !== cached) this.#explain(name, report, result !== undefined);
    if (result) {
      this.#entries.set(name, result);
      this.#absent.delete(name);
    } else {
      this.#entries.delete(name);
      if (this.#absent.size >= MAX_ABSENT) this.#absent.clear();
      this.#absent.add(name);
    }
    return result;
  }

  // Flask's EXPLAIN_TEMPLATE_LOADING report (flask/debughelpers.py explain_template_loading_attempts).
  #explain(name: string, lines: string[], found: boolean): void {
    if (!this.#options.explain) return;
    const tail = found ? '' : '\nError: the template could not be found.';
    this.#options.explain(`Locating template '${name}':\n    ${lines.join('\n    ')}${tail}`);
  }
}

// A directory named like a template is "no match", as for Jinja's FileSystemLoader.
async function statFile(file: FileHandle) {
  const stat = await file.stat({ bigint: true });
  if (stat.isFile()) return stat;
  await file.close();
  return undefined;
}

async function openIfExists(filename: string): Promise<FileHandle | undefined> {
  try {
    return await open(filename, 'r');
  } catch (error) {
    if (MISSING_CODES.has((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
}
