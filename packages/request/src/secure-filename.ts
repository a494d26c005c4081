/**
 * Werkzeug's `secure_filename` (§8.5), step by step. Like Werkzeug, which looks at `os.name`, the
 * rules follow the server's OS by default: on Windows a backslash is also a separator and device
 * names (`CON`, `COM1`…) get a leading `_`; `{ windows }` forces one set of rules.
 */

// Werkzeug ≥3.1.4's list (CONIN$/CONOUT$ and the superscript COM/LPT variants included).
const WINDOWS_DEVICE_NAMES = new Set([
  'AUX', 'CON', 'CONIN$', 'CONOUT$', 'NUL', 'PRN',
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, '¹', '²', '³'].flatMap((n) => [`COM${n}`, `LPT${n}`]),
]);

/**
 * Options of {@link secureFilename}.
 *
 * @example
 * ```ts
 * secureFilename('con.txt', { windows: true } satisfies SecureFilenameOptions); // '_con.txt'
 * ```
 */
export interface SecureFilenameOptions {
  /** Apply Werkzeug's Windows rules (`os.name == 'nt'`). Default: `process.platform === 'win32'`. */
  windows?: boolean;
}

/**
 * Returns a version of `filename` that is safe to join to a directory: ASCII only, no path
 * separators, no leading dots, only `[A-Za-z0-9_.-]`. The result may be `''`: always have a
 * fallback name.
 *
 * @example
 * ```ts
 * secureFilename('../../../etc/passwd');         // 'etc_passwd'
 * secureFilename('i contain cool ümläuts.txt');  // 'i_contain_cool_umlauts.txt'
 * const name = secureFilename(file.filename) || 'upload';
 * ```
 */
export function secureFilename(filename: string, options: SecureFilenameOptions = {}): string {
  const windows = options.windows ?? process.platform === 'win32';
  // 1–2: NFKD, then drop everything that is not ASCII (ü → u, ﬁ → fi, CJK vanishes).
  let name = filename.normalize('NFKD').replace(/[^\x00-\x7f]/g, '');
  // 3: OS path separators become spaces.
  name = name.replace(windows ? /[/\\]/g : /\//g, ' ');
  // 4–5: whitespace runs → `_` (Python str.split() whitespace), then drop anything unsafe.
  name = name.split(/[\t\n\x0b\x0c\r\x1c-\x1f ]+/).filter(Boolean).join('_').replace(/[^A-Za-z0-9_.-]/g, '');
  // 6: no leading/trailing dots or underscores (`.bashrc` → `bashrc`, `__init__.py` → `init__.py`).
  name = name.replace(/^[._]+|[._]+$/g, '');
  // 7: Windows refuses to create files named like devices, whatever the extension.
  if (windows && name !== '' && WINDOWS_DEVICE_NAMES.has(name.split('.')[0]!.toUpperCase())) {
    name = `_${name}`;
  }
  return name;
}
