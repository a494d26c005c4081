import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSession, NO_SECRET_KEY_MESSAGE, sessionState, type SessionState } from '../src/session-object.js';

function fresh(initial: Record<string, unknown> = {}, writable = true) {
  const state: SessionState = {
    data: null,
    load: () => (state.data = Object.assign(Object.create(null) as Record<string, unknown>, initial)),
    modified: false,
    accessed: false,
    isNew: false,
    writable,
    regenerate: async () => {},
  };
  return { session: createSession(state), state };
}

test('property access reads and writes data; writes mark modified', () => {
  const { session, state } = fresh({ a: 1 });
  assert.equal(state.modified, false);
  assert.equal(session.a, 1);
  assert.equal(state.accessed, true);
  assert.equal(state.modified, false, 'reading does not modify');
  session.b = 2;
  assert.equal(state.modified, true);
  assert.deepEqual(Object.keys(session), ['a', 'b']);
  assert.deepEqual({ ...session }, { a: 1, b: 2 });
  assert.equal(JSON.stringify(session), '{"a":1,"b":2}');
  assert.ok('a' in session);
});

test('merely obtaining the object does not mark it accessed; flags do not either', () => {
  const { session, state } = fresh({ a: 1 });
  void session.modified;
  void session.accessed;
  assert.equal(state.accessed, false);
  assert.equal(state.data, null, 'not even loaded');
  assert.equal('x' in session, false);
  assert.equal(state.accessed, true, '`in` counts as access (Flask 3.1.3)');
});

test('dict methods follow Flask\'s modified rules', () => {
  const { session, state } = fresh({ a: 1 });
  assert.equal(session.pop('missing', 'd'), 'd');
  assert.equal(state.modified, false, 'pop of a missing key does not modify');
  assert.equal(session.setdefault('a', 5), 1);
  assert.equal(state.modified, false, 'setdefault of a present key does not modify');
  assert.equal(session.setdefault('n'), null);
  assert.equal(state.modified, true);
  state.modified = false;
  assert.equal(session.delete('nope'), false);
  assert.equal(state.modified, false);
  delete session.a;
  assert.equal(state.modified, true);
  assert.equal(session.get('a', 'dflt'), 'dflt');
  session.update({ x: 1, y: 2 });
  assert.deepEqual(session.keys(), ['n', 'x', 'y']);
  assert.deepEqual([...session], [['n', null], ['x', 1], ['y', 2]]);
  session.clear();
  assert.deepEqual(session.keys(), []);
});

test('clear() on an empty session still counts as modified', () => {
  const { session, state } = fresh();
  session.clear();
  assert.equal(state.modified, true);
});

test('permanent is stored under _permanent like Flask', () => {
  const { session, state } = fresh();
  assert.equal(session.permanent, false);
  session.permanent = true;
  assert.equal(state.data!._permanent, true);
  assert.equal(state.modified, true);
  session.permanent = false;
  assert.equal(state.data!._permanent, false, 'False stays in the data, as in Flask');
});

test('method names cannot be overwritten by property assignment; set() stores them', () => {
  const { session } = fresh();
  assert.throws(() => {
    (session as Record<string, unknown>).get = 1;
  }, /session method/);
  session.set('get', 1);
  assert.equal(session.get('get'), 1);
  assert.equal(typeof session.get, 'function');
});

test('a __proto__ key is data, not a prototype change', () => {
  const { session, state } = fresh();
  (session as Record<string, unknown>)['__proto__'] = { admin: true };
  assert.deepEqual(Object.keys(state.data!), ['__proto__']);
  assert.equal((session as Record<string, unknown>).admin, undefined);
  assert.equal(({} as Record<string, unknown>).admin, undefined);
});

test('no secret key: reads are empty, every write throws Flask\'s message', () => {
  const { session } = fresh({}, false);
  assert.equal(session.get('x'), undefined);
  for (const write of [() => (session.x = 1), () => session.pop('x'), () => session.clear(), () => session.setdefault('x', 1), () => (session.permanent = true)]) {
    assert.throws(write, { message: NO_SECRET_KEY_MESSAGE });
  }
});

test('the session is never a thenable and sessionState finds its state', async () => {
  const { session, state } = fresh({ then: 'x' });
  assert.equal(await Promise.resolve(session), session);
  assert.equal(sessionState(session), state);
});

test('the session converts to a string (templates, logs) instead of throwing', () => {
  const { session, state } = fresh({ a: 1, big: 12345678901234567890n });
  assert.equal(String(session), '<SecureCookieSession {"a":1,"big":"12345678901234567890"}>');
  assert.equal(`${session}`, String(session));
  assert.equal(state.accessed, true, 'printing the session reads it, as in Flask');
  assert.throws(() => {
    (session as Record<string, unknown>).toString = 'x';
  }, /session method/);
});
