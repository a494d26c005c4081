/**
 * Flask's `response.set_cookie` / `delete_cookie`, serialised byte for byte like Werkzeug 3.1's
 * `dump_cookie` (§9.3). Written by hand on purpose: Koa's `ctx.cookies` (the `cookies` package)
 * refuses `secure` cookies over plain HTTP and orders/quotes attributes differently, which breaks
 * apps that share cookies with a Flask service.
 */
import type { Context } from 'koa';
import { domainToASCII } from 'node:url';

/**
 * Flask's `set_cookie` parameters, camelCased.
 *
 * @example
 * ```ts
 * const opts: CookieOptions = { maxAge: 3600, httpOnly: true, sameSite: 'Lax', secure: true };
 * ```
 */
export interface CookieOptions {
  /** Seconds (`Max-Age`); also sets `Expires` to now + maxAge unless `expires` is given. */
  maxAge?: number | null;
  /** A Date, a Unix time in seconds, or a string sent verbatim. `0` is the epoch. */
  expires?: Date | number | string | null;
  /** Default `/`; `null` omits the attribute. Percent-quoted like Werkzeug (`;` → `%3B`). */
  path?: string | null;
  /** Port and leading dot stripped, IDNA-encoded; `localhost` allowed (Werkzeug ≥2.3). */
  domain?: string | null;
  /** Bare `Secure`; sent over plain HTTP too, as Flask does. */
  secure?: boolean;
  /** Bare `HttpOnly`. */
  httpOnly?: boolean;
  /** `'Strict' | 'Lax' | 'None'` in any case; anything else throws Werkzeug's ValueError text. */
  sameSite?: string | null;
  /** CHIPS `Partitioned` (Werkzeug ≥3.1); implies `Secure`. */
  partitioned?: boolean;
}

/**
 * Options of {@link dumpCookie} beyond the cookie attributes.
 *
 * @example
 * ```ts
 * dumpCookie('k', 'v', { maxAge: 60, now: () => 0, maxSize: 0 });
 * ```
 */
export interface DumpCookieOptions extends CookieOptions {
  /** Warn (never fail) above this many bytes; Flask's MAX_COOKIE_SIZE, default 4093; 0 disables. */
  maxSize?: number;
  /** Clock for `Expires` from `maxAge` (tests). */
  now?: () => number;
}

// RFC 6265 cookie-octets plus what Werkzeug ≥2.3.1 leaves bare (§9.3 value quoting).
const NO_QUOTE = /^[A-Za-z0-9_!#$%&'()*+\-./:<=>?@[\]^`{|}~]*$/;
// Characters Werkzeug's quote(path, safe="%!$&'()*+,/:=@") leaves alone.
const PATH_SAFE = /[A-Za-z0-9_.\-~%!$&'()*+,/:=@]/;
// Names with these would inject attributes or split the header (CVE-2024-47764 class).
const BAD_KEY = /[\x00-\x20;,=\x7f]/;
const BAD_DOMAIN = /[^A-Za-z0-9.\-_]/;
const BAD_TEXT = /[\x00-\x1f;\x7f]/;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * An HTTP date (`Thu, 01 Jan 1970 00:00:00 GMT`) from a Date or Unix seconds, as Werkzeug's
 * `http_date`.
 *
 * @example
 * ```ts
 * httpDate(0); // 'Thu, 01 Jan 1970 00:00:00 GMT'
 * ```
 */
export function httpDate(value: Date | number): string {
  const d = typeof value === 'number' ? new Date(Math.trunc(value) * 1000) : value;
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ` +
    `${String(d.getUTCFullYear()).padStart(4, '0')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} GMT`;
}

function quoteValue(value: string): string {
  if (NO_QUOTE.test(value)) return value;
  let out = '';
  for (const b of Buffer.from(value, 'utf8')) {
    if (b === 0x22) out += '\\"';
    else if (b === 0x5c) out += '\\\\';
    else if (b <= 0x19 || b === 0x2c || b === 0x3b || b >= 0x7f) out += `\\${b.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `"${out}"`;
}

function quotePath(path: string): string {
  let out = '';
  for (const ch of path) {
    if (PATH_SAFE.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function encodeDomain(domain: string): string {
  const host = domain.split(':')[0]!.replace(/^\.+/, '');
  // Python's idna codec only touches non-ASCII labels (and keeps the case of the others).
  const ascii = host.split('.').map((label) => (/^[\x00-\x7f]*$/.test(label) ? label : domainToASCII(label))).join('.');
  if (BAD_DOMAIN.test(ascii)) throw new TypeError(`Invalid cookie domain: ${JSON.stringify(domain)}`);
  return ascii;
}

/**
 * Serialises one `Set-Cookie` header value exactly as Werkzeug 3.1's `dump_cookie`. Attribute
 * order is fixed: Domain, Expires, Max-Age, Secure, HttpOnly, Path, SameSite, Partitioned.
 *
 * @example
 * ```ts
 * dumpCookie('k', 'v'); // 'k=v; Path=/'
 * dumpCookie('k', 'a b', { httpOnly: true, sameSite: 'lax' }); // 'k="a b"; HttpOnly; Path=/; SameSite=Lax'
 * ```
 */
export function dumpCookie(key: string, value = '', options: DumpCookieOptions = {}): string {
  if (key === '' || BAD_KEY.test(key)) throw new TypeError(`Invalid cookie name: ${JSON.stringify(key)}`);
  const { maxAge = null, expires = null, path = '/', domain = null, httpOnly = false, partitioned = false } = options;
  const secure = options.secure === true || partitioned; // Werkzeug: Partitioned implies Secure
  let sameSite = options.sameSite ?? null;
  if (sameSite !== null) {
    sameSite = sameSite.charAt(0).toUpperCase() + sameSite.slice(1).toLowerCase();
    if (!['Strict', 'Lax', 'None'].includes(sameSite)) throw new TypeError("SameSite must be 'Strict', 'Lax', or 'None'.");
  }
  if (maxAge !== null && !Number.isFinite(maxAge)) throw new TypeError(`Invalid cookie maxAge: ${String(maxAge)}`);
  if (expires instanceof Date && Number.isNaN(expires.getTime())) throw new TypeError('Invalid cookie expires: Invalid Date');
  if (typeof expires === 'number' && !Number.isFinite(expires)) throw new TypeError(`Invalid cookie expires: ${expires}`);
  let expiresText: string | null = null;
  if (expires !== null) {
    if (typeof expires === 'string') {
      if (BAD_TEXT.test(expires)) throw new TypeError(`Invalid cookie expires: ${JSON.stringify(expires)}`);
      expiresText = expires;
    } else expiresText = httpDate(expires);
  } else if (maxAge !== null) {
    expiresText = httpDate((options.now?.() ?? Date.now()) / 1000 + maxAge);
  }
  // Non-ASCII names go out as their UTF-8 bytes (Node writes header strings as latin1).
  const parts = [`${Buffer.from(key, 'utf8').toString('latin1')}=${quoteValue(value)}`];
  if (domain !== null) parts.push(`Domain=${encodeDomain(domain)}`);
  if (expiresText !== null) parts.push(`Expires=${expiresText}`);
  if (maxAge !== null) parts.push(`Max-Age=${Math.trunc(maxAge)}`);
  if (secure) parts.push('Secure');
  if (httpOnly) parts.push('HttpOnly');
  if (path !== null) parts.push(`Path=${quotePath(path)}`);
  if (sameSite !== null) parts.push(`SameSite=${sameSite}`);
  if (partitioned) parts.push('Partitioned');
  const header = parts.join('; ');
  const maxSize = options.maxSize ?? 4093;
  if (maxSize > 0 && header.length > maxSize) {
    // Werkzeug warns rather than fails; browsers silently drop such cookies.
    process.emitWarning(
      `The ${JSON.stringify(key)} cookie is too large: the value was ${value.length} bytes but the header ` +
        `required ${header.length - value.length} extra bytes. The final size was ${header.length} bytes but the ` +
        `limit is ${maxSize} bytes. Browsers may silently ignore cookies larger than this.`,
      { code: 'KOLBA_COOKIE_TOO_LARGE' },
    );
  }
  return header;
}

/**
 * Appends a `Set-Cookie` header (never replaces one), with Flask's `set_cookie` parameters.
 *
 * @example
 * ```ts
 * router.post('/prefs', (ctx) => {
 *   setCookie(ctx, 'theme', 'dark', { maxAge: 3600, httpOnly: true, sameSite: 'Lax' });
 *   return 'ok';
 * });
 * ```
 */
export function setCookie(ctx: Context, key: string, value = '', options: DumpCookieOptions = {}): void {
  ctx.append('Set-Cookie', dumpCookie(key, value, options));
}

/**
 * Expires a cookie (Flask's `delete_cookie`): value `''`, `Expires` at the epoch, `Max-Age=0`.
 * Pass the same `path`/`domain` the cookie was set with.
 *
 * @example
 * ```ts
 * deleteCookie(ctx, 'theme'); // theme=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/
 * ```
 */
export function deleteCookie(
  ctx: Context,
  key: string,
  options: Omit<DumpCookieOptions, 'maxAge' | 'expires'> = {},
): void {
  setCookie(ctx, key, '', { ...options, maxAge: 0, expires: 0 });
}
