/**
 * `redirect()`: Werkzeug's redirect response (HTML body with an escaped link, `Location`
 * converted from IRI to URI).
 */
import { escape } from './markup.js';
import { iriToUri } from './iri.js';
import { DEFAULT_CONTENT_TYPE, HttpResponse } from './response.js';

// A control character in a location is almost always an injection attempt (CR/LF response
// splitting, CWE-113). Werkzeug silently strips or encodes them; kolba refuses loudly instead.
const CONTROL = /[\x00-\x1f\x7f]/;

/**
 * Builds a redirect response exactly like Werkzeug 3.1: status `code` (default 302, as in
 * Flask ≤ 3.1), `Location` converted with {@link iriToUri} (relative locations stay relative),
 * and the small HTML page whose link is the HTML-escaped location as given.
 *
 * @param location - where to send the client; untrusted values should be checked against an
 *   allow-list first (redirect() does not prevent open redirects, same as Flask)
 * @param code - status code; not validated, as in Werkzeug
 * @throws TypeError if `location` contains a control character (CR, LF, NUL, …)
 * @example
 * ```ts
 * router.post('/login', function login(ctx) {
 *   return redirect(router.urlFor('index'));        // 302
 * });
 * return redirect('/search?q=ü', 303);             // Location: /search?q=%C3%BC
 * ```
 */
export function redirect(location: string, code = 302): HttpResponse {
  const target = String(location);
  if (CONTROL.test(target)) {
    throw new TypeError(
      `redirect(): refusing a location with a control character (CR, LF, NUL, ...): ${JSON.stringify(target)}; ` +
        'this looks like a header-injection attempt',
    );
  }
  const html = escape(target).__html__();
  const body =
    '<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n' +
    `<p>You should be redirected automatically to the target URL: <a href="${html}">${html}</a>. ` +
    'If not, click the link.\n';
  return new HttpResponse(body, code, { 'Content-Type': DEFAULT_CONTENT_TYPE, Location: iriToUri(target) });
}

/**
 * A `redirect` with another default code, for apps that want the upcoming Flask/Werkzeug 3.2
 * default (303 See Other) before it ships.
 *
 * @example
 * ```ts
 * const redirect303 = createRedirect(303);
 * return redirect303('/done');       // 303
 * return redirect303('/moved', 301); // explicit codes still win
 * ```
 */
export function createRedirect(defaultCode: number): (location: string, code?: number) => HttpResponse {
  return function kolbaRedirect(location: string, code: number = defaultCode): HttpResponse {
    return redirect(location, code);
  };
}
