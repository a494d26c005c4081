/**
 * Werkzeug's `dump_cookie`: the exact `Set-Cookie` text Flask sends, attribute order and case
 * included, so kolba's headers are byte-identical to Flask's.
 *
 * Written by hand instead of `ctx.cookies.set` because the `cookies` package writes lower-case
 * attributes in another order, turns Max-Age into Expires only, and throws "Cannot send secure
 * cookie over unencrypted connection" where Werkzeug sends `Secure` over plain HTTP (tests, TLS
 * terminated at a proxy without `app.proxy`).
 */
import { domainToASCII } from 'node:url';

/** Attributes of one cookie, as `dump_cookie` takes them. */
export interface CookieAttributes {
  domain?: string | null;
  expires?: Date | null;
  maxAge?: number | null;
  secure?: boolean;
  httpOnly?: boolean;
  path?: string | null;
  sameSite?: 'Strict' | 'Lax' | 'None' | null;
  partitioned?: boolean;
}

// RFC 6265 token for names; values Flask writes are base64url + '.', so anything else is refused
// rather than quoted (an injected `;` would add attributes: CVE-2024-47764, GHSA-pxg6-pf52-xh8x).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const COOKIE_VALUE = /^[!#-+\--:<-[\]-~]*$/;
const UNSAFE_ATTR = /[;\u0000-\u001f\u007f]/;

/**
 * Validates a cookie name at configuration time.
 *
 * @example
 * assertCookieName('session'); // ok
 * assertCookieName('a;b');     // throws TypeError
 */
export function assertCookieName(name: string): void {
  if (!TOKEN.test(name)) throw new TypeError(`Invalid cookie name ${JSON.stringify(name)}: must be an RFC 6265 token`);
}

/**
 * Werkzeug's domain normalisation: port and leading dot removed, IDNA-encoded.
 *
 * @example
 * normalizeCookieDomain('.Bücher.example:8080'); // "xn--bcher-kva.example"
 */
export function normalizeCookieDomain(domain: string): string {
  if (UNSAFE_ATTR.test(domain)) throw new TypeError(`Invalid cookie domain ${JSON.stringify(domain)}`);
  let d = domain.replace(/^\./, '');
  if (!d.startsWith('[')) d = d.replace(/:\d+$/, '');
  const ascii = d.startsWith('[') ? d : domainToASCII(d);
  if (!ascii) throw new TypeError(`Invalid cookie domain ${JSON.stringify(domain)}`);
  return ascii;
}

/**
 * Werkzeug quotes the path with `%!$&'()*+,/:=@` (plus unreserved characters) left as they are.
 *
 * @example
 * quoteCookiePath('/a b'); // "/a%20b"
 */
export function quoteCookiePath(path: string): string {
  if (UNSAFE_ATTR.test(path)) throw new TypeError(`Invalid cookie path ${JSON.stringify(path)}`);
  // encodeURIComponent already keeps `!'()*` and the unreserved set; restore the rest of
  // Python's `safe="%!$&'()*+,/:=@"` (including `%`, so existing escapes are kept).
  return encodeURIComponent(path).replace(/%(24|26|2B|2C|2F|3A|3D|40|25)/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * An HTTP date (`Thu, 01 Feb 2024 12:00:00 GMT`), whole seconds.
 *
 * @example
 * httpDate(new Date(0)); // "Thu, 01 Jan 1970 00:00:00 GMT"
 */
export function httpDate(date: Date): string {
  // ECMAScript fixes toUTCString's format to exactly this (RFC 7231 IMF-fixdate).
  return date.toUTCString();
}

/**
 * The `Set-Cookie` value Werkzeug writes: `name=value; Domain=…; Expires=…; Max-Age=…; Secure;
 * HttpOnly; Path=…; SameSite=…; Partitioned` (Partitioned implies Secure).
 *
 * @example
 * dumpCookie('session', 'abc', { httpOnly: true, path: '/' }); // "session=abc; HttpOnly; Path=/"
 */
export function dumpCookie(name: string, value: string, attrs: CookieAttributes): string {
  assertCookieName(name);
  if (!COOKIE_VALUE.test(value)) throw new TypeError('Cookie value contains characters that need quoting');
  return formatCookie(name, value, attrs);
}

/**
 * `dumpCookie` without validation, for the session's own values (base64url and `.`, checked
 * names, domains and paths validated at start-up).
 *
 * @example
 * formatCookie('session', 'abc', { path: '/' }); // "session=abc; Path=/"
 */
export function formatCookie(name: string, value: string, attrs: CookieAttributes): string {
  let out = `${name}=${value}`;
  if (attrs.domain) out += `; Domain=${attrs.domain}`;
  if (attrs.expires) out += `; Expires=${httpDate(attrs.expires)}`;
  if (attrs.maxAge != null) out += `; Max-Age=${attrs.maxAge}`;
  if (attrs.secure || attrs.partitioned) out += '; Secure';
  if (attrs.httpOnly) out += '; HttpOnly';
  if (attrs.path != null) out += `; Path=${attrs.path}`;
  if (attrs.sameSite) out += `; SameSite=${attrs.sameSite}`;
  if (attrs.partitioned) out += '; Partitioned';
  return out;
}

/**
 * The first cookie called `name` in a `Cookie` header (Werkzeug keeps the first of duplicates),
 * or undefined. Surrounding double quotes are removed as Werkzeug does.
 *
 * @example
 * readCookie('a=1; session=xyz; session=old', 'session'); // "xyz"
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  // Fast path: the header starts with our cookie and holds no other cookie of that name before it.
  if (header.startsWith(name) && header.charCodeAt(name.length) === 61 /* = */) {
    const end = header.indexOf(';');
    const raw = (end < 0 ? header.slice(name.length + 1) : header.slice(name.length + 1, end)).trim();
    return raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  }
  if (!header.includes(name)) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    return raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  }
  return undefined;
}
