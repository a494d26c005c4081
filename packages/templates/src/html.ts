/**
 * MarkupSafe rules for template output, taken from @kolba/http so every kolba package escapes
 * the same bytes (`&#34;`/`&#39;` for quotes) and honours the same `__html__` protocol.
 */
import { escape, isHtmlSafe } from '@kolba/http';
import type { HtmlPolicy } from './engine.js';

/** The escaping policy handed to the engine. */
export const markupSafe: HtmlPolicy = {
  escapeText: (text) => escape(text).__html__(),
  isSafe: isHtmlSafe,
};
