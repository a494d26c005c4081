/**
 * `Config`: Flask's `app.config` (flask.md §11): a namespace of UPPERCASE keys with Flask 3.1's
 * defaults and its loaders (`from_object`, `from_mapping`, `from_file`, `from_envvar`,
 * `from_prefixed_env`, `get_namespace`).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/**
 * Flask 3.1's `default_config`, with `PERMANENT_SESSION_LIFETIME` in seconds (31 days).
 *
 * @example
 * DEFAULT_CONFIG.SESSION_COOKIE_NAME; // 'session'
 */
export const DEFAULT_CONFIG = Object.freeze({
  DEBUG: false,
  TESTING: false,
  PROPAGATE_EXCEPTIONS: null,
  SECRET_KEY: null,
  SECRET_KEY_FALLBACKS: null,
  PERMANENT_SESSION_LIFETIME: 2_678_400,
  USE_X_SENDFILE: false,
  TRUSTED_HOSTS: null,
  SERVER_NAME: null,
  APPLICATION_ROOT: '/',
  SESSION_COOKIE_NAME: 'session',
  SESSION_COOKIE_DOMAIN: null,
  SESSION_COOKIE_PATH: null,
  SESSION_COOKIE_HTTPONLY: true,
  SESSION_COOKIE_SECURE: false,
  SESSION_COOKIE_PARTITIONED: false,
  SESSION_COOKIE_SAMESITE: null,
  SESSION_REFRESH_EACH_REQUEST: true,
  MAX_CONTENT_LENGTH: null,
  MAX_FORM_MEMORY_SIZE: 500_000,
  MAX_FORM_PARTS: 1_000,
  SEND_FILE_MAX_AGE_DEFAULT: null,
  TRAP_BAD_REQUEST_ERRORS: null,
  TRAP_HTTP_EXCEPTIONS: false,
  EXPLAIN_TEMPLATE_LOADING: false,
  PREFERRED_URL_SCHEME: 'http',
  TEMPLATES_AUTO_RELOAD: null,
  MAX_COOKIE_SIZE: 4093,
  PROVIDE_AUTOMATIC_OPTIONS: true,
} as const);

/**
 * The keys of `app.config` and their types. Augment it for your own keys:
 *
 * @example
 * declare module 'kolba' { interface ConfigValues { DATABASE_URL?: string } }
 * app.config.DATABASE_URL; // string | undefined
 */
export interface ConfigValues {
  DEBUG: boolean;
  TESTING: boolean;
  PROPAGATE_EXCEPTIONS: boolean | null;
  SECRET_KEY: string | Buffer | null;
  SECRET_KEY_FALLBACKS: ReadonlyArray<string | Buffer> | null;
  PERMANENT_SESSION_LIFETIME: number | { days?: number; hours?: number; minutes?: number; seconds?: number };
  USE_X_SENDFILE: boolean;
  TRUSTED_HOSTS: readonly string[] | null;
  SERVER_NAME: string | null;
  APPLICATION_ROOT: string;
  SESSION_COOKIE_NAME: string;
  SESSION_COOKIE_DOMAIN: string | null;
  SESSION_COOKIE_PATH: string | null;
  SESSION_COOKIE_HTTPONLY: boolean;
  SESSION_COOKIE_SECURE: boolean;
  SESSION_COOKIE_PARTITIONED: boolean;
  SESSION_COOKIE_SAMESITE: 'Strict' | 'Lax' | 'None' | null;
  SESSION_REFRESH_EACH_REQUEST: boolean;
  MAX_CONTENT_LENGTH: number | null;
  MAX_FORM_MEMORY_SIZE: number | null;
  MAX_FORM_PARTS: number | null;
  SEND_FILE_MAX_AGE_DEFAULT: number | null;
  TRAP_BAD_REQUEST_ERRORS: boolean | null;
  TRAP_HTTP_EXCEPTIONS: boolean;
  EXPLAIN_TEMPLATE_LOADING: boolean;
  PREFERRED_URL_SCHEME: string;
  TEMPLATES_AUTO_RELOAD: boolean | null;
  MAX_COOKIE_SIZE: number;
  PROVIDE_AUTOMATIC_OPTIONS: boolean;
  [key: string]: unknown;
}

/**
 * Options of {@link Config.fromFile} (Flask's `load`, `silent`, `text`).
 *
 * @example
 * app.config.fromFile('config.toml', { load: (text) => toml.parse(text as string) });
 */
export interface FromFileOptions {
  /** Parses the file's content (default `JSON.parse`). Gets a string, or a Buffer with `text: false`. */
  load?: (content: string | Buffer) => unknown;
  /** A missing file returns `false` instead of throwing. */
  silent?: boolean;
  /** Read as UTF-8 text (default) or pass the raw Buffer. */
  text?: boolean;
}

/**
 * Options of {@link Config.fromPrefixedEnv}.
 *
 * @example
 * app.config.fromPrefixedEnv('MYAPP', { env: { MYAPP_DEBUG: 'true' } });
 */
export interface FromPrefixedEnvOptions {
  /** Parses each value; a failure keeps the raw string (default `JSON.parse`, Flask's `json.loads`). */
  loads?: (value: string) => unknown;
  /** The environment to read (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Options of {@link Config.getNamespace}.
 *
 * @example
 * app.config.getNamespace('IMAGE_STORE_', { lowercase: false });
 */
export interface GetNamespaceOptions {
  /** Lower-case the returned keys (default `true`). */
  lowercase?: boolean;
  /** Remove the namespace from the keys (default `true`). */
  trimNamespace?: boolean;
}

/** Python's `str.isupper()`: at least one cased character and no lower-case one. */
function isUpper(key: string): boolean {
  return key !== key.toLowerCase() && key === key.toUpperCase();
}

const ERRNO: Record<string, [number, string]> = {
  ENOENT: [2, 'No such file or directory'],
  EISDIR: [21, 'Is a directory'],
  ENOTDIR: [20, 'Not a directory'],
  EACCES: [13, 'Permission denied'],
};

function plainObject(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

// The class and the interface merge, so `config.SECRET_KEY` is typed (and augmentable).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Config extends ConfigValues {}

/**
 * Flask's config object. Keys are plain properties (`config.SECRET_KEY = 'x'`); `Object.keys`,
 * spreading and JSON see only keys; the loaders are read-only methods on the prototype, so a
 * key can never shadow them.
 *
 * @example
 * const config = new Config('/srv/app');
 * config.fromMapping({ SECRET_KEY: 'dev', lower: 'ignored' });
 * config.fromPrefixedEnv();        // KOLBA_DEBUG=true → config.DEBUG === true
 * config.getNamespace('SESSION_COOKIE_'); // { name: 'session', domain: null, … }
 */
export class Config {
  /** Base directory of relative file names (Flask's `config.root_path`). */
  declare readonly rootPath: string;

  constructor(rootPath: string, defaults: Readonly<Record<string, unknown>> = DEFAULT_CONFIG) {
    Object.defineProperty(this, 'rootPath', { value: rootPath, enumerable: false });
    for (const [key, value] of Object.entries(defaults)) this.#set(key, value);
  }

  #set(key: string, value: unknown): void {
    if (key === 'rootPath' || (key in Config.prototype && key !== '__proto__')) {
      // An own property would silently shadow the method every later call depends on.
      throw new TypeError(`'${key}' cannot be a config key: it is a method of Config. Use an UPPERCASE name.`);
    }
    // defineProperty, not assignment: `__proto__` from a JSON file or the environment is a key.
    Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
  }

  /**
   * Copies the UPPERCASE properties of an object, class (static properties) or module.
   *
   * @example
   * class Production { static DEBUG = false; static DATABASE_URL = 'postgres://…'; }
   * app.config.fromObject(Production);
   */
  fromObject(obj: object): void {
    if (typeof obj !== 'object' && typeof obj !== 'function') throw new TypeError('config.fromObject(obj): obj must be an object, class or module.');
    const seen = new Set<string>();
    for (let o: object | null = obj; o !== null && o !== Object.prototype && o !== Function.prototype; o = Object.getPrototypeOf(o)) {
      for (const key of Object.getOwnPropertyNames(o)) {
        if (seen.has(key) || !isUpper(key)) continue;
        seen.add(key);
        this.#set(key, (obj as Record<string, unknown>)[key]);
      }
    }
  }

  /**
   * Sets the UPPERCASE keys of a mapping (object, Map or list of pairs) and of `extra`.
   *
   * @example
   * app.config.fromMapping({ SECRET_KEY: 'dev' }, { TESTING: true });
   */
  fromMapping(mapping?: object | Iterable<readonly [string, unknown]> | null, extra: Record<string, unknown> = {}): true {
    const entries: Array<readonly [string, unknown]> = [];
    if (mapping !== undefined && mapping !== null) {
      if (typeof (mapping as Iterable<unknown>)[Symbol.iterator] === 'function') {
        for (const pair of mapping as Iterable<readonly [string, unknown]>) {
          if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError('config.fromMapping(): an iterable must yield [key, value] pairs.');
          entries.push(pair);
        }
      } else if (typeof mapping === 'object') {
        entries.push(...Object.entries(mapping));
      } else {
        throw new TypeError('config.fromMapping(mapping): mapping must be an object or a list of pairs.');
      }
    }
    entries.push(...Object.entries(extra));
    for (const [key, value] of entries) if (typeof key === 'string' && isUpper(key)) this.#set(key, value);
    return true;
  }

  /**
   * Loads a file (JSON by default, relative to `rootPath`) and applies its UPPERCASE keys.
   *
   * @returns `false` when the file is missing and `silent` is set, else `true`.
   * @throws Error with Flask's message: `[Errno 2] Unable to load configuration file (No such file or directory): '/abs/path'`.
   * @example
   * app.config.fromFile('config.json');
   * app.config.fromFile('local.json', { silent: true });
   */
  fromFile(filename: string, options: FromFileOptions = {}): boolean {
    if (typeof filename !== 'string' || filename === '') throw new TypeError('config.fromFile(filename): filename must be a non-empty string.');
    const path = isAbsolute(filename) ? filename : resolve(this.rootPath, filename);
    if (options.load === undefined && /\.(py|cfg)$/i.test(path)) {
      throw new TypeError(`config.fromFile('${filename}'): kolba cannot execute Python config files; use JSON, or pass { load } for another format.`);
    }
    let content: string | Buffer;
    try {
      content = options.text === false ? readFileSync(path) : readFileSync(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (options.silent === true && (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR')) return false;
      const [errno, text] = ERRNO[code] ?? [0, (err as Error).message];
      throw new Error(`[Errno ${errno}] Unable to load configuration file (${text}): '${path}'`, { cause: err });
    }
    let data: unknown;
    try {
      data = (options.load ?? ((c) => JSON.parse(String(c))))(content);
    } catch (err) {
      throw new Error(`Unable to parse configuration file '${path}': ${(err as Error).message}`, { cause: err });
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new TypeError(`Configuration file '${path}' must hold an object of keys, not ${Array.isArray(data) ? 'an array' : String(data)}.`);
    }
    this.fromMapping(data);
    return true;
  }

  /**
   * Loads the JSON file named by an environment variable (Flask's `from_envvar`).
   *
   * @example
   * app.config.fromEnvvar('YOURAPP_SETTINGS'); // YOURAPP_SETTINGS=/etc/yourapp.json
   */
  fromEnvvar(name: string, options: { silent?: boolean; env?: Readonly<Record<string, string | undefined>> } = {}): boolean {
    const path = (options.env ?? process.env)[name];
    if (path === undefined || path === '') {
      if (options.silent === true) return false;
      throw new Error(
        `The environment variable '${name}' is not set and as such configuration could not be loaded. Set this variable and make it point to a configuration file`,
      );
    }
    return this.fromFile(path, { silent: options.silent === true });
  }

  /**
   * Loads every `PREFIX_*` environment variable, in sorted order: values are parsed as JSON
   * when they can be (`true`, `5000`, `[1, 2]`), else kept as strings; `__` nests into objects
   * (`KOLBA_DB__HOST=x` → `config.DB.HOST`). Keys keep their case.
   *
   * @example
   * app.config.fromPrefixedEnv();          // KOLBA_SECRET_KEY=… KOLBA_MAX_CONTENT_LENGTH=1048576
   */
  fromPrefixedEnv(prefix = 'KOLBA', options: FromPrefixedEnvOptions = {}): true {
    const env = options.env ?? process.env;
    const loads = options.loads ?? JSON.parse;
    const start = `${prefix}_`;
    for (const envKey of Object.keys(env).filter((k) => k.startsWith(start)).sort()) {
      const raw = env[envKey];
      if (raw === undefined) continue;
      let value: unknown = raw;
      try {
        value = loads(raw);
      } catch {
        // Flask keeps the string when it is not valid JSON.
      }
      const key = envKey.slice(start.length);
      if (!key.includes('__')) {
        this.#set(key, value);
        continue;
      }
      const [head, ...rest] = key.split('__') as [string, ...string[]];
      let current = (this as unknown as Record<string, unknown>)[head];
      if (typeof current !== 'object' || current === null || !Object.hasOwn(this, head)) {
        current = plainObject();
        this.#set(head, current);
      }
      let node = current as Record<string, unknown>;
      for (const part of rest.slice(0, -1)) {
        let next = Object.hasOwn(node, part) ? node[part] : undefined;
        if (typeof next !== 'object' || next === null) {
          next = plainObject();
          Object.defineProperty(node, part, { value: next, writable: true, enumerable: true, configurable: true });
        }
        node = next as Record<string, unknown>;
      }
      Object.defineProperty(node, rest[rest.length - 1]!, { value, writable: true, enumerable: true, configurable: true });
    }
    return true;
  }

  /**
   * The keys that start with `namespace`, trimmed and lower-cased by default.
   *
   * @example
   * app.config.IMAGE_STORE_PATH = '/var/images';
   * app.config.getNamespace('IMAGE_STORE_'); // { path: '/var/images' }
   */
  getNamespace(namespace: string, options: GetNamespaceOptions = {}): Record<string, unknown> {
    const out = plainObject();
    for (const [key, value] of Object.entries(this)) {
      if (!key.startsWith(namespace)) continue;
      let name = options.trimNamespace === false ? key : key.slice(namespace.length);
      if (options.lowercase !== false) name = name.toLowerCase();
      Object.defineProperty(out, name, { value, writable: true, enumerable: true, configurable: true });
    }
    return out;
  }

  /**
   * The value of `key`, or `defaultValue` when it is not set (Python's `dict.get`).
   *
   * @example
   * app.config.get('DATABASE_URL', 'sqlite://');
   */
  get(key: string, defaultValue?: unknown): unknown {
    return Object.hasOwn(this, key) ? (this as unknown as Record<string, unknown>)[key] : defaultValue;
  }

  /**
   * True when `key` is set (Python's `key in config`).
   *
   * @example
   * if (!app.config.has('SECRET_KEY')) throw new Error('configure SECRET_KEY');
   */
  has(key: string): boolean {
    return Object.hasOwn(this, key);
  }

  /**
   * Sets every key of `values`, whatever its case (Python's `dict.update`).
   *
   * @example
   * app.config.update({ TESTING: true, SECRET_KEY: 'test' });
   */
  update(values: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(values)) this.#set(key, value);
  }

  /**
   * A plain copy of the keys and values.
   *
   * @example
   * console.log(app.config.toObject());
   */
  toObject(): Record<string, unknown> {
    return { ...this };
  }

  /**
   * Iterates the key names (Python's `iter(config)`).
   *
   * @example
   * for (const key of app.config) console.log(key);
   */
  *[Symbol.iterator](): IterableIterator<string> {
    yield* Object.keys(this);
  }
}

// Read-only helpers: `config.get = 1` throws instead of shadowing the method every loader uses.
for (const key of [...Object.getOwnPropertyNames(Config.prototype).filter((k) => k !== 'constructor'), Symbol.iterator]) {
  Object.defineProperty(Config.prototype, key, { writable: false, enumerable: false, configurable: false });
}

/**
 * The config object's type: the methods plus {@link ConfigValues}.
 *
 * @example
 * function port(config: KolbaConfig) { return config.SERVER_NAME; }
 */
export type KolbaConfig = Config & ConfigValues;
