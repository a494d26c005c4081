/**
 * `TRUSTED_HOSTS` (Flask ≥ 3.1): requests whose Host is not listed get 400 Bad Request, before
 * routing, so no view, URL or redirect is ever built from a forged Host header.
 */
import type { Context, Middleware, Next } from 'koa';
import { domainToASCII } from 'node:url';
import { BadRequest } from '@kolba/http';
import { requestHost } from '@kolba/routing';

/** The host name without port, IDNA-encoded and lower-cased; `''` when unusable. */
function hostname(host: string): string {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':', 1)[0]!;
  if (name.startsWith('[')) return name.toLowerCase();
  return domainToASCII(name).toLowerCase();
}

/**
 * Werkzeug's `host_is_trusted`: an entry matches the host exactly; an entry starting with `.`
 * also matches any subdomain (`.example.com` → `example.com`, `a.example.com`). Ports are ignored.
 *
 * @example
 * hostIsTrusted('api.example.com:8000', ['.example.com']); // true
 * hostIsTrusted('evil.test', ['example.com']);             // false
 */
export function hostIsTrusted(host: string, trusted: readonly string[]): boolean {
  const name = hostname(host);
  if (name === '') return false;
  for (const entry of trusted) {
    const suffix = entry.startsWith('.');
    const ref = hostname(suffix ? entry.slice(1) : entry);
    if (ref === '') continue;
    if (name === ref || (suffix && name.endsWith(`.${ref}`))) return true;
  }
  return false;
}

/**
 * The middleware enforcing `TRUSTED_HOSTS`; reads the config on each request, so tests may set
 * it after creating the app. `null` or an empty list trusts every host (Flask's default).
 *
 * @throws Error at the first request when `TRUSTED_HOSTS` is not a list of strings.
 * @example
 * app.config.TRUSTED_HOSTS = ['example.com', '.example.org'];
 */
export function trustedHosts(config: Readonly<Record<string, unknown>>): Middleware {
  return function kolbaTrustedHosts(ctx: Context, next: Next) {
    const trusted = config.TRUSTED_HOSTS;
    if (trusted === null || trusted === undefined) return next();
    if (!Array.isArray(trusted) || trusted.some((t) => typeof t !== 'string')) {
      throw new TypeError("TRUSTED_HOSTS must be a list of host names, for example ['example.com', '.example.org'].");
    }
    if (trusted.length === 0) return next();
    // Werkzeug's get_host: the Host without the scheme's default port, '' when malformed (the
    // routing package reads it the same way for redirects and external URLs).
    const host = requestHost(ctx);
    if (!hostIsTrusted(host, trusted as string[])) throw new BadRequest(`Host '${host}' is not trusted.`);
    return next();
  };
}
