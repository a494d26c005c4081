/**
 * Type-level reading of Werkzeug rule strings: `'/post/<int:id>'` → `{ id: number }`.
 *
 * Everything here is erased at compile time; the runtime converts values with the same converters
 * (Werkzeug `to_python`), so the types describe what `ctx.params` really holds.
 * Kept deliberately small (hono's ~2.7k-line `types.ts` slows editors): one scan over the
 * placeholders, a converter lookup and a fallback to `Record<string, unknown>` for non-literal
 * rules or rules with more placeholders than {@link MaxPlaceholders}.
 *
 * @module
 */
import type { ConverterTypes } from './index.js';

/**
 * Value types of the converters kolba ships (Werkzeug's built-ins). `any(a, b)` is handled
 * separately: it becomes the union of its items.
 */
interface BuiltinConverterTypes {
  default: string;
  string: string;
  path: string;
  uuid: string;
  int: number;
  float: number;
  any: string;
}

/** Built-ins overlaid by the user's {@link ConverterTypes} (a user entry may override a built-in). */
type Converters = Omit<BuiltinConverterTypes, keyof ConverterTypes> & ConverterTypes;

type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;

/** `"a"`, `'a'`, `u"a"` → `a` (Werkzeug's converter-argument quoting, spec §1.3). */
type Unquote<S extends string> =
  S extends `${'u' | 'r' | 'U' | 'R' | ''}"${infer V}"` ? V
  : S extends `${'u' | 'r' | 'U' | 'R' | ''}'${infer V}'` ? V
  : S;

/** The items of `any(a, "b", c,)` as a union; empty items (trailing comma) are dropped. */
type AnyItems<S extends string> =
  S extends `${infer A},${infer B}` ? AnyItem<A> | AnyItems<B> : AnyItem<S>;
type AnyItem<S extends string> = Trim<S> extends '' ? never : Unquote<Trim<S>>;

/** Value type of one converter spec such as `int`, `int(min=1)`, `any(a, b)` or `slug`. */
type ConverterValue<Spec extends string> =
  Spec extends `any(${infer Items})` ? AnyItems<Items>
  : Spec extends `${infer Name}(${string})` ? LookupConverter<Name>
  : LookupConverter<Spec>;
type LookupConverter<Name extends string> = Name extends keyof Converters ? Converters[Name] : unknown;

/**
 * One placeholder body (what sits between `<` and `>`) → `[name, value type]`.
 * `conv(args):name` is tried first, so a `:` inside the arguments does not split the name
 * (Werkzeug's lazy `ARGS` up to a `)` followed by `:`).
 */
type Placeholder<Inner extends string> =
  Inner extends `${infer Conv}(${infer Args}):${infer Name}` ? [Name, ConverterValue<`${Conv}(${Args})`>]
  : Inner extends `${infer Conv}:${infer Name}` ? [Name, ConverterValue<Conv>]
  : [Inner, string];

/** Rules with more placeholders than this fall back to `Record<string, unknown>`. */
type MaxPlaceholders = 24;

type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** Tail-recursive scan with an accumulator, so long rules stay cheap for the checker. */
type Scan<R extends string, Acc, Count extends unknown[]> =
  Count['length'] extends MaxPlaceholders ? Record<string, unknown>
  : R extends `${string}<${infer Inner}>${infer Rest}`
    ? Placeholder<Inner> extends [infer N extends string, infer V]
      ? Scan<Rest, Acc & { [K in N]: V }, [...Count, unknown]>
      : never
    : Flatten<Acc>;

/**
 * The converted params of a Werkzeug rule string.
 *
 * @example
 * ```ts
 * type A = RuleParams<'/post/<int:id>'>;                      // { id: number }
 * type B = RuleParams<'/<any(about, help):page>/<float:v>'>;  // { page: 'about' | 'help'; v: number }
 * type C = RuleParams<string>;                                // Record<string, unknown>
 * ```
 */
export type RuleParams<R extends string> = string extends R ? Record<string, unknown> : Scan<R, {}, []>;

/**
 * Join a prefix and a rule the way Flask joins a blueprint's `url_prefix` and a rule
 * (`prefix.rstrip('/') + '/' + rule.lstrip('/')`; an empty rule leaves the prefix alone).
 *
 * @example
 * ```ts
 * type P = JoinRule<'/api/', '/users'>; // '/api/users'
 * ```
 */
export type JoinRule<Prefix extends string, Rule extends string> =
  Prefix extends '' ? Rule
  : Rule extends '' ? Prefix
  : `${StripTrailing<Prefix>}/${StripLeading<Rule>}`;
type StripTrailing<S extends string> = S extends `${infer H}/` ? StripTrailing<H> : S;
type StripLeading<S extends string> = S extends `/${infer T}` ? StripLeading<T> : S;

type Widen<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : T;

/**
 * `ctx.params` of a route: the rule's converted placeholders plus the route's `defaults`
 * (Werkzeug merges defaults into the view arguments).
 *
 * @example
 * ```ts
 * type P = RouteParams<'/all/', { page: 1 }>; // { page: number }
 * ```
 */
export type RouteParams<R extends string, D = {}> =
  string extends R ? Record<string, unknown>
  : Flatten<RuleParams<R> & { [K in Exclude<keyof D, keyof RuleParams<R>>]: Widen<D[K]> }>;

/**
 * One registered route as the router's type remembers it (for `urlFor`): endpoint, rule and the
 * type of the route's `defaults`.
 *
 * @example
 * ```ts
 * type E = RouteEntry<'all', '/all/', { page: 1 }>;
 * ```
 */
export interface RouteEntry<E extends string = string, R extends string = string, D = {}> {
  endpoint: E;
  rule: R;
  defaults: D;
}

/**
 * Build values of one route: placeholders are required unless a default covers them; a default
 * that is not a placeholder may be passed only with its own value (Werkzeug picks a rule whose
 * defaults equal the given values, spec §6.2); anything else becomes the query string.
 */
type BuildValuesOf<Entry> =
  Entry extends RouteEntry<string, infer R, infer D>
    ? Flatten<
        Omit<RuleParams<R>, keyof D>
          & { [K in keyof D & keyof RuleParams<R>]?: RuleParams<R>[K] }
          & { [K in Exclude<keyof D, keyof RuleParams<R>>]?: D[K] }
      > & Record<string, unknown>
    : never;

/**
 * Endpoint names the router knows at compile time.
 *
 * @example
 * ```ts
 * type K = KnownEndpoint<RouteEntry<'post', '/post/<int:id>'>>; // 'post'
 * ```
 */
export type KnownEndpoint<Routes> = Routes extends RouteEntry<infer E> ? E : never;

/**
 * The `values` argument of `urlFor(endpoint, values)`: the rule's params with their converted
 * types (unknown keys become the query string), or `Record<string, unknown>` for an endpoint the
 * compiler does not know.
 *
 * @example
 * ```ts
 * type V = UrlValues<RouteEntry<'post', '/post/<int:id>'>, 'post'>; // { id: number } & Record<string, unknown>
 * ```
 */
export type UrlValues<Routes, E extends string> =
  [Extract<Routes, RouteEntry<E>>] extends [never] ? Record<string, unknown> : BuildValuesOf<Extract<Routes, RouteEntry<E>>>;

/**
 * The arguments after the endpoint: `values` may be left out when nothing is required.
 *
 * @example
 * ```ts
 * type A = UrlForArgs<RouteEntry<'index', '/'>, 'index', UrlForOptions>; // [values?, options?]
 * ```
 */
export type UrlForArgs<Routes, E extends string, Opts> =
  {} extends UrlValues<Routes, E> ? [values?: UrlValues<Routes, E>, options?: Opts] : [values: UrlValues<Routes, E>, options?: Opts];

/**
 * The route entries of a child router as seen through its mount prefix.
 *
 * @example
 * ```ts
 * type P = PrefixRoutes<'/api', RouteEntry<'u', '/users'>>; // RouteEntry<'u', '/api/users'>
 * ```
 */
export type PrefixRoutes<Prefix extends string, Routes> =
  Routes extends RouteEntry<infer E, infer R, infer D> ? RouteEntry<E, JoinRule<Prefix, R>, D> : never;
