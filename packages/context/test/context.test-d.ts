// Type tests (compiled by tsc -p tsconfig.typetest.json, never run).
import type Koa from 'koa';
import { context, currentApp, g, request, type G } from '../src/index.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

declare module '../src/index.ts' {
  interface AppGlobals {
    user?: { id: number };
  }
}

const app = new (null as unknown as typeof Koa)();
app.use(context());
app.use((ctx) => {
  type _g = Expect<Equal<typeof ctx.g, G>>;
  type _user = Expect<Equal<typeof ctx.g.user, { id: number } | undefined>>;
  ctx.g.user = { id: 1 };
  // @ts-expect-error declared attributes are typed
  ctx.g.user = 'alice';
  const undeclared = ctx.g.anything;
  type _undeclared = Expect<Equal<typeof undeclared, unknown>>;
  const fromGet = ctx.g.get('user');
  type _get = Expect<Equal<typeof fromGet, { id: number } | undefined>>;
  const withDefault = g.get('user', null);
  type _default = Expect<Equal<typeof withDefault, { id: number } | undefined | null>>;
  // @ts-expect-error the helpers are read-only
  ctx.g.get = () => 1;
  ctx.teardown((error, c) => {
    type _err = Expect<Equal<typeof error, unknown>>;
    void c.path;
  });
});
type _app = Expect<Equal<typeof currentApp, Koa>>;
type _req = Expect<Equal<typeof request, Koa.Request>>;
