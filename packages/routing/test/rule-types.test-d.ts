// Type tests for src/rule-types.ts: compiled by `npx tsc -p tsconfig.typetest.json`, never run.
import type { JoinRule, RouteEntry, RouteParams, RuleParams, UrlForArgs, UrlValues } from '../src/rule-types.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

declare module '../src/index.ts' {
  interface ConverterTypes {
    slug: string;
    date: Date;
  }
}

export type Cases = [
  // built-in converters
  Expect<Equal<RuleParams<'/post/<int:id>'>, { id: number }>>,
  Expect<Equal<RuleParams<'/u/<username>/files/<path:rest>'>, { username: string; rest: string }>>,
  Expect<Equal<RuleParams<'/<any(about, help):page>/<float:v>'>, { page: 'about' | 'help'; v: number }>>,
  Expect<Equal<RuleParams<'/u/<uuid:id>/<string(length=2):cc>'>, { id: string; cc: string }>>,
  Expect<Equal<RuleParams<'/i/<int(min=1, max=10):n>/<default:d>'>, { n: number; d: string }>>,
  // any() with quoted items, a trailing comma, and a colon inside the arguments
  Expect<Equal<RuleParams<`/a/<any(x, "y.z", 'q r',):v>`>, { v: 'x' | 'y.z' | 'q r' }>>,
  Expect<Equal<RuleParams<`/a/<any("a:b", c):v>`>, { v: 'a:b' | 'c' }>>,
  // several placeholders in one segment; static '>' before a placeholder
  Expect<Equal<RuleParams<'/v<int:major>.<int:minor>'>, { major: number; minor: number }>>,
  Expect<Equal<RuleParams<'/a>b/<x>'>, { x: string }>>,
  // no placeholders, non-literal rules, unknown converters
  Expect<Equal<RuleParams<'/about'>, {}>>,
  Expect<Equal<RuleParams<string>, Record<string, unknown>>>,
  Expect<Equal<RuleParams<'/<nope:x>'>, { x: unknown }>>,
  // custom converters through declaration merging
  Expect<Equal<RuleParams<'/<date:d>/<slug:s>'>, { d: Date; s: string }>>,
  // defaults join the params (widened), placeholders keep their converter type
  Expect<Equal<RouteParams<'/all/', { page: 1 }>, { page: number }>>,
  Expect<Equal<RouteParams<'/all/page/<int:page>', { page: 1 }>, { page: number }>>,
  // prefixes join like Flask's url_prefix
  Expect<Equal<JoinRule<'/api/', '/users'>, '/api/users'>>,
  Expect<Equal<JoinRule<'/api', 'users'>, '/api/users'>>,
  Expect<Equal<JoinRule<'', '/users'>, '/users'>>,
  Expect<Equal<JoinRule<'/api', ''>, '/api'>>,
  Expect<Equal<RuleParams<JoinRule<'/<lang>', '/post/<int:id>'>>, { lang: string; id: number }>>,
];

// very long rules degrade instead of erroring
type Long =
  '/<a>/<b>/<c>/<d>/<e>/<f>/<g>/<h>/<i>/<j>/<k>/<l>/<m>/<n>/<o>/<p>/<q>/<r>/<s>/<t>/<u>/<v>/<w>/<x>/<y>/<z>';
export type LongCase = Expect<Equal<RuleParams<Long>, Record<string, unknown>>>;

// urlFor values: required placeholders, converter types, defaults make placeholders optional
type Routes =
  | RouteEntry<'post', '/post/<int:id>'>
  | RouteEntry<'all', '/all/', { readonly page: 1 }>
  | RouteEntry<'all', '/all/page/<int:page>'>
  | RouteEntry<'item', '/item/<int:id>', { page: number }>
  | RouteEntry<'index', '/'>;
declare function urlFor<E extends string>(endpoint: E, ...args: UrlForArgs<Routes, NoInfer<E>, { anchor?: string }>): string;

urlFor('post', { id: 3 });
urlFor('post', { id: 3, q: 'extra keys become the query string' });
urlFor('post', { id: 3 }, { anchor: 'top' });
urlFor('index');
urlFor('all');
urlFor('all', { page: 2 });
urlFor('all', { page: 1 });
urlFor('item', { id: 1 });
urlFor('item', { id: 1, page: 3 });
urlFor('registered.elsewhere', { anything: 1 });
urlFor('registered.elsewhere');
// @ts-expect-error — int placeholder needs a number
urlFor('post', { id: '3' });
// @ts-expect-error — id is required
urlFor('post', {});
// @ts-expect-error — values are required for 'post'
urlFor('post');
// @ts-expect-error — page is a number
urlFor('all', { page: 'x' });

export type ValueCases = [
  Expect<Equal<UrlValues<Routes, 'nope'>, Record<string, unknown>>>,
];
