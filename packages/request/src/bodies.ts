/**
 * The `bodies()` middleware: reads the request body with Flask's limits and fills `ctx.request`'s
 * `form`, `files` and `data` before the handler runs.
 */
import { tmpdir } from 'node:os';
import type { IncomingMessage } from 'node:http';
import type { Context, Middleware, Next } from 'koa';
import { drain } from './body-stream.js';
import { createBodyReader, createMultipartParser, preloadEngines, type EngineLimits } from './engine.js';
import { BadRequest, RequestEntityTooLarge, UnsupportedMediaType } from './errors.js';
import { FileStorage } from './file-storage.js';
import { isJsonMimetype } from './mimetype.js';
import { ImmutableMultiDict } from './multidict.js';
import { installRequestSurface, requestState, type RequestState } from './request.js';
import { TempFiles } from './uploads.js';
import { countUrlencodedFields, parseUrlencoded } from './urlencoded.js';

/**
 * Options of {@link bodies}; each limit takes Flask's config value, `null` meaning no limit.
 *
 * @example
 * ```ts
 * app.use(bodies({ maxContentLength: 16 * 1024 * 1024, maxFormParts: 100 })); // MAX_CONTENT_LENGTH = 16 MiB
 * ```
 */
export interface BodiesOptions {
  /**
   * ← `MAX_CONTENT_LENGTH`, default `null` (no limit): bytes of any body; over it → 413. Compressed
   * bodies count their inflated size and, when this is `null`, stop at 16 MiB inflated.
   */
  maxContentLength?: number | null;
  /** ← `MAX_FORM_MEMORY_SIZE`, default `500_000`: bytes of one non-file field / a urlencoded body. */
  maxFormMemorySize?: number | null;
  /** ← `MAX_FORM_PARTS`, default `1_000`: multipart parts (fields + files) / urlencoded fields. */
  maxFormParts?: number | null;
  /** Directory for upload temp files, default `os.tmpdir()` (Werkzeug uses `tempfile` there too). */
  uploadDir?: string;
}

// koa-body (co-body → inflation) decompresses `Content-Encoding: gzip/deflate/br` bodies, which
// Werkzeug never does. With MAX_CONTENT_LENGTH unset, a 200 KB gzip "bomb" would be buffered as
// 200 MB of JSON; compressed bodies are therefore capped at this many inflated bytes unless
// `maxContentLength` says otherwise (found in the @kolba/request audit, AUDIT.md).
const INFLATED_LIMIT = 16 * 1024 * 1024;

function isEncoded(req: IncomingMessage): boolean {
  const encoding = req.headers['content-encoding'];
  return encoding !== undefined && encoding.trim().toLowerCase() !== 'identity';
}

function checkLimit(name: string, value: number | null | undefined, fallback: number | null): number | null {
  if (value === undefined) return fallback;
  if (value === null) return null;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`bodies(): ${name} must be a non-negative integer or null, got ${String(value)}`);
  }
  return value;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

const CLIENT_GONE = new Set(['ECONNRESET', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/**
 * Maps a body-reading failure to the status Flask would send. Only errors the parsers attribute to
 * the request (formidable's `httpCode`, http-errors' exposed `status` from raw-body/inflation,
 * HTTP framing errors, a vanished client) become 400/413/415; anything else (disk full, missing
 * upload directory, a bug) stays a 500 so it is not blamed on the client.
 */
function toHttpError(err: unknown, req: IncomingMessage): unknown {
  if (err instanceof BadRequest || err instanceof RequestEntityTooLarge || err instanceof UnsupportedMediaType) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    httpCode?: unknown; status?: unknown; expose?: unknown; type?: unknown; code?: unknown;
  };
  // An IncomingMessage is also `destroyed` once fully read, hence `complete`.
  if (req.destroyed && !req.complete) return new BadRequest(null, { cause: err });
  const status = typeof e.httpCode === 'number' ? e.httpCode
    : e.expose === true && typeof e.status === 'number' ? e.status : undefined;
  if (status === 413) return new RequestEntityTooLarge(null, { cause: err });
  if (status === 415) return new UnsupportedMediaType(null, { cause: err });
  // 501 is formidable's "unknown transfer-encoding" of a part: still the client's input.
  if (status !== undefined && (status < 500 || status === 501)) return new BadRequest(null, { cause: err });
  const code = typeof e.code === 'string' ? e.code : '';
  // Z_DATA_ERROR & co.: a Content-Encoding body that does not decompress is the client's bad input
  // (it was a 500 before the audit).
  if (e.type === 'stream.not.readable' || code.startsWith('HPE_') || code.startsWith('Z_') || CLIENT_GONE.has(code)) {
    return new BadRequest(null, { cause: err });
  }
  return err;
}

/**
 * Parses request bodies the way Flask does and adds Flask's `request` attributes to
 * `ctx.request`: `args`, `form`, `files`, `values`, `cookies`, `getJson()`, `isJson`,
 * `mimetype`, `fullPath`, `baseUrl`, `urlRoot`, `hostUrl`, `remoteAddr`, `endpoint`, `viewArgs`.
 * Upload temp files are removed when the response finishes.
 *
 * @example
 * ```ts
 * app.use(bodies({ maxContentLength: 16 * 1024 * 1024 }));
 * router.post('/upload', async (ctx) => {
 *   const f = ctx.request.files.get('file');
 *   if (f?.filename) await f.save(join(UPLOADS, secureFilename(f.filename) || 'upload'));
 *   return `hello ${ctx.request.form.get('name')}`;
 * });
 * ```
 */
export function bodies(options: BodiesOptions = {}): Middleware {
  const limits: EngineLimits = {
    maxContentLength: checkLimit('maxContentLength', options.maxContentLength, null),
    maxFormMemorySize: checkLimit('maxFormMemorySize', options.maxFormMemorySize, 500_000),
    maxFormParts: checkLimit('maxFormParts', options.maxFormParts, 1_000),
  };
  const { maxContentLength, maxFormMemorySize, maxFormParts } = limits;
  const formLimit = maxFormMemorySize === null ? maxContentLength
    : maxContentLength === null ? maxFormMemorySize : Math.min(maxFormMemorySize, maxContentLength);
  const readForm = createBodyReader(['urlencoded'], formLimit);
  // JSON and text/plain are buffered so `getJson()` (with or without `force`) can stay synchronous.
  const dataTypes = ['json', '+json', 'text/plain'];
  const readData = createBodyReader(dataTypes, maxContentLength);
  const readEncodedData = createBodyReader(dataTypes, maxContentLength ?? INFLATED_LIMIT);
  const parseMultipart = createMultipartParser(options.uploadDir ?? tmpdir());
  preloadEngines();

  async function parse(ctx: Context, state: RequestState): Promise<void> {
    const req = ctx.req;
    state.hasBody = hasBody(req);
    state.maxContentLength = maxContentLength;
    // Nothing to read, or another body parser (koa-body, @koa/bodyparser) already read it.
    if (!state.hasBody || req.readableEnded) return;
    // Werkzeug ≥2.3 refuses a declared length over MAX_CONTENT_LENGTH before reading anything.
    const declared = Number(req.headers['content-length']);
    if (maxContentLength !== null && declared > maxContentLength) throw new RequestEntityTooLarge();
    const mimetype = ctx.request.mimetype;
    if (mimetype === 'multipart/form-data') {
      const temps = new TempFiles();
      state.temps = temps;
      // 'close' fires after the response is sent and also when the client goes away mid-upload.
      ctx.res.once('close', () => void temps.release());
      const parsed = await parseMultipart(ctx, limits, temps.track);
      state.form = new ImmutableMultiDict(parsed.fields);
      const storages = parsed.files.map((f) => new FileStorage({
        name: f.name, filename: f.filename, contentType: f.contentType, headers: f.headers,
        tempPath: f.file!.filepath, size: f.file!.size,
      }));
      temps.attach(storages);
      state.files = new ImmutableMultiDict(storages.map((s): [string, FileStorage] => [s.name, s]));
    } else if (mimetype === 'application/x-www-form-urlencoded') {
      const raw = await readForm(ctx);
      if (raw === undefined) return;
      const text = raw.toString('latin1');
      // Python's parse_qsl(max_num_fields=MAX_FORM_PARTS) counts before splitting (Werkzeug 3.1).
      if (maxFormParts !== null && countUrlencodedFields(text) > maxFormParts) throw new RequestEntityTooLarge();
      state.data = raw;
      state.form = parseUrlencoded(text);
    } else if (isJsonMimetype(mimetype) || mimetype === 'text/plain') {
      state.data = await (isEncoded(req) ? readEncodedData : readData)(ctx);
    }
  }

  return async function kolbaBodies(ctx: Context, next: Next): Promise<void> {
    installRequestSurface(ctx.app);
    const state = requestState(ctx.request);
    if (state.parsed) return next(); // a second bodies() in the chain
    state.parsed = true;
    try {
      await parse(ctx, state);
    } catch (err) {
      drain(ctx.req);
      throw toHttpError(err, ctx.req);
    }
    return next();
  };
}
