/**
 * Werkzeug 3.1's `iri_to_uri`: turn a Unicode location into an ASCII URI for the `Location`
 * header without normalising it (no WHATWG `URL` round trip: that would add slashes, resolve
 * `..` and lowercase paths, which Werkzeug does not do).
 */
import { domainToASCII } from 'node:url';

const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~';
const PATH_SAFE = UNRESERVED + "%!$&'()*+,/:;=@";
const QUERY_SAFE = PATH_SAFE + '?';
const USERINFO_SAFE = UNRESERVED + "%!$&'()*+,;=";

/**
 * Python's `urllib.parse.quote(text, safe)`: percent-encode UTF-8 bytes outside `safe`.
 *
 * @example
 * ```ts
 * quote('a b/ü', '/'); // 'a%20b/%C3%BC'
 * ```
 */
export function quote(text: string, safe: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && safe.includes(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

// scheme ":" ["//" authority] path ["?" query] ["#" fragment], as urllib.parse.urlsplit splits it.
const SPLIT = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s;

function convertHost(authority: string): string {
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at) : undefined;
  let hostport = at >= 0 ? authority.slice(at + 1) : authority;
  let port = '';
  let host: string;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    host = hostport.slice(0, end + 1).toLowerCase();
    hostport = hostport.slice(end + 1);
    if (hostport.startsWith(':')) port = hostport;
  } else {
    const colon = hostport.lastIndexOf(':');
    if (colon >= 0) {
      port = hostport.slice(colon);
      hostport = hostport.slice(0, colon);
    }
    // Werkzeug IDNA-encodes the host (`☃.net` → `xn--n3h.net`); an invalid name is kept as
    // percent-encoded text rather than dropped, so the redirect still goes somewhere visible.
    const lower = hostport.toLowerCase();
    host = /^[\x21-\x7e]*$/.test(lower) ? lower : domainToASCII(lower) || quote(lower, UNRESERVED);
  }
  if (port === ':') port = '';
  let auth = '';
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    auth =
      colon >= 0
        ? `${quote(userinfo.slice(0, colon), USERINFO_SAFE)}:${quote(userinfo.slice(colon + 1), USERINFO_SAFE)}@`
        : `${quote(userinfo, USERINFO_SAFE)}@`;
  }
  return auth + host + port;
}

/**
 * Converts an IRI to a URI as Werkzeug does for `Location`: path, query and fragment are
 * percent-encoded (UTF-8, existing `%XX` left alone), the host is IDNA-encoded, relative
 * references stay relative.
 *
 * @example
 * ```ts
 * iriToUri('http://☃.net/ü?q=ä'); // 'http://xn--n3h.net/%C3%BC?q=%C3%A4'
 * iriToUri('/füübär');            // '/f%C3%BC%C3%BCb%C3%A4r'
 * ```
 */
export function iriToUri(iri: string): string {
  const m = SPLIT.exec(iri);
  if (!m) return quote(iri, QUERY_SAFE);
  const [, scheme, authority, path = '', query, fragment] = m;
  let out = scheme !== undefined ? `${scheme}:` : '';
  if (authority !== undefined) out += `//${convertHost(authority)}`;
  out += quote(path, PATH_SAFE);
  if (query !== undefined) out += `?${quote(query, QUERY_SAFE)}`;
  if (fragment !== undefined) out += `#${quote(fragment, QUERY_SAFE)}`;
  return out;
}
