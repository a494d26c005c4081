/**
 * Flask's `request` attributes on `ctx.request`, typed through module augmentation of Koa's
 * `Request`. The accessors are installed once per Koa app on `app.request` (the prototype of every
 * `ctx.request`), so a request costs no property definitions; per-request values live in a
 * symbol-keyed state object and are computed lazily.
 */
import type { Readable } from 'node:stream';
import type Koa from 'koa';
import type { Context } from 'koa';
import { limitedBody } from './body-stream.js';
import { parseCookieHeader } from './cookie-parse.js';
import type { FileStorage } from './file-storage.js';
import { type GetJsonOptions, loadJson } from './json.js';
import { isJsonMimetype, parseOptionsHeader } from './mimetype.js';
import { CombinedMultiDict, ImmutableMultiDict } from './multidict.js';
import { parseUrlencoded } from './urlencoded.js';
import type { TempFiles } from './uploads.js';
import { urlProperties } from './url.js';

declare module 'koa' {
  interface Request {
    /** Query string as a MultiDict (Werkzeug's parser: `;` is data, `+` is a space). */
    readonly args: ImmutableMultiDict<string>;
    /** Urlencoded or multipart fields (empty for other bodies). Needs `bodies()`. */
    readonly form: ImmutableMultiDict<string>;
    /** Uploaded files, one FileStorage per part with a `filename`. Needs `bodies()`. */
    readonly files: ImmutableMultiDict<FileStorage>;
    /** `args` then `form` as a CombinedMultiDict (only `args` for GET, as Werkzeug ≥2.0). */
    readonly values: ImmutableMultiDict<string>;
    /** Request cookies parsed like Werkzeug (duplicates kept, quoted values unescaped). */
    readonly cookies: ImmutableMultiDict<string>;
    /** The raw body when `bodies()` buffered it (JSON, text/plain, urlencoded), else empty. */
    readonly data: Buffer;
    /**
     * The unread body as a stream (bodies `bodies()` does not parse: octet-stream, …), failing with
     * 413 past `maxContentLength` as Werkzeug's `request.stream` does; empty once a body was parsed.
     */
    readonly stream: Readable;
    /** Lower-cased Content-Type without parameters, `''` when absent. */
    readonly mimetype: string;
    /** Content-Type parameters (`{ charset: 'utf-8' }`). */
    readonly mimetypeParams: Record<string, string>;
    /** `application/json` or `application/*+json`. */
    readonly isJson: boolean;
    /** Flask's `get_json(silent=True)`: the parsed body, or `undefined` instead of a 415/400. */
    getJson<T = unknown>(options: GetJsonOptions & { silent: true }): T | undefined;
    /** Flask's `get_json()`: 415 for a non-JSON type, 400 for bad JSON (needs `bodies()`). */
    getJson<T = unknown>(options?: GetJsonOptions): T;
    /** Decoded path plus `?` plus the raw query; the `?` is always there. */
    readonly fullPath: string;
    /** The mount prefix (SCRIPT_NAME), `''` at the root. */
    readonly scriptRoot: string;
    /** Absolute URL without the query (IRI form). */
    readonly baseUrl: string;
    /** Scheme, host and mount prefix, always ending in `/`. */
    readonly urlRoot: string;
    /** Scheme and host, ending in `/`. */
    readonly hostUrl: string;
    /** The peer address (no proxy headers, as Werkzeug's REMOTE_ADDR). */
    readonly remoteAddr: string | undefined;
    /** The matched endpoint (from @kolba/routing), `undefined` without a match. */
    readonly endpoint: string | undefined;
    /** The converted route values including rule defaults, `undefined` without a match. */
    readonly viewArgs: Record<string, unknown> | undefined;
  }
}

/** Per-request state behind the accessors. */
export interface RequestState {
  form: ImmutableMultiDict<string>;
  files: ImmutableMultiDict<FileStorage>;
  data: Buffer | undefined;
  hasBody: boolean;
  parsed?: boolean;
  json: { value: unknown } | undefined;
  args?: ImmutableMultiDict<string>;
  cookies?: ImmutableMultiDict<string>;
  values?: ImmutableMultiDict<string>;
  temps?: TempFiles;
  /** `MAX_CONTENT_LENGTH` of the `bodies()` that saw this request (`null`: no limit). */
  maxContentLength?: number | null;
  stream?: Readable;
}

const STATE = Symbol('kolba.request');
const EMPTY_FORM = new ImmutableMultiDict<string>();
const EMPTY_FILES = new ImmutableMultiDict<FileStorage>();
const EMPTY_BUFFER = Buffer.alloc(0);

type StatefulRequest = Koa.Request & { [STATE]?: RequestState };

/**
 * The state of one request, created on first use.
 *
 * @example
 * ```ts
 * requestState(ctx.request).form; // ImmutableMultiDict
 * ```
 */
export function requestState(request: Koa.Request): RequestState {
  const r = request as StatefulRequest;
  r[STATE] ??= { form: EMPTY_FORM, files: EMPTY_FILES, data: undefined, hasBody: false, json: undefined };
  return r[STATE];
}

interface RoutingInfo {
  endpoint?: string;
  viewArgs?: Record<string, unknown>;
}

const routingOf = (request: Koa.Request): RoutingInfo | undefined =>
  (request.ctx as Context & { routing?: RoutingInfo }).routing;

type Getter = (this: Koa.Request) => unknown;
const getters: Record<string, Getter> = {
  args() {
    const s = requestState(this);
    return (s.args ??= parseUrlencoded(this.querystring));
  },
  form() { return requestState(this).form; },
  files() { return requestState(this).files; },
  values() {
    const s = requestState(this);
    if (s.values) return s.values;
    const args = this.args;
    if (this.method === 'GET') return (s.values = args);
    return (s.values = new CombinedMultiDict([args, s.form]));
  },
  cookies() {
    const s = requestState(this);
    return (s.cookies ??= parseCookieHeader(this.get('Cookie') || undefined));
  },
  data() { return requestState(this).data ?? EMPTY_BUFFER; },
  stream() {
    const s = requestState(this);
    return (s.stream ??= limitedBody(this.req, s.maxContentLength ?? null));
  },
  mimetype() { return parseOptionsHeader(this.get('Content-Type')).value.toLowerCase(); },
  mimetypeParams() { return parseOptionsHeader(this.get('Content-Type')).params; },
  isJson() { return isJsonMimetype(this.mimetype); },
  fullPath() { return urlProperties(this.ctx).fullPath; },
  scriptRoot() { return urlProperties(this.ctx).scriptRoot; },
  baseUrl() { return urlProperties(this.ctx).baseUrl; },
  urlRoot() { return urlProperties(this.ctx).urlRoot; },
  hostUrl() { return urlProperties(this.ctx).hostUrl; },
  remoteAddr() { return this.req.socket?.remoteAddress; },
  endpoint() { return routingOf(this)?.endpoint; },
  viewArgs() { return routingOf(this)?.viewArgs; },
};

function getJson(this: Koa.Request, options?: GetJsonOptions): unknown {
  const s = requestState(this);
  // Without bodies() the body was never buffered: parsing '' would answer a valid JSON request
  // with a misleading 400, so name the set-up problem instead (a 500 the developer sees at once).
  if (!s.parsed && (options?.force || this.isJson) && (this.get('Content-Length') || this.get('Transfer-Encoding'))) {
    throw new Error('@kolba/request: ctx.request.getJson() needs the bodies() middleware before the handler');
  }
  const source = { isJson: this.isJson, data: s.data, hasBody: s.hasBody, cache: s.json };
  const value = loadJson(source, options);
  s.json = source.cache;
  return value;
}

const installed = new WeakSet<object>();

/**
 * Adds the Flask accessors to an app's request prototype (idempotent; `bodies()` calls it).
 *
 * @example
 * ```ts
 * installRequestSurface(app); // ctx.request.args works without bodies()
 * ```
 */
export function installRequestSurface(app: Koa): void {
  const proto = app.request as object;
  if (installed.has(proto)) return;
  installed.add(proto);
  const descriptors: PropertyDescriptorMap = {};
  for (const [name, get] of Object.entries(getters)) {
    // A setter that shadows with an own property: other middleware assigning these names (koa-body
    // with patchKoa writes `ctx.request.files`) must not hit "only a getter" TypeErrors.
    const set = function shadow(this: object, value: unknown): void {
      Object.defineProperty(this, name, { value, writable: true, configurable: true, enumerable: true });
    };
    descriptors[name] = { get, set, configurable: true, enumerable: false };
  }
  descriptors.getJson = { value: getJson, configurable: true, writable: true, enumerable: false };
  Object.defineProperties(proto, descriptors);
}
