// Type tests (compiled by tsc -p tsconfig.typetest.json, never run).
import type Koa from 'koa';
import { getFlashedMessages, type CategorizedMessage, type FlashMessage } from '../src/index.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

declare const ctx: Koa.Context;
const plain = getFlashedMessages(ctx);
type _plain = Expect<Equal<typeof plain, FlashMessage[]>>;
const pairs = getFlashedMessages(ctx, { withCategories: true, categoryFilter: ['error'] });
type _pairs = Expect<Equal<typeof pairs, CategorizedMessage[]>>;
const viaCtx = ctx.getFlashedMessages({ withCategories: true });
type _viaCtx = Expect<Equal<typeof viaCtx, CategorizedMessage[]>>;
ctx.flash('saved', 'info');
// @ts-expect-error the category is a string
ctx.flash('saved', 3);
// @ts-expect-error messages are text or Markup
ctx.flash({ text: 'no' });
