/**
 * @module @kolba/static
 * Flask's static endpoint, `send_file` and `send_from_directory` for Koa, with Werkzeug 3.1's
 * headers, conditional (304/412) and range (206/416) answers, and traversal-proof joins.
 */
export { staticFiles, type StaticFilesOptions, type StaticRouter } from './static-files.js';
export { serveStatic, type ServeStaticOptions } from './serve-static.js';
export { sendFile, type SendFileSource } from './send-file.js';
export { sendFromDirectory } from './send-from-directory.js';
export { safeJoin } from './safe-join.js';
export type { SendFileOptions, SendFromDirectoryOptions, MaxAge, DotfilesPolicy } from './options.js';
