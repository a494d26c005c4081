// Type tests (compiled by tsc -p tsconfig.typetest.json, never run).
import type Koa from 'koa';
import { session, RedisStore, type Session, type SessionStore } from '../src/index.ts';

declare module '../src/session-object.ts' {
  interface SessionData {
    user_id: number;
    cart: string[];
  }
}

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

declare const ctx: Koa.Context;
type _session = Expect<Equal<typeof ctx.session, Session>>;

// Augmented keys are typed (optional: a session may not have them yet).
const id = ctx.session.user_id;
type _id = Expect<Equal<typeof id, number | undefined>>;
const viaGet = ctx.session.get('user_id');
type _viaGet = Expect<Equal<typeof viaGet, number | undefined>>;
const withDefault = ctx.session.get('cart', []);
type _withDefault = Expect<Equal<typeof withDefault, string[]>>;
ctx.session.user_id = 7;
// @ts-expect-error user_id is a number
ctx.session.user_id = 'seven';
// @ts-expect-error set() checks augmented keys too
ctx.session.set('cart', 'not-a-list');

// Unknown keys are allowed and unknown-typed (Flask sessions take any key).
const other = ctx.session.anything;
type _other = Expect<Equal<typeof other, unknown>>;
ctx.session._flashes = [];

// Flags and methods.
const perm: boolean = ctx.session.permanent;
const mod: boolean = ctx.session.modified;
const regen: Promise<void> = ctx.session.regenerate();
void [perm, mod, regen];
// @ts-expect-error `new` is read-only
ctx.session.new = true;

// Options.
session({ secretKey: 'k', sessionCookieSamesite: 'Lax', permanentSessionLifetime: { days: 7 } });
session({ secretKey: new Uint8Array(32), secretKeyFallbacks: ['old'], store: new RedisStore({ url: 'redis://127.0.0.1:6379' }) });
// @ts-expect-error lifetimes are seconds or a timedelta-like object
session({ permanentSessionLifetime: '31d' });
const store: SessionStore = new RedisStore({ url: 'redis://x' });
void store;
