/**
 * The debug-mode 500 page: the error's type, message and stack, all HTML-escaped. Only ever
 * rendered with `errorHandlers({ debug: true })`; production pages never show messages or stacks.
 */
import { escape } from './markup.js';

/**
 * Renders an escaped debug page for an unhandled error (a static stand-in for Werkzeug's
 * interactive debugger, which kolba does not ship: no code execution from the browser).
 *
 * @example
 * ```ts
 * ctx.body = debugPage(new Error('boom'));
 * ```
 */
export function debugPage(err: unknown): string {
  const e = err instanceof Error ? err : new Error(String(err));
  const title = escape(`${e.name}: ${e.message}`).__html__();
  const stack = escape(e.stack ?? String(e)).__html__();
  let causes = '';
  for (let c: unknown = e.cause, depth = 0; c !== undefined && c !== null && depth < 5; c = (c as Error).cause, depth++) {
    const text = c instanceof Error ? (c.stack ?? String(c)) : String(c);
    causes += `<h2>Caused by</h2>\n<pre>${escape(text).__html__()}</pre>\n`;
  }
  return (
    '<!doctype html>\n<html lang=en>\n' +
    `<title>${title} // kolba debug</title>\n` +
    `<h1>${title}</h1>\n` +
    `<pre>${stack}</pre>\n${causes}` +
    '<p>This page is shown because errorHandlers() runs with debug: true. Never enable it in production.</p>\n'
  );
}
