/**
 * Turns nunjucks errors into Jinja's: syntax errors become TemplateSyntaxError with the
 * template and 1-based line, render errors TemplateRuntimeError (or TemplateNotFound for a
 * missing include); errors thrown by your own code pass through unchanged.
 */
import { isEngineError } from './engine.js';
import { TemplateNotFound, TemplateRuntimeError, TemplateSyntaxError } from './errors.js';

/**
 * A compile-time error as a TemplateSyntaxError. nunjucks' parser also fails with plain
 * TypeErrors on some Jinja syntax it lacks (`{% set ns.attr = 1 %}`); those are syntax errors
 * too, reported without a line.
 *
 * @example
 * ```ts
 * try { engine.compile(src, name, true); } catch (e) { throw toSyntaxError(e, src, name, filename); }
 * ```
 */
export function toSyntaxError(error: unknown, source: string, name: string | undefined, filename: string | undefined): TemplateSyntaxError {
  if (!isEngineError(error)) {
    const reason = `nunjucks could not compile this template (${error instanceof Error ? error.message : String(error)})`;
    return new TemplateSyntaxError(reason, { templateName: name, filename }, { cause: error });
  }
  // An unclosed block is reported at the end of the template, as Jinja does.
  const atEnd = error.lineno === undefined && /end of file/.test(error.message);
  return new TemplateSyntaxError(
    stripLocation(error.message).replace(/^parse\w*: /, ''),
    { templateName: name, filename, lineno: atEnd ? source.replace(/\r?\n$/, '').split('\n').length : error.lineno, colno: error.colno },
    { cause: error },
  );
}

/**
 * Maps a render error. Errors from your own code (filters, globals, `abort()`) propagate
 * unchanged, as in Jinja, so an HTTPException keeps its status; nunjucks' own errors become
 * TemplateRuntimeError naming the template and line, and a missing include TemplateNotFound.
 *
 * @example
 * ```ts
 * try { engine.render(compiled, name, vars); } catch (e) { throw toRenderError(e, name, folders); }
 * ```
 */
export function toRenderError(error: unknown, name: string | undefined, folders: readonly string[]): unknown {
  if (!isEngineError(error)) return error;
  // nunjucks wraps an error once per template/include level; the innermost one is where it
  // happened, and its message lists the templates it passed through, deepest last.
  let inner = error;
  while (isEngineError(inner.cause)) inner = inner.cause;
  const where = templateOf(inner.message) ?? name;
  // nunjucks counts lines from 0 and only tracks some nodes; 0/0 means "unknown".
  const lineno = (inner.lineno ?? 0) > 0 || (inner.colno ?? 0) > 0 ? (inner.lineno ?? 0) + 1 : undefined;
  const cause = inner.cause;
  if (cause instanceof Error) {
    const missing = /^template not found: (.+)$/.exec(cause.message);
    if (missing && cause.constructor === Error) return new TemplateNotFound(missing[1] as string, folders);
    if (cause.constructor !== Error) return cause;
  }
  const reason = cause instanceof Error ? cause.message : stripLocation(inner.message);
  return new TemplateRuntimeError(reason, { templateName: where, lineno }, { cause: cause ?? inner });
}

// The last "(name)" location line of a nunjucks message: the template the error happened in.
function templateOf(message: string): string | undefined {
  let found: string | undefined;
  for (const line of message.split('\n')) {
    const match = /^\s*(?:Template render error: )?\(([^()]+)\)(?: \[Line \d+(?:, Column \d+)?\])?$/.exec(line);
    if (match) found = match[1];
  }
  return found === '<string>' ? undefined : found;
}

// nunjucks prefixes messages with "(path) [Line x, Column y]"; we carry those as fields.
function stripLocation(message: string): string {
  return message.replace(/^(?:Template render error: )?\([^\n]*\)(?: \[Line \d+(?:, Column \d+)?\])?\n\s*/, '');
}
