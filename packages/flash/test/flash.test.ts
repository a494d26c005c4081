import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTuple, MarkupString } from '@kolba/signing';
import { flash, getFlashedMessages, type FlashContext } from '../src/index.js';

/** A request context with a plain-object session, as Koa would give one request. */
function request(session: Record<string, unknown> | undefined = {}): FlashContext & { session: Record<string, unknown> } {
  return { session: session as Record<string, unknown>, app: undefined };
}

test('flash stores (category, message) tuples under _flashes, in order, default category "message"', () => {
  const ctx = request();
  flash(ctx, 'Hello World');
  flash(ctx, 'Oops', 'error');
  const stored = ctx.session._flashes as unknown[];
  assert.deepEqual(stored, [
    ['message', 'Hello World'],
    ['error', 'Oops'],
  ]);
  // Tuples, so @kolba/session writes {" t": [...]} exactly as Flask does.
  assert.ok(stored.every(isTuple));
});

test('flash reassigns _flashes instead of mutating the stored list', () => {
  const assignments: unknown[] = [];
  const data: Record<string, unknown> = {};
  const session = new Proxy(data, {
    set(target, key, value) {
      assignments.push(key);
      return Reflect.set(target, key, value);
    },
  });
  const ctx = request(session);
  flash(ctx, 'one');
  const first = data._flashes;
  flash(ctx, 'two');
  assert.deepEqual(assignments, ['_flashes', '_flashes']);
  assert.notEqual(data._flashes, first, 'a new list each time, so copy-on-read stores notice');
  assert.deepEqual(first, [['message', 'one']], 'the previously stored list is left untouched');
});

test('flashes accumulate across requests until a request reads them', () => {
  const session: Record<string, unknown> = {};
  flash(request(session), 'first');
  flash(request(session), 'second', 'info');
  assert.deepEqual(getFlashedMessages(request(session)), ['first', 'second']);
  assert.equal('_flashes' in session, false);
  assert.deepEqual(getFlashedMessages(request(session)), []);
});

// Verified sequence from flask.md §3.2 (test_extended_flashing).
test('categories and filters follow Flask’s get_flashed_messages', () => {
  const session: Record<string, unknown> = {};
  const markup = new MarkupString('<em>x</em>');
  const first = request(session);
  flash(first, 'Hello');
  flash(first, 'Oops', 'error');
  flash(first, markup, 'warning');

  const ctx = request(session);
  assert.deepEqual(getFlashedMessages(ctx), ['Hello', 'Oops', markup]);
  assert.deepEqual(getFlashedMessages(ctx, { withCategories: true }), [
    ['message', 'Hello'],
    ['error', 'Oops'],
    ['warning', markup],
  ]);
  assert.deepEqual(getFlashedMessages(ctx, { categoryFilter: ['error'] }), ['Oops']);
  assert.deepEqual(getFlashedMessages(ctx, { categoryFilter: 'error' }), ['Oops'], 'a single category as a string');
  assert.deepEqual(getFlashedMessages(ctx, { categoryFilter: new Set(['message', 'warning']), withCategories: true }), [
    ['message', 'Hello'],
    ['warning', markup],
  ]);
  assert.deepEqual(getFlashedMessages(ctx, { categoryFilter: [] }), ['Hello', 'Oops', markup], 'empty filter = none');
  const [, , third] = getFlashedMessages(ctx);
  assert.equal(third, markup, 'Markup messages stay the same Markup object');
  assert.equal((third as MarkupString).__html__(), '<em>x</em>');
  assert.equal(getFlashedMessages(request(session)).length, 0, 'all were taken out of the session');
});

test('filtering still empties the stored list, messages of other categories included', () => {
  const session: Record<string, unknown> = {};
  flash(request(session), 'keep?', 'info');
  flash(request(session), 'Oops', 'error');
  const ctx = request(session);
  assert.deepEqual(getFlashedMessages(ctx, { categoryFilter: ['error'] }), ['Oops']);
  assert.equal('_flashes' in session, false);
  // ...but the request's cache keeps them for another call with a different filter.
  assert.deepEqual(getFlashedMessages(ctx, { categoryFilter: ['info'] }), ['keep?']);
});

test('later calls in the same request return the cached list; later flashes wait for the next request', () => {
  const session: Record<string, unknown> = {};
  flash(request(session), 'A');
  const ctx = request(session);
  assert.deepEqual(getFlashedMessages(ctx), ['A']);
  flash(ctx, 'B');
  assert.deepEqual(getFlashedMessages(ctx), ['A']);
  assert.deepEqual(session._flashes, [['message', 'B']]);
  assert.deepEqual(getFlashedMessages(request(session)), ['B']);
});

test('returned lists are copies: mutating one does not change the next call', () => {
  const session: Record<string, unknown> = {};
  flash(request(session), 'A');
  const ctx = request(session);
  const first = getFlashedMessages(ctx);
  first.push('injected');
  assert.deepEqual(getFlashedMessages(ctx), ['A']);
});

test('malformed _flashes written by other code never crash the page', () => {
  for (const junk of ['a string', null, 42, { a: 1 }, [['message'], 'x', ['error', 'ok'], [1, 'no']]]) {
    const session: Record<string, unknown> = { _flashes: junk, other: 1 };
    const ctx = request(session);
    const expected = Array.isArray(junk) ? ['ok'] : [];
    assert.deepEqual(getFlashedMessages(ctx), expected);
    assert.equal('_flashes' in session, false, 'the bad value is removed');
    flash(request(session), 'fresh');
  }
  // flash on top of a non-list starts a new list.
  const session: Record<string, unknown> = { _flashes: 'corrupt' };
  flash(request(session), 'fresh');
  assert.deepEqual(session._flashes, [['message', 'fresh']]);
});

test('without a session: reading gives [], flashing names the missing middleware', () => {
  assert.deepEqual(getFlashedMessages({}), []);
  assert.deepEqual(getFlashedMessages({ session: null }), []);
  assert.throws(() => flash({}, 'x'), /flash\(\) needs a session/);
  assert.throws(() => flash(request(), 'x', 3 as unknown as string), TypeError);
});

test('a session whose toJSON drops underscore keys (koa-session) gets the fallback key', () => {
  class DroppingSession {
    [key: string]: unknown;
    toJSON() {
      return Object.fromEntries(Object.entries(this).filter(([k]) => !k.startsWith('_')));
    }
  }
  const session = new DroppingSession();
  flash({ session }, 'kept');
  assert.equal('_flashes' in session, false, 'no probe left behind');
  assert.deepEqual(session.toJSON(), { 'kolba.flashes': [['message', 'kept']] });
  flash({ session }, 'second');
  assert.deepEqual(getFlashedMessages({ session }), ['kept', 'second']);
  assert.deepEqual(session.toJSON(), {});

  // A session whose toJSON keeps `_flashes` uses Flask's key.
  const keeping = { toJSON() { return { ...this }; } } as Record<string, unknown>;
  flash({ session: keeping }, 'x');
  assert.deepEqual(keeping._flashes, [['message', 'x']]);
});
