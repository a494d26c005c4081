/**
 * Seconds a client may cache a file, or `null` for "always revalidate" (`Cache-Control: no-cache`),
 * or a function deciding per file path (Flask's `get_send_file_max_age`).
 *
 * @example
 * ```ts
 * const maxAge: MaxAge = (path) => (path?.includes('/immutable/') ? 31536000 : null);
 * ```
 */
export type MaxAge = number | null | ((path: string | null) => number | null);

/**
 * Werkzeug's `send_file` options in camelCase (spec §9.5).
 *
 * @example
 * ```ts
 * const options: SendFileOptions = { asAttachment: true, downloadName: 'report.csv', maxAge: 60 };
 * ```
 */
export interface SendFileOptions {
  /** MIME type to send; default: guessed from `downloadName` (`mimetype`). */
  mimetype?: string;
  /** `Content-Disposition: attachment` instead of `inline` (`as_attachment`); default `false`. */
  asAttachment?: boolean;
  /** File name the browser shows or saves as; default: the path's base name (`download_name`). */
  downloadName?: string;
  /** Answer Range / If-None-Match / If-Modified-Since / If-Match / If-Range (`conditional`); default `true`. */
  conditional?: boolean;
  /** `true`: Werkzeug's path-derived ETag; a string: that tag; `false`: none (`etag`); default `true`. */
  etag?: boolean | string;
  /** Last-Modified to send; default: the file's mtime (`last_modified`). */
  lastModified?: Date;
  /**
   * Cache lifetime in seconds (`max_age`) ← `SEND_FILE_MAX_AGE_DEFAULT`; default `null`:
   * `Cache-Control: no-cache`, so browsers revalidate with the ETag and Last-Modified.
   */
  maxAge?: MaxAge;
}

/**
 * How files whose path has a segment starting with `.` are treated: `'deny'` answers 404 as if
 * they did not exist, `'allow'` serves them like any other file (Flask's behaviour).
 *
 * @example
 * ```ts
 * const wellKnown: DotfilesPolicy = 'allow';
 * ```
 */
export type DotfilesPolicy = 'deny' | 'allow';

/**
 * Options of {@link sendFromDirectory}: everything {@link SendFileOptions} has, plus the
 * dotfile policy.
 *
 * @example
 * ```ts
 * const options: SendFromDirectoryOptions = { dotfiles: 'allow', maxAge: 3600 };
 * ```
 */
export interface SendFromDirectoryOptions extends SendFileOptions {
  /** Default `'deny'`: `.env`, `.git/config` … answer 404. Flask serves them; kolba does not. */
  dotfiles?: DotfilesPolicy;
}
