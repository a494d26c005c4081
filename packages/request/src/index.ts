/**
 * Flask's request surface on Koa: `bodies()` (koa-body/formidable with Flask's limits),
 * MultiDict, FileStorage, `secureFilename`, and Flask-style `setCookie`/`deleteCookie`.
 *
 * @module @kolba/request
 */
export { bodies, type BodiesOptions } from './bodies.js';
export { MultiDict, ImmutableMultiDict, CombinedMultiDict, type Converter, type GetOptions, type MultiDictInit } from './multidict.js';
export { FileStorage, type FileStorageInit } from './file-storage.js';
export { secureFilename, type SecureFilenameOptions } from './secure-filename.js';
export { setCookie, deleteCookie, dumpCookie, httpDate, type CookieOptions, type DumpCookieOptions } from './set-cookie.js';
export { parseCookieHeader } from './cookie-parse.js';
export { parseUrlencoded } from './urlencoded.js';
export { installRequestSurface } from './request.js';
export { JSON_415_DESCRIPTION, type GetJsonOptions } from './json.js';
export { BadRequestKeyError } from './errors.js';
