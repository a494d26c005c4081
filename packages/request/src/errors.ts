/**
 * The HTTP exceptions this package raises, from @kolba/http, so `errorHandlers()` and Koa's own
 * `ctx.onerror` render them like any other Werkzeug error (400 for a missing MultiDict key and
 * malformed bodies, 413 for limits, 415 for `getJson()` on a non-JSON body).
 */
export { BadRequest, BadRequestKeyError, RequestEntityTooLarge, UnsupportedMediaType } from '@kolba/http';
