/**
 * Keeps templates away from JavaScript's object plumbing. In nunjucks, as in Jinja without a
 * sandbox, `{{ ''.constructor.constructor('return process')() }}` runs arbitrary code: every
 * value leads to `Function` through `constructor`, and every plain object to `Object` (and so to
 * `Object.assign(Object.prototype, …)`, prototype pollution) through an inherited name. Flask's
 * Jinja has the same hole through `__class__`/`__mro__`; it only matters when an attacker writes
 * template source (SSTI), which kolba's API never does with request data — but a template can
 * also look up a key chosen by the request (`{{ row[request.args.col] }}`), and no page needs
 * these names. So they read as undefined (empty output), the way Jinja's sandbox answers unsafe
 * attributes.
 */

/**
 * Member names a template may not read: the ones that reach constructors and prototypes, or
 * define accessors on them.
 */
const BLOCKED = new Set([
  'constructor',
  'prototype',
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

/** A key no object has: looking it up yields undefined. */
const NO_SUCH_MEMBER: unique symbol = Symbol('kolba.blockedMember');

/**
 * True when `name` is one of the blocked member names.
 *
 * @example
 * ```ts
 * isBlockedMember('constructor'); // true
 * isBlockedMember('title');       // false
 * ```
 */
export function isBlockedMember(name: string): boolean {
  return BLOCKED.has(name);
}

/**
 * The key to use for `obj[key]` in a template: blocked names become a key nothing has. Objects
 * are turned into their property-key string first, as JavaScript would (`x[['constructor']]`).
 *
 * @example
 * ```ts
 * guardMemberKey('title');       // 'title'
 * guardMemberKey('constructor'); // a symbol: the lookup is undefined
 * ```
 */
export function guardMemberKey(key: unknown): unknown {
  if (typeof key === 'string') return BLOCKED.has(key) ? NO_SUCH_MEMBER : key;
  if ((typeof key === 'object' && key !== null) || typeof key === 'function') {
    const text = String(key);
    return BLOCKED.has(text) ? NO_SUCH_MEMBER : text;
  }
  return key;
}

/**
 * The value of a top-level template name, unless it is a blocked name that was not defined by
 * the app or the template but inherited from `Object.prototype` (`{{ constructor }}` is `Object`
 * in nunjucks; in Jinja it is undefined).
 *
 * @example
 * ```ts
 * guardName(Object, 'constructor'); // undefined
 * guardName('set by you', 'constructor'); // 'set by you'
 * ```
 */
export function guardName(value: unknown, name: string): unknown {
  if (!BLOCKED.has(name)) return value;
  const inherited: unknown = (Object.prototype as unknown as Record<string, unknown>)[name];
  return value === inherited || value === Object.prototype ? undefined : value;
}
