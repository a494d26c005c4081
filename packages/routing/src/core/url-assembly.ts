/**
 * The parts of `MapAdapter.build` / Flask `url_for` around a built rule path: script root, scheme
 * and host for external URLs, the anchor, `redirectTo` joining and the `BuildError` suggestion.
 *
 * @module
 */

import type { BuildOptions } from './rule-map.js';
import type { Rule } from './rule.js';
import { quoteAnchor } from './quoting.js';
import { similarity } from './similarity.js';

/** Werkzeug lower-cases the host and IDNA-encodes it (`☃.example.com` → `xn--n3h.example.com`). */
function normaliseHost(host: string): string {
  if (/^[\x20-\x7e]*$/.test(host)) return host.toLowerCase();
  try {
    return new URL(`http://${host}`).host;
  } catch {
    return host.toLowerCase();
  }
}

/**
 * Turns a rule path into the final URL (Werkzeug `MapAdapter.build` after `_partial_build`).
 *
 * @example
 * ```ts
 * assembleUrl('/u/bob', { external: true, host: 'localhost:5000', scriptName: '/app' }, 'user');
 * // 'http://localhost:5000/app/u/bob'
 * ```
 */
export function assembleUrl(path: string, options: BuildOptions, endpoint: string): string {
  if (options.scheme !== undefined && options.external === false) {
    throw new TypeError("When specifying '_scheme', '_external' must be True.");
  }
  const root = (options.scriptName ?? '').replace(/\/+$/, '');
  const tail = path.replace(/^\/+/, '');
  let url: string;
  if (options.external || options.scheme !== undefined) {
    if (!options.host) throw new TypeError(`Cannot build an external URL for endpoint '${endpoint}' without a host`);
    const given = options.scheme ?? 'http';
    // Werkzeug: `https`/`wss` → https, anything else non-empty → http, '' → protocol-relative.
    const scheme = given === '' ? '' : given === 'https' || given === 'wss' ? 'https:' : 'http:';
    url = `${scheme}//${normaliseHost(options.host)}${root}/${tail}`;
  } else {
    url = `${root}/${tail}`;
  }
  if (options.anchor !== undefined) url += `#${quoteAnchor(String(options.anchor))}`;
  return url;
}

/**
 * RFC 3986 join of a `redirectTo` target against the map root: `new/5` and `/new/5` → `/new/5`;
 * absolute and scheme-relative URLs are returned whole.
 *
 * @example
 * ```ts
 * resolveAgainstRoot('new/5'); // '/new/5'
 * resolveAgainstRoot('https://example.com/x'); // 'https://example.com/x'
 * ```
 */
export function resolveAgainstRoot(target: string): string {
  const base = 'http://kolba.invalid/';
  try {
    const url = new URL(target, base);
    return url.origin === 'http://kolba.invalid' && !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('//')
      ? `${url.pathname}${url.search}${url.hash}`
      : url.href;
  } catch {
    return target;
  }
}

/**
 * Werkzeug's `BuildError.closest_rule`: the rule with the highest
 * `0.98·similarity(endpoint) + 0.01·(values ⊆ arguments) + 0.01·(method allowed)`; first wins ties.
 *
 * @example
 * ```ts
 * closestRule(map.rules, 'indx', {}, undefined)?.endpoint; // 'index'
 * ```
 */
export function closestRule(
  rules: readonly Rule[],
  endpoint: string,
  values: Readonly<Record<string, unknown>>,
  method: string | undefined,
): Rule | undefined {
  let best: Rule | undefined;
  let bestScore = -1;
  const keys = Object.keys(values);
  for (const rule of rules) {
    const score =
      0.98 * similarity(rule.endpoint, endpoint) +
      0.01 * (keys.every((k) => rule.arguments.has(k)) ? 1 : 0) +
      0.01 * (method !== undefined && rule.methodSet?.has(method) ? 1 : 0);
    if (score > bestScore) {
      best = rule;
      bestScore = score;
    }
  }
  return best;
}
