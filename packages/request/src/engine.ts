/**
 * The one module that talks to koa-body and formidable (multipart). Everything Flask-specific
 * (limits, part counting, Werkzeug's filename/field rules, temp-file tracking) is applied here,
 * so the rest of the package sees plain results. The entry point is formidable's documented
 * plugin hook (`enabledPlugins`, passed through koa-body's `formidable` options); from there a few
 * formidable 3.5 internals are used (`onPart`/`_handlePart`, `_error`, `_parser` events, the temp
 * file's `_writeStream`). `kolbaHooks` checks they exist, and the engine/uploads tests exercise
 * them, so a formidable release that changes them fails loudly instead of silently.
 *
 * Both engines are loaded with a computed specifier: koa-body's type declarations augment Koa's
 * `Request` with `files?: ScalarOrArrayFiles`, which would clash with this package's
 * `files: MultiDict<FileStorage>` (koajs/koa-body#118, #144 are the same clash for `body`). The
 * minimal shapes used here are declared below instead.
 */
import type { IncomingMessage } from 'node:http';
import type { Context, Middleware } from 'koa';
import { RequestEntityTooLarge } from './errors.js';
import { decodeFormValue } from './form-value.js';
import { parseOptionsHeader } from './mimetype.js';

/** The slice of formidable's PersistentFile this package relies on. */
export interface FormidableFile {
  filepath: string;
  size: number;
  _writeStream: (NodeJS.WritableStream & { closed?: boolean; destroyed?: boolean; errored?: Error | null; destroy(): void }) | null;
}

interface FormidablePart extends NodeJS.EventEmitter {
  headers: Record<string, string>;
  mimetype: string | null;
  originalFilename: string | null;
}

interface ParserEvent {
  name: string;
  start?: number;
  end?: number;
}

interface FormidableForm extends NodeJS.EventEmitter {
  req: IncomingMessage | null;
  _parser?: NodeJS.EventEmitter | null;
  error: unknown;
  onPart(part: FormidablePart): unknown;
  _handlePart(part: FormidablePart): Promise<void>;
  _error(err: unknown): void;
}

type FormidablePlugin = (this: FormidableForm, form: FormidableForm) => unknown;
type KoaBody = (options: Record<string, unknown>) => Middleware;

interface Engines {
  koaBody: KoaBody;
  multipart: FormidablePlugin;
}

const KOA_BODY: string = 'koa-body';
const FORMIDABLE: string = 'formidable';
let engines: Promise<Engines> | undefined;

function loadEngines(): Promise<Engines> {
  engines ??= Promise.all([import(KOA_BODY), import(FORMIDABLE)]).then(([kb, fm]) => ({
    koaBody: (kb as { koaBody: KoaBody }).koaBody,
    multipart: (fm as { multipart: FormidablePlugin }).multipart,
  }));
  return engines;
}

/**
 * Starts loading koa-body and formidable so the first request does not wait for them.
 *
 * @example
 * ```ts
 * preloadEngines(); // in a middleware factory
 * ```
 */
export function preloadEngines(): void {
  // A failure resurfaces (and is reported) on the first request that needs the engines.
  loadEngines().catch(() => { engines = undefined; });
}

// Flask parses a body whatever the method (§8.3); koa-body's default skips GET/DELETE/HEAD.
const ALL_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE', 'GET', 'HEAD'];

/** Limits in bytes / parts; `null` means no limit (Flask's `None`). */
export interface EngineLimits {
  maxContentLength: number | null;
  maxFormMemorySize: number | null;
  maxFormParts: number | null;
}

/** One file part as the parser saw it. */
export interface ParsedFile {
  name: string;
  filename: string;
  contentType: string | null;
  headers: Record<string, string>;
  file: FormidableFile | undefined;
}

/** Result of a multipart parse. */
export interface ParsedMultipart {
  fields: Array<[string, string]>;
  files: ParsedFile[];
}

/** Called for every temp file formidable creates, before any byte is written (for clean-up). */
export type TempFileListener = (file: FormidableFile) => void;

interface MultipartState {
  limits: EngineLimits;
  result: ParsedMultipart;
  parts: number;
  onTempFile: TempFileListener;
}

// Per-request state, found from the form's `req` (set by formidable before plugins run).
const states = new WeakMap<IncomingMessage, MultipartState>();

function tooLarge(): RequestEntityTooLarge {
  return new RequestEntityTooLarge();
}

function handlePart(form: FormidableForm, state: MultipartState, part: FormidablePart): unknown {
  if (form.error) return undefined;
  const { limits, result } = state;
  // MAX_FORM_PARTS counts fields and files alike, as Werkzeug's multipart parser does.
  state.parts += 1;
  if (limits.maxFormParts !== null && state.parts > limits.maxFormParts) {
    form._error(tooLarge());
    return undefined;
  }
  const disposition = parseOptionsHeader(part.headers['content-disposition']).params;
  // A part without a name (or with name="") is kept under '' instead of crashing anything
  // (multer CVE-2025-48997 crashed on empty field names; Werkzeug keeps them).
  const name = disposition.name ?? '';
  const filename = disposition.filename;
  if (filename === undefined) {
    // A plain field: held in memory, so MAX_FORM_MEMORY_SIZE applies to each one.
    const chunks: Buffer[] = [];
    let size = 0;
    part.on('data', (chunk: Buffer) => {
      if (form.error) return;
      size += chunk.length;
      if (limits.maxFormMemorySize !== null && size > limits.maxFormMemorySize) form._error(tooLarge());
      else chunks.push(chunk);
    });
    part.on('end', () => {
      if (!form.error) result.fields.push([name, decodeFormValue(Buffer.concat(chunks), part.headers['content-type'])]);
    });
    return undefined;
  }
  // Werkzeug files every part with a `filename` parameter, even `filename=""` and even without a
  // Content-Type; formidable only files parts that have a mimetype, so give it one.
  const contentType = part.headers['content-type'] ?? null;
  result.files.push({ name, filename, contentType, headers: { ...part.headers }, file: undefined });
  part.mimetype = contentType ?? 'application/octet-stream';
  part.originalFilename = filename;
  return form._handlePart(part);
}

// A formidable plugin that runs after the multipart plugin (whose parser it listens to): it only
// wires this package's hooks.
function kolbaHooks(this: FormidableForm, form: FormidableForm): undefined {
  const state = form.req ? states.get(form.req) : undefined;
  if (state === undefined) return undefined;
  if (typeof form._error !== 'function' || typeof form._handlePart !== 'function') {
    // Surfaces as a 500 naming the problem rather than parsing without kolba's limits.
    throw new Error('@kolba/request: this formidable version lacks the 3.5 internals kolba hooks into');
  }
  form.onPart = (part) => handlePart(form, state, part);
  form.on('fileBegin', (_name: string, file: FormidableFile) => {
    state.onTempFile(file);
    const pending = state.result.files.findLast((f) => f.file === undefined);
    if (pending) pending.file = file;
  });
  // Part headers are buffered in memory by the parser: cap them like a field, as Werkzeug's
  // multipart decoder caps its header buffer at MAX_FORM_MEMORY_SIZE.
  let headerBytes = 0;
  form._parser?.on('data', (event: ParserEvent) => {
    if (event.name === 'partBegin') headerBytes = 0;
    else if (event.name === 'headerField' || event.name === 'headerValue') {
      headerBytes += (event.end ?? 0) - (event.start ?? 0);
      const max = state.limits.maxFormMemorySize;
      if (max !== null && headerBytes > max) form._error(tooLarge());
    }
  });
  // MAX_CONTENT_LENGTH for bodies without Content-Length (chunked): count what arrives.
  form.on('progress', (received: number) => {
    const max = state.limits.maxContentLength;
    if (max !== null && received > max) form._error(tooLarge());
  });
  return undefined;
}

/**
 * Builds the multipart parser for one `bodies()` middleware.
 *
 * @example
 * ```ts
 * const parse = createMultipartParser(os.tmpdir());
 * const { fields, files } = await parse(ctx, limits, (file) => track(file));
 * ```
 */
export function createMultipartParser(uploadDir: string) {
  let middleware: Middleware | undefined;
  return async function parseMultipart(
    ctx: Context,
    limits: EngineLimits,
    onTempFile: TempFileListener,
  ): Promise<ParsedMultipart> {
    if (middleware === undefined) {
      const { koaBody, multipart } = await loadEngines();
      middleware = koaBody({
        multipart: true, urlencoded: false, json: false, text: false,
        patchKoa: false, patchNode: false, parsedMethods: ALL_METHODS,
        formidable: {
          enabledPlugins: [multipart, kolbaHooks],
          uploadDir,
          // Flask has no per-file, empty-file or field-count limits of its own: the kolba limits
          // above (MAX_CONTENT_LENGTH / MAX_FORM_MEMORY_SIZE / MAX_FORM_PARTS) are the only ones.
          allowEmptyFiles: true, minFileSize: 0,
          maxFileSize: Infinity, maxTotalFileSize: Infinity,
          maxFields: Infinity, maxFieldsSize: Infinity, maxFiles: Infinity,
          // No extension on temp names: an upload can never be served or run as `x.php`.
          keepExtensions: false,
        },
      });
    }
    const state: MultipartState = { limits, result: { fields: [], files: [] }, parts: 0, onTempFile };
    states.set(ctx.req, state);
    try {
      await middleware(ctx, async () => {});
    } finally {
      states.delete(ctx.req);
    }
    for (const f of state.result.files) {
      if (f.file === undefined) throw new Error('multipart: file part without temp file');
      // formidable can finish the parse before an asynchronous open/write error of a temp file
      // reaches it (e.g. a missing upload directory); never hand out a file that was not written.
      const failure = f.file._writeStream?.errored;
      if (failure) throw failure;
    }
    return state.result;
  };
}

/**
 * Builds a reader that buffers bodies of the given types (type-is patterns) up to `limit` bytes
 * and returns the raw bytes, or `undefined` when the body is of another type.
 *
 * @example
 * ```ts
 * const readForm = createBodyReader(['urlencoded'], 500_000);
 * const raw = await readForm(ctx); // Buffer | undefined
 * ```
 */
export function createBodyReader(types: string[], limit: number | null) {
  let middleware: Middleware | undefined;
  return async function readBody(ctx: Context): Promise<Buffer | undefined> {
    if (middleware === undefined) {
      const { koaBody } = await loadEngines();
      middleware = koaBody({
        text: true, textTypes: types, urlencoded: false, json: false, multipart: false,
        // latin1 keeps every byte as one char, so the exact bytes can be recovered.
        encoding: 'latin1',
        textLimit: limit ?? Number.MAX_SAFE_INTEGER,
        patchKoa: false, patchNode: true, parsedMethods: ALL_METHODS,
      });
    }
    const req = ctx.req as IncomingMessage & { body?: unknown };
    await middleware(ctx, async () => {});
    const text = req.body;
    delete req.body;
    return typeof text === 'string' ? Buffer.from(text, 'latin1') : undefined;
  };
}
