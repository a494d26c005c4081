// The HTTP errors this package raises, in one place: @kolba/http's Werkzeug exceptions, which
// follow the http-errors conventions (`status`, `expose`, `headers`), so Koa's default error
// handler and kolba's errorHandlers() both answer them with the right status and headers.
import { NotFound, RequestedRangeNotSatisfiable } from '@kolba/http';

/** Werkzeug's `NotFound()`: every refused or missing file ends here, never with a 403. */
export function notFound(): never {
  throw new NotFound();
}

/** Werkzeug's `RequestedRangeNotSatisfiable(length)`: 416 with `Content-Range: bytes *\/length`. */
export function rangeNotSatisfiable(length: number): never {
  throw new RequestedRangeNotSatisfiable(length);
}
