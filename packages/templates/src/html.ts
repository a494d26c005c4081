/**
 * MarkupSafe rules for template output, taken from @kolba/http so every kolba package escapes
 * the same bytes (`&#34;`/`&#39;` for quotes) and honours the same `__html__` protocol.
 */
import { escape, isHtmlSafe } from '@kolba/http';
import type { HtmlPolicy } from './engine.js';

/**
 * The escaping policy handed to the engine.
 *
 * @example
 * ```ts
 * markupSafe.escapeText(`<a href="x">`); // '&lt;a href=&#34;x&#34;&gt;'
 * ```
 */
const NEEDS_ESCAPE = /[&<>"']/;

export const markupSafe: HtmlPolicy = {
  // Most output has nothing to escape: skip building a Markup object for it.
  escapeText: (text) => (NEEDS_ESCAPE.test(text) ? escape(text).__html__() : text),
  isSafe: isHtmlSafe,
};
