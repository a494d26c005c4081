/**
 * Jinja keyword arguments on nunjucks: a call such as `get_flashed_messages(with_categories=true)`
 * reaches a JavaScript function as a trailing object marked `__keywords: true`.
 */

/**
 * Positional arguments and keyword arguments of a call made from a template.
 *
 * @example
 * ```ts
 * const { positional, keywords }: SplitArgs = splitKeywords(args);
 * ```
 */
export interface SplitArgs {
  positional: unknown[];
  keywords: Record<string, unknown>;
}

/**
 * Separates nunjucks' trailing keyword-argument object from the positional arguments.
 *
 * @example
 * ```ts
 * splitKeywords(['a', { x: 1, __keywords: true }]); // { positional: ['a'], keywords: { x: 1 } }
 * ```
 */
export function splitKeywords(args: readonly unknown[]): SplitArgs {
  const last = args[args.length - 1];
  if (last !== null && typeof last === 'object' && (last as { __keywords?: unknown }).__keywords === true) {
    const { __keywords: _marker, ...keywords } = last as Record<string, unknown>;
    return { positional: args.slice(0, -1), keywords };
  }
  return { positional: [...args], keywords: {} };
}
