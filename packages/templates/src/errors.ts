/**
 * Jinja's template exceptions. All are plain errors, deliberately without `status`/`expose`:
 * like Flask, a missing or broken template is a server bug, so Koa and @kolba/http answer 500
 * and show the message (which names server paths) only on a debug error page.
 */

/**
 * A template could not be found in any template folder (Jinja's `TemplateNotFound`).
 * `templateName` is what Jinja calls `.name` (JavaScript reserves `name` for the class name).
 *
 * @example
 * ```ts
 * try { await renderTemplate(ctx, 'missing.html'); }
 * catch (err) { if (err instanceof TemplateNotFound) console.log(err.templateName, err.searched); }
 * ```
 */
export class TemplateNotFound extends Error {
  override name = 'TemplateNotFound';
  /** The template that was asked for. */
  readonly templateName: string;
  /** The folders that were searched, in order. */
  readonly searched: readonly string[];

  constructor(templateName: string, searched: readonly string[], message?: string) {
    super(message ?? `template not found: '${templateName}' (searched: ${searched.join(', ') || 'no template folders'})`);
    this.templateName = templateName;
    this.searched = searched;
  }
}

/**
 * None of a list of candidate templates exists (Jinja's `TemplatesNotFound`, raised by
 * `render_template([...])`). Extends {@link TemplateNotFound}; `templateName` is the last name.
 *
 * @example
 * ```ts
 * await renderTemplate(ctx, ['theme/index.html', 'index.html']); // first that exists wins
 * ```
 */
export class TemplatesNotFound extends TemplateNotFound {
  override name = 'TemplatesNotFound';
  /** Every name that was tried. */
  readonly templates: readonly string[];

  constructor(templates: readonly string[], searched: readonly string[]) {
    super(
      templates[templates.length - 1] ?? '',
      searched,
      `none of the templates given were found: ${templates.join(', ')} (searched: ${searched.join(', ') || 'no template folders'})`,
    );
    this.templates = templates;
  }
}

/**
 * A template does not parse (Jinja's `TemplateSyntaxError`), e.g. a missing `{% endif %}`.
 * The message names the template and the line, for debug error pages.
 *
 * @example
 * ```ts
 * // templates/broken.html: "{% if x %}never closed"
 * await renderTemplate(ctx, 'broken.html'); // TemplateSyntaxError: … (broken.html, line 1)
 * ```
 */
export class TemplateSyntaxError extends Error {
  override name = 'TemplateSyntaxError';
  /** Template name (undefined for string templates). */
  readonly templateName: string | undefined;
  /** File the template was read from, when it came from a folder. */
  readonly filename: string | undefined;
  /** 1-based line of the error, when nunjucks knows it. */
  readonly lineno: number | undefined;
  /** 1-based column of the error, when known. */
  readonly colno: number | undefined;

  constructor(
    reason: string,
    where: { templateName?: string; filename?: string; lineno?: number; colno?: number },
    options?: { cause?: unknown },
  ) {
    super(`${reason} (${describe(where.templateName, where.lineno)})`, options);
    this.templateName = where.templateName;
    this.filename = where.filename;
    this.lineno = where.lineno;
    this.colno = where.colno;
  }
}

/**
 * An error raised by nunjucks while rendering (calling an undefined function, a missing
 * included template, …), with the template and line where it happened. Errors thrown by your
 * own code (filters, globals, `abort()`) are re-thrown unchanged instead, as Jinja does.
 *
 * @example
 * ```ts
 * // {{ nope() }} → TemplateRuntimeError: Unable to call `nope`, which is undefined or falsey (page.html, line 3)
 * ```
 */
export class TemplateRuntimeError extends Error {
  override name = 'TemplateRuntimeError';
  /** Template being rendered (the outermost one; nunjucks does not track includes). */
  readonly templateName: string | undefined;
  /** 1-based line, when known. */
  readonly lineno: number | undefined;

  constructor(reason: string, where: { templateName?: string; lineno?: number }, options?: { cause?: unknown }) {
    super(`${reason} (${describe(where.templateName, where.lineno)})`, options);
    this.templateName = where.templateName;
    this.lineno = where.lineno;
  }
}

function describe(templateName: string | undefined, lineno: number | undefined): string {
  const name = templateName === undefined ? 'template string' : `'${templateName}'`;
  return lineno ? `${name}, line ${lineno}` : name;
}
