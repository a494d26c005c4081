/**
 * Flask 3's `request.get_json(force, silent)` rules (§8.6) over a buffered body: a non-JSON
 * Content-Type is a 415 (Werkzeug ≥2.3; 2.2 gave 400), malformed or empty JSON a 400 with the
 * generic description (Flask hides the parser message outside debug), `silent` turns both into
 * `undefined`.
 */
import { BadRequest, UnsupportedMediaType } from './errors.js';

/**
 * Options of `ctx.request.getJson()`.
 *
 * @example
 * ```ts
 * const data = ctx.request.getJson({ silent: true } satisfies GetJsonOptions);
 * ```
 */
export interface GetJsonOptions {
  /** Parse whatever the Content-Type says. */
  force?: boolean;
  /** Return `undefined` instead of raising 415/400. */
  silent?: boolean;
}

/**
 * Werkzeug's literal 415 description for `get_json()` on a non-JSON request.
 *
 * @example
 * ```ts
 * errorHandlers({ 415: (err) => ({ error: err.description === JSON_415_DESCRIPTION ? 'send JSON' : 'unsupported' }) });
 * ```
 */
export const JSON_415_DESCRIPTION =
  "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.";

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Decodes and parses a JSON body; throws BadRequest on invalid UTF-8 or JSON.
 *
 * @example
 * ```ts
 * parseJsonBody(Buffer.from('{"a":1}')); // { a: 1 }
 * ```
 */
export function parseJsonBody(data: Uint8Array): unknown {
  let text: string;
  try {
    text = decoder.decode(data); // strips a UTF-8 BOM, like Python's json.loads(bytes)
    return JSON.parse(text);
  } catch (err) {
    throw new BadRequest(null, { cause: err });
  }
}

/** What `getJson` needs to know about the request. */
export interface JsonSource {
  isJson: boolean;
  /** The buffered body; `undefined` when the body was left in the stream. */
  data: Buffer | undefined;
  /** Whether the request has a body at all. */
  hasBody: boolean;
  cache: { value: unknown } | undefined;
}

/**
 * Applies Flask's get_json decision table.
 *
 * @example
 * ```ts
 * loadJson({ isJson: true, data: Buffer.from('[1]'), hasBody: true, cache: undefined }, {}); // [1]
 * ```
 */
export function loadJson(source: JsonSource, options: GetJsonOptions = {}): unknown {
  if (source.cache) return source.cache.value;
  if (!options.force && !source.isJson) {
    if (options.silent) return undefined;
    throw new UnsupportedMediaType(JSON_415_DESCRIPTION);
  }
  if (source.data === undefined && source.hasBody) {
    // bodies() buffers every JSON body, so an unbuffered one was consumed by another body parser
    // earlier in the chain: a 415 "Content-Type was not 'application/json'" would be false, and a
    // 400 would blame the client for a set-up problem.
    if (source.isJson) throw new Error('@kolba/request: the JSON body was read by another body parser before bodies() ran');
    // A body of a type `bodies()` does not buffer (multipart, octet-stream…) is still in the
    // stream, so it cannot be parsed synchronously; see "Differences from Flask".
    if (options.silent) return undefined;
    throw new UnsupportedMediaType(JSON_415_DESCRIPTION);
  }
  try {
    const value = parseJsonBody(source.data ?? Buffer.alloc(0));
    source.cache = { value };
    return value;
  } catch (err) {
    if (options.silent) return undefined;
    throw err;
  }
}
