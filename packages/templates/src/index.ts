/**
 * Flask's Jinja conventions on Nunjucks for Koa.
 * @module @kolba/templates
 */
export {
  templates,
  renderTemplate,
  renderTemplateString,
  streamTemplate,
  streamTemplateString,
  type TemplatesMiddleware,
} from './middleware.js';
export { TemplateEnvironment } from './environment.js';
export {
  selectJinjaAutoescape,
  type TemplatesOptions,
  type ContextProcessor,
  type TemplateFilter,
  type TemplateTest,
} from './options.js';
export { TemplateNotFound, TemplatesNotFound, TemplateSyntaxError, TemplateRuntimeError } from './errors.js';
export { htmlSafeJsonDumps } from './tojson.js';
export type { TemplateRequestContext, UrlBuilder } from './globals.js';
