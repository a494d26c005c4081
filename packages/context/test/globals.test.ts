import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Globals, createGlobals } from '../src/index.js';

// Flask tests/test_appctx.py::test_app_ctx_globals_methods and test_basic.py::test_get_method_on_g.
test('get returns the attribute, the default, or undefined (Flask None)', () => {
  const g = createGlobals();
  assert.equal(g.get('x'), undefined);
  assert.equal(g.get('x', 11), 11);
  g.x = 42;
  assert.equal(g.get('x'), 42);
  assert.equal(g.get('x', 11), 42);
  assert.equal(g.x, 42);
});

test('setdefault stores only when absent and returns the stored value', () => {
  const g = createGlobals();
  assert.equal(g.setdefault('foo', 'bar'), 'bar');
  assert.equal(g.setdefault('foo', 'qux'), 'bar');
  assert.equal(g.foo, 'bar');
  assert.equal(g.setdefault('none'), undefined);
  assert.equal(g.has('none'), true, 'setdefault without a value still sets the attribute (Flask stores None)');
});

test('pop removes the attribute; without a default a missing name throws KeyError', () => {
  const g = createGlobals();
  g.foo = 'bar';
  assert.equal(g.pop('foo'), 'bar');
  assert.equal(g.has('foo'), false);
  assert.throws(() => g.pop('foo'), { name: 'KeyError', message: "'foo'" });
  assert.equal(g.pop('foo', 'default'), 'default');
  assert.equal(g.pop('foo', undefined), undefined, 'an explicit undefined default does not throw');
});

test('has and iteration see only attributes the app set, in insertion order', () => {
  const g = createGlobals();
  assert.equal(g.has('get'), false, 'the helper methods are not attributes');
  assert.deepEqual([...g], []);
  g.zeta = 1;
  g.alpha = 2;
  assert.equal(g.has('zeta'), true);
  assert.deepEqual([...g], ['zeta', 'alpha']);
  assert.deepEqual(Object.keys(g), ['zeta', 'alpha']);
  assert.equal(JSON.stringify(g), '{"zeta":1,"alpha":2}');
  delete g.zeta;
  assert.deepEqual([...g], ['alpha']);
});

test('the helpers cannot be overwritten by an attribute assignment', () => {
  const g = createGlobals();
  assert.throws(() => {
    (g as unknown as Record<string, unknown>).get = 'oops';
  }, TypeError);
  assert.equal(typeof g.get, 'function');
  assert.ok(g instanceof Globals);
});

test('__proto__ is an ordinary attribute name: storing it never replaces the helpers', () => {
  const g = createGlobals();
  // A name that comes from data (a header, a form field) must not be able to swap the prototype.
  const name = JSON.parse('"__proto__"') as string;
  assert.deepEqual(g.setdefault(name, { polluted: true }), { polluted: true });
  assert.equal(g.has(name), true);
  assert.deepEqual(g.get(name), { polluted: true });
  assert.ok(g instanceof Globals, 'the prototype is untouched');
  assert.equal((g as unknown as Record<string, unknown>).polluted, undefined);
  assert.deepEqual([...g], ['__proto__']);
  assert.deepEqual(g.pop(name), { polluted: true });
  assert.equal(g.has(name), false);
  assert.equal(g.get(name), undefined);

  (g as unknown as Record<string, unknown>)[name] = 'plain';
  assert.equal(typeof g.get, 'function');
  assert.equal(g.get(name), 'plain');
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
});
