/**
 * The Jinja filters, tests and literals that Flask templates use and nunjucks lacks or spells
 * differently (spec flask.md §9.6): MarkupSafe versions of `escape`/`e`/`forceescape`/`safe`,
 * `tojson`, `items`, `count` (and those in jinja-filters.ts); the tests `none`, `boolean`, `true`, `false`, `integer`, `float`,
 * `sequence`, `escaped`; the `dict()` global (Jinja's `is in` test cannot parse in
 * nunjucks, whose `x in y` operator does the same job); and `True`/`False`/`None`, so `with_categories=True` works.
 */
import type { Engine } from './engine.js';
import { jinjaFilters } from './jinja-filters.js';
import { splitKeywords } from './kwargs.js';
import { htmlSafeJsonDumps } from './tojson.js';

/**
 * Installs the Jinja compatibility layer on `engine`.
 *
 * @example
 * ```ts
 * installJinja(engine); // then {{ data|tojson }}, {% if x is none %}, with_categories=True work
 * ```
 */
export function installJinja(engine: Engine): void {
  // Jinja spells the constants both ways; nunjucks only knows true/false/none.
  engine.addGlobal('True', true);
  engine.addGlobal('False', false);
  engine.addGlobal('None', null);
  // Jinja's dict(a=1, b=2) global.
  engine.addGlobal('dict', (...args: unknown[]) => {
    const { positional, keywords } = splitKeywords(args);
    return Object.assign({}, ...positional.filter((p) => p !== null && typeof p === 'object'), keywords) as Record<string, unknown>;
  });

  const escape = (value: unknown) => engine.escape(value);
  engine.addFilter('escape', escape);
  engine.addFilter('e', escape);
  // Jinja's forceescape escapes even Markup (it escapes `__html__()`'s text).
  engine.addFilter('forceescape', (value: unknown) =>
    engine.escape(engine.raw(value).toString()),
  );
  engine.addFilter('safe', (value: unknown) => engine.raw(value));
  engine.addFilter('tojson', (...args: unknown[]) => {
    const { positional, keywords } = splitKeywords(args);
    const indent = keywords['indent'] ?? positional[1];
    return engine.markSafe(htmlSafeJsonDumps(positional[0], indent === undefined || indent === null ? undefined : Number(indent)));
  });
  engine.addFilter('items', (value: unknown) => {
    if (value instanceof Map) return [...value.entries()];
    if (value === null || value === undefined) return [];
    return Object.entries(value as object);
  });
  engine.addFilter('count', (value: unknown) => {
    if (value instanceof Map || value instanceof Set) return value.size;
    if (typeof value === 'string' || Array.isArray(value)) return value.length;
    return value && typeof value === 'object' ? Object.keys(value).length : 0;
  });

  // attr, map, unique, min, max, format, filesizeformat, xmlattr.
  for (const [name, fn] of Object.entries(jinjaFilters((v) => engine.escape(v), (html) => engine.markSafe(html)))) {
    engine.addFilter(name, fn);
  }

  engine.addTest('none', (value: unknown) => value === null);
  engine.addTest('boolean', (value: unknown) => typeof value === 'boolean');
  engine.addTest('true', (value: unknown) => value === true);
  engine.addTest('false', (value: unknown) => value === false);
  engine.addTest('integer', (value: unknown) => typeof value === 'bigint' || Number.isInteger(value));
  engine.addTest('float', (value: unknown) => typeof value === 'number' && !Number.isInteger(value));
  engine.addTest('sequence', (value: unknown) => typeof value === 'string' || Array.isArray(value));
  engine.addTest('escaped', (value: unknown) => engine.isSafe(value));
}
