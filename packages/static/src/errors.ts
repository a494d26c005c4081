// The HTTP errors this package raises, in one place: @kolba/http's Werkzeug exceptions, which
// follow the http-errors conventions (`status`, `expose`, `headers`), so Koa's default error
// handler and kolba's errorHandlers() both answer them with the right status and headers.
import { NotFound, RequestedRangeNotSatisfiable } from '@kolba/http';

/**
 * Werkzeug's `NotFound()`: every refused or missing file ends here, never with a 403.
 *
 * @example
 * ```ts
 * if (joined === null) notFound();
 * ```
 */
export function notFound(): never {
  throw new NotFound();
}

/**
 * Werkzeug's `RequestedRangeNotSatisfiable(length)`: 416 with `Content-Range: bytes *\/length`.
 *
 * @example
 * ```ts
 * rangeNotSatisfiable(20); // throws; the answer carries Content-Range: bytes *\/20
 * ```
 */
export function rangeNotSatisfiable(length: number): never {
  throw new RequestedRangeNotSatisfiable(length);
}
