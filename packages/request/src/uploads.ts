/**
 * Temp-file clean-up for one request. Every temp file formidable creates is tracked from the
 * moment it is named (`fileBegin`), so files of failed, rejected (413) and aborted uploads are
 * removed as well as those of successful ones; formidable leaves all of them to the app
 * (koajs/koa-body#61, richardgirges/express-fileupload#258).
 */
import { rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { FormidableFile } from './engine.js';
import type { FileStorage } from './file-storage.js';

async function removeFile(file: FormidableFile): Promise<void> {
  const ws = file._writeStream;
  if (ws && !ws.closed) {
    // Wait for the descriptor to close, or the file may be (re)created after the unlink.
    if (!ws.destroyed) ws.destroy();
    await finished(ws).catch(() => undefined);
  }
  await rm(file.filepath, { force: true }).catch(() => undefined);
}

/**
 * Collects a request's temp files and removes them (except kept ones) when `release()` runs.
 *
 * @example
 * ```ts
 * const temps = new TempFiles();
 * ctx.res.once('close', () => void temps.release());
 * ```
 */
export class TempFiles {
  readonly #files = new Set<FormidableFile>();
  #storages: readonly FileStorage[] = [];
  #released = false;
  /** Resolves when the last clean-up finished (tests and graceful shutdown can await it). */
  done: Promise<void> = Promise.resolve();

  /** Tracks a temp file; one created after `release()` (a late part) is removed at once. */
  track = (file: FormidableFile): void => {
    if (this.#released) this.done = this.done.then(() => removeFile(file));
    else this.#files.add(file);
  };

  /** The FileStorage objects handed to the app, so `keep()` can be honoured. */
  attach(storages: readonly FileStorage[]): void {
    this.#storages = storages;
  }

  /** Removes every tracked file that was not kept. Safe to call more than once. */
  release(): Promise<void> {
    if (this.#released) return this.done;
    this.#released = true;
    const kept = new Set<string>();
    for (const s of this.#storages) {
      s.closeStream();
      if (s.kept) kept.add(s.tempPath);
    }
    const files = [...this.#files].filter((f) => !kept.has(f.filepath));
    this.#files.clear();
    this.done = Promise.all(files.map(removeFile)).then(() => undefined);
    return this.done;
  }
}
