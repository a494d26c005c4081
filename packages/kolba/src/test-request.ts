/**
 * The request side of the test client: what a request may carry (Werkzeug's EnvironBuilder
 * arguments), how `data`/`json` become a body, and one round trip through a fresh loopback
 * server.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Node request handler, e.g. `new Koa().callback()`.
 *
 * @example
 * const handler: RequestHandler = (req, res) => res.end('ok');
 */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * A file field of a multipart body (Werkzeug's `(file, filename, content_type)` tuple).
 *
 * @example
 * await client.post('/upload', { data: { doc: { file: Buffer.from('hi'), filename: 'a.txt', contentType: 'text/plain' } } });
 */
export interface FileUpload {
  /** File content. */
  file: Buffer | Uint8Array | string;
  /** Filename sent in Content-Disposition. */
  filename: string;
  /** Part content type (default `application/octet-stream`). */
  contentType?: string;
}

/**
 * One form value: text, a {@link FileUpload}, or a `Blob`/`File`.
 *
 * @example
 * const v: FormValue = new File(['x'], 'x.txt');
 */
export type FormValue = string | number | boolean | FileUpload | Blob;

/**
 * A form body: arrays repeat the key. Urlencoded unless a file is present, then multipart.
 *
 * @example
 * const form: FormFields = { tag: ['a', 'b'], name: 'ada' };
 */
export type FormFields = Record<string, FormValue | readonly FormValue[]>;

/**
 * Options of one request (Werkzeug's `EnvironBuilder` arguments, camelCased).
 *
 * @example
 * await client.open('/search', { method: 'GET', query: { q: 'flask', page: 2 } });
 */
export interface RequestOptions {
  /** HTTP method (default `GET`). */
  method?: string;
  /** Extra request headers. */
  headers?: Record<string, string | readonly string[]>;
  /** Query parameters appended to the path's own query; arrays repeat the key. */
  query?: Record<string, string | number | boolean | readonly (string | number | boolean)[]>;
  /** Serialised with `JSON.stringify`, `Content-Type: application/json` (← `json=`). */
  json?: unknown;
  /** Raw body, or form fields (← `data=`). */
  data?: string | Buffer | Uint8Array | FormFields;
  /** Follow 301/302/303/307/308 up to 20 hops (← `follow_redirects`, default false). */
  followRedirects?: boolean;
}

function isFileUpload(v: unknown): v is FileUpload {
  return typeof v === 'object' && v !== null && 'file' in v && 'filename' in v;
}

function toBlob(upload: FileUpload): Blob {
  const bytes = typeof upload.file === 'string' ? upload.file : new Uint8Array(upload.file);
  return new Blob([bytes], { type: upload.contentType ?? 'application/octet-stream' });
}

/**
 * Body and content type for `data`/`json`, as Werkzeug's EnvironBuilder would build them.
 *
 * @example
 * await encodeBody({ data: { a: '1' } }); // { body: <Buffer a=1>, contentType: 'application/x-www-form-urlencoded' }
 */
export async function encodeBody(options: RequestOptions): Promise<{ body?: Buffer; contentType?: string; forced?: boolean }> {
  if (options.json !== undefined) {
    if (options.data !== undefined) throw new TypeError("can't provide both 'json' and 'data'");
    return { body: Buffer.from(JSON.stringify(options.json)), contentType: 'application/json' };
  }
  const data = options.data;
  if (data === undefined) return {};
  if (typeof data === 'string') return { body: Buffer.from(data) };
  if (data instanceof Uint8Array) return { body: Buffer.from(data) };
  const entries = Object.entries(data).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x: FormValue) => [k, x] as const));
  if (!entries.some(([, v]) => v instanceof Blob || isFileUpload(v))) {
    const form = new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)]));
    return { body: Buffer.from(form.toString()), contentType: 'application/x-www-form-urlencoded' };
  }
  const form = new FormData();
  for (const [k, v] of entries) {
    if (isFileUpload(v)) form.append(k, toBlob(v), v.filename);
    else if (v instanceof Blob) form.append(k, v);
    else form.append(k, String(v));
  }
  // undici serialises FormData (boundary included), so no hand-written multipart.
  const encoded = new Request('http://localhost/', { method: 'POST', body: form });
  return { body: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')!, forced: true };
}

/**
 * A response as it came off the socket, before `TestResponse` wraps it.
 *
 * @example
 * const raw: Raw = await roundTrip(handler, 'GET', new URL('http://localhost/'), {}, undefined);
 */
export interface Raw {
  status: number;
  statusText: string;
  headers: Headers;
  data: Buffer;
}

/**
 * One request through a fresh loopback server; the server is closed before this settles.
 *
 * @example
 * const raw = await roundTrip(koa.callback(), 'GET', new URL('http://localhost/'), { host: 'localhost' }, undefined);
 */
export function roundTrip(handler: RequestHandler, method: string, url: URL, headers: Record<string, string | string[]>, body: Buffer | undefined): Promise<Raw> {
  return new Promise((resolve, reject) => {
    let handlerError: unknown;
    let settled = false;
    const server = createServer((req, res) => {
      // A throwing 'request' listener would crash the process; report it to the caller instead.
      const fail = (error: unknown): void => {
        handlerError ??= error;
        res.destroy();
      };
      try {
        const result = handler(req, res);
        if (result && typeof (result as PromiseLike<unknown>).then === 'function') (result as Promise<unknown>).then(undefined, fail);
      } catch (error) {
        fail(error);
      }
    });
    const finish = (error: unknown, raw?: Raw): void => {
      if (settled) return;
      settled = true;
      server.closeAllConnections();
      server.close();
      if (handlerError !== undefined) reject(handlerError);
      else if (raw) resolve(raw);
      else reject(error);
    };
    server.on('error', (e) => finish(e));
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const req = httpRequest({ host: '127.0.0.1', port, method, path: url.pathname + url.search, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => finish(e));
        res.on('close', () => {
          if (!res.complete) finish(new Error('connection closed before the response ended'));
        });
        res.on('end', () => {
          const h = new Headers();
          for (let i = 0; i < res.rawHeaders.length; i += 2) h.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
          // Give an async handler's late rejection a turn to land before resolving.
          setImmediate(() => finish(undefined, { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: h, data: Buffer.concat(chunks) }));
        });
      });
      req.on('error', (e) => finish(e));
      req.end(body);
    });
  });
}

