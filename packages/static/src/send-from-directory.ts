import { realpath } from 'node:fs/promises';
import { relative, resolve, sep, isAbsolute } from 'node:path';
import type { Context } from 'koa';
import { notFound } from './errors.js';
import type { SendFromDirectoryOptions } from './options.js';
import { safeJoin } from './safe-join.js';
import { sendOpenFile } from './send-file.js';
import { openRegularFile, type OpenFile } from './transfer.js';

/**
 * Sends `filename` from inside `directory`, or answers 404 — Flask's `send_from_directory`
 * with kolba's stricter confinement. `filename` may come straight from the URL (already
 * percent-decoded once, as routing does); `directory` must not.
 *
 * 404, never 403, for: anything {@link safeJoin} refuses (`..`, absolute paths, backslashes,
 * NUL), a dotfile anywhere in the path (unless `dotfiles: 'allow'`), a path whose real
 * location (after symlinks) is outside the real `directory`, a missing file, a directory.
 * Everything else is answered as {@link sendFile} does.
 *
 * @example
 * ```ts
 * router.get('/uploads/<path:name>', async function download_file(ctx) {
 *   await sendFromDirectory(ctx, '/srv/uploads', ctx.params.name, { asAttachment: true });
 * });
 * ```
 */
export async function sendFromDirectory(
  ctx: Context,
  directory: string,
  filename: string,
  options: SendFromDirectoryOptions = {},
): Promise<void> {
  const { dotfiles = 'deny', ...sendOptions } = options;
  const joined = safeJoin(directory, filename);
  if (joined === null) return notFound();
  const root = resolve(directory);
  const path = resolve(joined);
  if (dotfiles === 'deny' && hasDotSegment(relative(root, path))) return notFound();

  const real = await confined(root, path);
  if (real === null) return notFound();
  if (dotfiles === 'deny' && hasDotSegment(real.relativePath)) return notFound();

  let file: OpenFile | null;
  try {
    file = await openRegularFile(real.path);
  } catch {
    return notFound();
  }
  // Werkzeug: "If the final path does not point to an existing regular file" → 404. No
  // directory listings, no index files, no redirects (nothing to build an open redirect from).
  if (file === null) return notFound();
  return sendOpenFile(ctx, path, file, sendOptions);
}

/**
 * Resolves symlinks on both sides and accepts the file only if its real path lies strictly
 * inside the real root, by a separator-terminated prefix check: `/srv/static-secret` is not
 * inside `/srv/static` (the send ≤ 0.8.3 root-prefix bug, GHSA-xwg4-93c6-3h42), and a symlink
 * pointing out of the folder is refused (Werkzeug would follow it).
 */
async function confined(root: string, path: string): Promise<{ path: string; relativePath: string } | null> {
  let realRoot: string;
  let realPath: string;
  try {
    [realRoot, realPath] = await Promise.all([realpath(root), realpath(path)]);
  } catch {
    // ENOENT, ENOTDIR, ELOOP, EACCES, ENAMETOOLONG: all look like "no such file" from outside.
    return null;
  }
  const prefix = realRoot.endsWith(sep) ? realRoot : realRoot + sep;
  if (!realPath.startsWith(prefix)) return null;
  const relativePath = relative(realRoot, realPath);
  if (relativePath === '' || isAbsolute(relativePath) || relativePath.split(sep)[0] === '..') return null;
  return { path: realPath, relativePath };
}

/**
 * A segment starting with `.` (`.env`, `.git/config`, `a/.hidden/b`) — the dotfile reads that
 * koa-send and pillarjs/send also refuse by default.
 */
function hasDotSegment(relativePath: string): boolean {
  return relativePath.split(/[\\/]/).some((segment) => segment.startsWith('.') && segment !== '.');
}
