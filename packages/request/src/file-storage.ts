/**
 * Werkzeug's FileStorage (§8.4) over a formidable temp file. The temp file is removed when the
 * response finishes (see `uploads.ts`); `save()` copies it, `keep()` takes it over.
 */
import { createReadStream } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseOptionsHeader } from './mimetype.js';

// Werkzeug's `content_length` is `int(header)` with ValueError → 0: Python's int() takes a sign,
// surrounding whitespace and `_` between digits, and refuses trailing junk (`12abc` is 0, not 12).
function pythonInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*[+-]?\d+(?:_\d+)*\s*$/.test(value)) return undefined;
  return Number(value.replace(/_/g, ''));
}

/**
 * What the multipart parser knows about one uploaded part.
 *
 * @example
 * ```ts
 * new FileStorage({ name: 'f', filename: 'a.txt', contentType: 'text/plain', headers: {}, tempPath: '/tmp/x', size: 3 });
 * ```
 */
export interface FileStorageInit {
  /** Form field name. */
  name: string;
  /** Client-sent filename, unsanitised (`''` for an empty file input). */
  filename: string;
  /** The part's Content-Type header, or null. */
  contentType: string | null;
  /** The part's headers (lower-cased names). */
  headers: Record<string, string>;
  /** Where the bytes are on disk. */
  tempPath: string;
  /** Bytes received. */
  size: number;
}

/**
 * One uploaded file (`ctx.request.files.get('photo')`).
 *
 * @example
 * ```ts
 * const photo = ctx.request.files.get('photo');
 * if (photo && photo.filename) {
 *   await photo.save(path.join(UPLOADS, secureFilename(photo.filename) || 'upload'));
 * }
 * ```
 */
export class FileStorage {
  /** Form field name. */
  readonly name: string;
  /** Filename as sent by the client, **unsanitised**: pass it through `secureFilename()`. */
  readonly filename: string;
  /** The part's Content-Type header, or null. */
  readonly contentType: string | null;
  /** Lower-cased mimetype without parameters (`''` without a Content-Type). */
  readonly mimetype: string;
  /** Content-Type parameters (`{ charset: 'utf-8' }`). */
  readonly mimetypeParams: Record<string, string>;
  /** The part's Content-Length header as Python's `int()` reads it, else 0 (browsers do not send it), as Werkzeug. */
  readonly contentLength: number;
  /** The part headers, lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Bytes actually received (not in Werkzeug; handy for size checks). */
  readonly size: number;
  readonly #tempPath: string;
  #kept = false;
  #stream: Readable | undefined;

  constructor(init: FileStorageInit) {
    this.name = init.name;
    this.filename = init.filename;
    this.contentType = init.contentType;
    const parsed = parseOptionsHeader(init.contentType);
    this.mimetype = parsed.value.toLowerCase();
    this.mimetypeParams = parsed.params;
    this.contentLength = pythonInt(init.headers['content-length']) ?? 0;
    this.headers = init.headers;
    this.size = init.size;
    this.#tempPath = init.tempPath;
  }

  /** A readable stream of the content (created on first access, as Werkzeug's `stream`). */
  get stream(): Readable {
    this.#stream ??= createReadStream(this.#tempPath);
    return this.#stream;
  }

  /** The whole content in memory. */
  read(): Promise<Buffer> {
    return readFile(this.#tempPath);
  }

  /**
   * Copies the upload to a path (created/overwritten) or into a writable stream (left open, as
   * Werkzeug leaves file objects open). The temp file is still removed after the response.
   */
  async save(destination: string | Writable): Promise<void> {
    if (typeof destination === 'string') await copyFile(this.#tempPath, destination);
    else await pipeline(createReadStream(this.#tempPath), destination, { end: false });
  }

  /**
   * Keeps the temp file after the response and returns its path; moving or deleting it is then
   * up to you (for background jobs that process the upload later).
   */
  keep(): string {
    this.#kept = true;
    return this.#tempPath;
  }

  /** Whether `keep()` was called. */
  get kept(): boolean {
    return this.#kept;
  }

  /** @internal The temp file path, for clean-up. */
  get tempPath(): string {
    return this.#tempPath;
  }

  /** @internal Closes a stream opened through `stream` so the file can go. */
  closeStream(): void {
    this.#stream?.destroy();
  }
}
