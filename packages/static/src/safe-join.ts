import { posix } from 'node:path';

/**
 * Windows device names (Werkzeug's `_windows_device_files`, §8.5): opening `CON` or `NUL.txt`
 * anywhere on Windows talks to a device instead of a file.
 */
const WINDOWS_DEVICE_NAMES = new Set([
  'CON', 'PRN', 'AUX', 'NUL', 'CONIN$', 'CONOUT$',
  ...Array.from({ length: 9 }, (_, i) => `COM${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `LPT${i + 1}`),
]);

/**
 * Which operating system's path rules {@link safeJoinFor} applies.
 *
 * @example
 * ```ts
 * const flavour: PathFlavour = process.platform === 'win32' ? 'win32' : 'posix';
 * ```
 */
export type PathFlavour = 'posix' | 'win32';

/**
 * Werkzeug's `safe_join` with the rules of one operating system, so the Windows rules are
 * testable on any machine. {@link safeJoin} picks the flavour of the running process.
 *
 * @example
 * ```ts
 * safeJoinFor('win32', 'C:/site/static', 'CON.txt'); // null (device name)
 * safeJoinFor('posix', '/srv/static', 'CON.txt');    // '/srv/static/CON.txt'
 * ```
 */
export function safeJoinFor(flavour: PathFlavour, directory: string, ...pathnames: string[]): string | null {
  // Werkzeug: an empty trusted directory becomes "." so the first untrusted part can never
  // turn into the trusted base (`safe_join('', '/etc')` must not yield "/etc").
  const parts = [directory === '' ? '.' : directory];
  for (const raw of pathnames) {
    // Werkzeug ≥ 2.3 skips empty parts instead of appending a trailing "/" (spec §9.6).
    if (raw === '') continue;
    if (isUnsafePart(flavour, raw)) return null;
    parts.push(normpath(raw));
  }
  // Python's posixpath.join: plain "/" concatenation, no second normalisation, so
  // `safe_join('/base', 'a/..')` stays `/base/.` exactly as in Werkzeug.
  return parts.reduce((joined, part) => (joined.endsWith('/') ? joined + part : `${joined}/${part}`));
}

/**
 * Joins untrusted path parts onto a trusted directory, or returns `null` when a part could
 * escape it — Werkzeug's `safe_join` (spec §9.6), used by {@link sendFromDirectory}.
 *
 * Each part is normalised POSIX-style; it is rejected when it is absolute, is `..` or starts
 * with `../` after normalising, contains a backslash or a NUL byte, or (on Windows) contains a
 * drive colon or names a device such as `CON`. Empty parts are skipped. The result is a
 * string join: it says nothing about symlinks — {@link sendFromDirectory} confines the real
 * path as well.
 *
 * @param directory - the trusted base; never pass a value from the client here.
 * @param pathnames - untrusted parts, already percent-decoded exactly once.
 * @returns the joined path, or `null` if any part is unsafe.
 *
 * @example
 * ```ts
 * import { safeJoin } from '@kolba/static';
 * safeJoin('/srv/static', 'css/site.css');   // '/srv/static/css/site.css'
 * safeJoin('/srv/static', 'a/../../secret'); // null
 * safeJoin('/srv/static', '/etc/passwd');    // null
 * ```
 */
export function safeJoin(directory: string, ...pathnames: string[]): string | null {
  return safeJoinFor(process.platform === 'win32' ? 'win32' : 'posix', directory, ...pathnames);
}

function isUnsafePart(flavour: PathFlavour, raw: string): boolean {
  // NUL truncates paths in C APIs (and makes Node's fs throw); Werkzeug's send_from_directory
  // ends at 404 for it through os.path.isfile, we refuse it up front.
  if (raw.includes('\0')) return true;
  // Backslashes are separators on Windows (Werkzeug's `_os_alt_seps`). kolba refuses them on
  // every OS so one URL never means two different files across platforms
  // (GHSA-frvp-7c67-39w9, the serve-static encoded-backslash traversal).
  if (raw.includes('\\')) return true;
  const normalised = normpath(raw);
  if (
    normalised.startsWith('/') ||
    normalised === '..' ||
    normalised.startsWith('../')
  ) {
    return true;
  }
  if (flavour === 'win32') {
    // `C:x` is drive-relative and `name:stream` opens an NTFS alternate data stream.
    if (normalised.includes(':')) return true;
    for (const segment of normalised.split('/')) {
      const stem = segment.split('.', 1)[0]!.trim().toUpperCase();
      if (WINDOWS_DEVICE_NAMES.has(stem)) return true;
    }
  }
  return false;
}

/**
 * Python's `posixpath.normpath`: Node's `posix.normalize` keeps a trailing slash, Python drops
 * it (`normpath('a.txt/') == 'a.txt'`).
 */
function normpath(raw: string): string {
  const normalised = posix.normalize(raw);
  return normalised.length > 1 && normalised.endsWith('/') ? normalised.slice(0, -1) : normalised;
}
