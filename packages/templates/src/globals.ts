/**
 * Flask's template globals (`create_jinja_environment`): `url_for`, `get_flashed_messages`,
 * `config`, `request`, `session`, `g`. In Flask the last three are proxies to the current
 * request; here they are getters over the render in progress, so they also work inside macros
 * imported without context (Jinja globals are visible there too) and two concurrent requests
 * never see each other's values: a render is synchronous, so "the render in progress" is exact.
 */
import { getFlashedMessages } from '@kolba/flash';
import { splitKeywords } from './kwargs.js';

/**
 * The URL builder contract of @kolba/routing (`ctx.urlFor` / `router.urlFor`).
 *
 * @example
 * ```ts
 * const urlFor: UrlBuilder = (endpoint, values, options) => router.urlFor(endpoint, values, options);
 * ```
 */
export type UrlBuilder = (
  endpoint: string,
  values?: Record<string, unknown>,
  options?: { method?: string; anchor?: string; external?: boolean; scheme?: string },
) => string;

/**
 * What the globals read from a Koa context; every field is optional (packages are optional).
 *
 * @example
 * ```ts
 * await env.render('page.html', {}, { request: ctx.request, session: ctx.session, g: ctx.g, urlFor: ctx.urlFor });
 * ```
 */
export interface TemplateRequestContext {
  request?: unknown;
  session?: unknown;
  g?: unknown;
  state?: unknown;
  urlFor?: UrlBuilder;
}

// Flask's reserved url_for keywords (`_external`, `_anchor`, `_method`, `_scheme`) map onto the
// routing options; every other keyword is a URL value.
const URL_OPTIONS: Record<string, 'external' | 'anchor' | 'method' | 'scheme'> = {
  _external: 'external',
  _anchor: 'anchor',
  _method: 'method',
  _scheme: 'scheme',
};

/**
 * `url_for(endpoint, **values)` as called from a template: Jinja keywords
 * (`url_for('show_post', post_id=1, _anchor='c')`) or a JavaScript object
 * (`urlFor('show_post', { post_id: 1 })`).
 *
 * @example
 * ```ts
 * templateUrlFor(ctx, undefined, ['show_post', { post_id: 1, _anchor: 'c', __keywords: true }]); // '/post/1#c'
 * ```
 */
export function templateUrlFor(ctx: TemplateRequestContext | undefined, fallback: UrlBuilder | undefined, args: unknown[]): string {
  const { positional, keywords } = splitKeywords(args);
  const [endpoint, values, options] = positional;
  const urlValues: Record<string, unknown> = isObject(values) ? { ...values } : {};
  const urlOptions: Record<string, unknown> = isObject(options) ? { ...options } : {};
  for (const [key, value] of Object.entries(keywords)) {
    // Own keys only: a value named `constructor` or `toString` is a URL value, not an option.
    const option = Object.prototype.hasOwnProperty.call(URL_OPTIONS, key) ? URL_OPTIONS[key] : undefined;
    if (option) urlOptions[option] = value;
    else urlValues[key] = value;
  }
  const build = ctx?.urlFor ?? fallback;
  if (typeof build !== 'function') {
    throw new Error(
      ctx
        ? "url_for: ctx.urlFor is not set; mount @kolba/routing's Router before rendering"
        : "url_for: rendering outside a request needs the templates({ urlFor }) option (e.g. router.urlFor)",
    );
  }
  return build(String(endpoint), urlValues, urlOptions);
}

/**
 * `get_flashed_messages(with_categories=false, category_filter=())` as called from a template:
 * positional, Jinja keywords (`with_categories=true`) or camelCase keywords/objects.
 *
 * @example
 * ```ts
 * templateFlashedMessages(ctx, [{ with_categories: true, __keywords: true }]); // [['message', 'Saved']]
 * ```
 */
export function templateFlashedMessages(ctx: TemplateRequestContext | undefined, args: unknown[]): unknown {
  // Outside a request there is no session, hence nothing flashed (Flask needs a request too).
  if (!ctx) return [];
  const { positional, keywords } = splitKeywords(args);
  const first = positional[0];
  const options: Record<string, unknown> = isObject(first) ? { ...first } : { withCategories: first, categoryFilter: positional[1] };
  const withCategories = keywords['with_categories'] ?? keywords['withCategories'] ?? options['withCategories'];
  const categoryFilter = keywords['category_filter'] ?? keywords['categoryFilter'] ?? options['categoryFilter'];
  return getFlashedMessages(ctx, {
    withCategories: withCategories === true,
    ...(categoryFilter === undefined || categoryFilter === null ? {} : { categoryFilter: categoryFilter as Iterable<string> }),
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
