import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lifetimeSeconds, normalizeSameSite, resolveOptions } from '../src/options.js';

test('Flask defaults', () => {
  const o = resolveOptions({ secretKey: 'k' });
  assert.equal(o.cookieName, 'session');
  assert.equal(o.domain, null);
  assert.equal(o.path, '/');
  assert.equal(o.httpOnly, true);
  assert.equal(o.secure, false);
  assert.equal(o.sameSite, null);
  assert.equal(o.partitioned, false);
  assert.equal(o.lifetimeSeconds, 2678400);
  assert.equal(o.refreshEachRequest, true);
  assert.equal(o.maxCookieSize, 4093);
});

test('cookie path falls back to applicationRoot; empty secret means no secret', () => {
  assert.equal(resolveOptions({ applicationRoot: '/foo' }).path, '/foo');
  assert.equal(resolveOptions({ applicationRoot: '/foo', sessionCookiePath: '/bar' }).path, '/bar');
  assert.equal(resolveOptions({ secretKey: '' }).secretKey, null);
  assert.equal(resolveOptions({ cookieName: 'sid' }).cookieName, 'sid');
});

test('SameSite is title-cased and validated with Flask\'s message', () => {
  assert.equal(normalizeSameSite('strict'), 'Strict');
  assert.equal(normalizeSameSite(null), null);
  assert.throws(() => resolveOptions({ sessionCookieSamesite: 'invalid' }), { message: "SameSite must be 'Strict', 'Lax', or 'None'." });
});

test('lifetime accepts seconds or a timedelta-like object', () => {
  assert.equal(lifetimeSeconds(60.9), 60);
  assert.equal(lifetimeSeconds({ days: 1, hours: 1 }), 90000);
  assert.throws(() => lifetimeSeconds(-1), RangeError);
});

test('negative, infinite, NaN and absurdly large lifetimes fail at start-up, not as a broken Expires', () => {
  for (const bad of [-1, Number.POSITIVE_INFINITY, Number.NaN, 1e12, { days: 1e6 }, { seconds: -5 }]) {
    assert.throws(() => resolveOptions({ secretKey: 'k', permanentSessionLifetime: bad }), RangeError, JSON.stringify(bad));
  }
  assert.equal(resolveOptions({ permanentSessionLifetime: 0 }).lifetimeSeconds, 0);
  assert.equal(resolveOptions({ permanentSessionLifetime: { days: 36500 } }).lifetimeSeconds, 36500 * 86400);
});

test('a store must implement the koa-session interface', () => {
  assert.throws(() => resolveOptions({ store: {} as never }), /get, set and destroy/);
});

test('a secret key that is neither text nor bytes fails at start-up (it would log everyone out)', () => {
  for (const bad of [123, {}, [1, 2], true]) {
    assert.throws(() => resolveOptions({ secretKey: bad as never }), /secretKey must be a string or a byte array/);
  }
  assert.equal(resolveOptions({ secretKey: null }).secretKey, null);
  assert.equal(resolveOptions({ secretKey: undefined }).secretKey, null);
});
