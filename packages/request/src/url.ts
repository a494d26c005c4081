/**
 * Flask's request URL properties (§8.7) computed from a Koa context. Koa's own `path`, `url` and
 * `host` keep Koa's meaning (routers and koa-mount read and write them); the Flask-only names
 * are added next to them. A koa-mount prefix plays the part of WSGI's SCRIPT_NAME.
 */
import type { Context } from 'koa';
import { decodeUtf8Lenient } from './urlencoded.js';

function percentBytes(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25 && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c > 0xff) for (const b of Buffer.from(text[i]!, 'utf8')) bytes.push(b);
    else bytes.push(c);
  }
  return Uint8Array.from(bytes);
}

/**
 * Werkzeug's `request.path`: percent-decoded as UTF-8 (invalid bytes → U+FFFD), leading slashes
 * collapsed to one, never empty.
 *
 * @example
 * ```ts
 * decodePath('/app/p%20q/%C3%BC'); // '/app/p q/ü'
 * ```
 */
export function decodePath(rawPath: string): string {
  const decoded = Buffer.from(percentBytes(rawPath)).toString('utf8');
  return `/${decoded.replace(/^\/+/, '')}`;
}

/**
 * Shows a URI path as an IRI, like Werkzeug's `url`: escapes of non-ASCII UTF-8 are decoded, ASCII
 * escapes (`%20`, `%2F`) and invalid bytes stay encoded.
 *
 * @example
 * ```ts
 * uriToIri('/p%20q/%C3%BC'); // '/p%20q/ü'
 * ```
 */
export function uriToIri(uri: string): string {
  return uri.replace(/(?:%[89A-Fa-f][0-9A-Fa-f])+/g, (run) => decodeUtf8Lenient(percentBytes(run)));
}

/** The mount prefix (SCRIPT_NAME), raw, without trailing slash: `''` at the root. */
function rawScriptRoot(ctx: Context): string {
  const original = ctx.originalUrl.split('?')[0] ?? '';
  const current = ctx.path;
  if (original === current) return '';
  if (original.endsWith(current)) return original.slice(0, original.length - current.length).replace(/\/+$/, '');
  // koa-mount turns `/app` into `/` for its child: the whole original path is the prefix.
  if (current === '/') return original.replace(/\/+$/, '');
  return '';
}

/** Host without the scheme's default port (Werkzeug strips `:80` / `:443`). */
function flaskHost(ctx: Context): string {
  const host = ctx.host;
  const defaultPort = ctx.protocol === 'https' ? ':443' : ':80';
  return host.endsWith(defaultPort) ? host.slice(0, -defaultPort.length) : host;
}

/**
 * The URL properties of one request.
 *
 * @example
 * ```ts
 * urlProperties(ctx).fullPath; // '/search?q=x', or '/?' without a query
 * ```
 */
export function urlProperties(ctx: Context) {
  const scheme = ctx.protocol;
  const host = flaskHost(ctx);
  const root = rawScriptRoot(ctx);
  const query = ctx.querystring;
  return {
    scriptRoot: root === '' ? '' : decodePath(root),
    // `?` always present, even without a query string (Werkzeug's full_path).
    fullPath: `${decodePath(ctx.path)}?${query}`,
    baseUrl: `${scheme}://${host}${uriToIri(root)}${uriToIri(ctx.path)}`,
    urlRoot: `${scheme}://${host}${uriToIri(root)}/`,
    hostUrl: `${scheme}://${host}/`,
    host,
  };
}
