// Type tests (compiled by tsc -p tsconfig.typetest.json, never run).
import type { Readable } from 'node:stream';
import type Koa from 'koa';
import { FileStorage, ImmutableMultiDict, MultiDict, setCookie } from '../src/index.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

declare const ctx: Koa.Context;
const r = ctx.request;

// The augmentation types the Flask surface on Koa's Request.
type _args = Expect<Equal<typeof r.args, ImmutableMultiDict<string>>>;
type _files = Expect<Equal<typeof r.files, ImmutableMultiDict<FileStorage>>>;
type _endpoint = Expect<Equal<typeof r.endpoint, string | undefined>>;
type _viewArgs = Expect<Equal<typeof r.viewArgs, Record<string, unknown> | undefined>>;
type _data = Expect<Equal<typeof r.data, Buffer>>;
type _stream = Expect<Equal<typeof r.stream, Readable>>;
// Koa's own names keep Koa's types.
type _path = Expect<Equal<typeof r.path, string>>;

const first = r.form.get('name');
type _first = Expect<Equal<typeof first, string | undefined>>;
const withDefault = r.args.get('q', { default: '' });
type _withDefault = Expect<Equal<typeof withDefault, string>>;
const page = r.args.get('page', { type: Number, default: 1 });
type _page = Expect<Equal<typeof page, number>>;
const maybePage = r.args.get('page', { type: Number });
type _maybePage = Expect<Equal<typeof maybePage, number | undefined>>;
const ids = r.args.getList('id', { type: Number });
type _ids = Expect<Equal<typeof ids, number[]>>;
const item = r.form.getItem('username');
type _item = Expect<Equal<typeof item, string>>;
const upload = r.files.get('photo');
type _upload = Expect<Equal<typeof upload, FileStorage | undefined>>;
const json = r.getJson<{ a: number }>();
type _json = Expect<Equal<typeof json, { a: number }>>;
const silent = r.getJson<{ a: number }>({ silent: true });
type _silent = Expect<Equal<typeof silent, { a: number } | undefined>>;
const flat = new MultiDict([['a', '1']]).toDict({ flat: false });
type _flat = Expect<Equal<typeof flat, Record<string, string[]>>>;

// @ts-expect-error request data is read-only
r.form = new ImmutableMultiDict();
// @ts-expect-error cookie values are strings
setCookie(ctx, 'k', 1);
// @ts-expect-error unknown cookie options are refused
setCookie(ctx, 'k', 'v', { sameSite: 'Lax', httponly: true });
