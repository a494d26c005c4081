// URL-side helpers shared by the static endpoint and the plain middleware.

/**
 * Flask's `static_url_path` rules: a trailing `/` is dropped, `''` mounts at the root, and
 * anything else must start with `/` (Werkzeug refuses rules without a leading slash).
 *
 * @example
 * ```ts
 * normaliseUrlPath('/assets/'); // '/assets'
 * normaliseUrlPath('');         // ''
 * ```
 */
export function normaliseUrlPath(urlPath: string): string {
  const trimmed = urlPath.replace(/\/+$/, '');
  if (trimmed !== '' && !trimmed.startsWith('/')) {
    throw new TypeError(`Static urlPath ${JSON.stringify(urlPath)} must be '' or start with '/'.`);
  }
  return trimmed;
}

/**
 * `%2F`, `%5C` or `%00` in the raw request path. A URL that spells a separator or NUL in
 * percent-encoding is routed one way (as one segment) and would be served another (as a path),
 * which is how prefix-based auth checks get bypassed (GHSA-5r4p-p66f-jhc7,
 * GHSA-rmxm-3fg6-px4f, GHSA-frvp-7c67-39w9). kolba answers 404 to such paths.
 *
 * @example
 * ```ts
 * hasEncodedSeparator('/static/..%2fsecret'); // true
 * ```
 */
export function hasEncodedSeparator(rawPath: string): boolean {
  return /%(?:2f|5c|00)/i.test(rawPath);
}

/**
 * Percent-decodes a raw URL path exactly once, the way Werkzeug sees PATH_INFO: valid UTF-8
 * escapes become characters, and a `%` that is not a valid escape (or whose bytes are not
 * UTF-8) stays as written, so `100%.txt` still names the file `100%.txt`. Never decoded twice:
 * `%252e` becomes the literal text `%2e`, not `.`.
 *
 * @example
 * ```ts
 * decodePathOnce('css/a%20b.css'); // 'css/a b.css'
 * decodePathOnce('%252e%252e');    // '%2e%2e'
 * ```
 */
export function decodePathOnce(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}
