import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadRequestKeyError, CombinedMultiDict, ImmutableMultiDict, MultiDict } from '../src/index.js';

test('get gives the first value, getList all of them, in insertion order', () => {
  const md = new MultiDict([['a', '1'], ['b', '2'], ['a', '3']]);
  assert.equal(md.get('a'), '1');
  assert.deepEqual(md.getList('a'), ['1', '3']);
  assert.deepEqual(md.getList('missing'), []);
  assert.equal(md.get('missing'), undefined);
  assert.equal(md.get('missing', { default: 'd' }), 'd');
  assert.equal(md.size, 2);
  assert.ok(md.has('b'));
});

test('get with type converts, and a failed conversion gives the default (never converted)', () => {
  const md = new MultiDict([['page', '2'], ['bad', 'x'], ['n', '1'], ['n', 'x'], ['n', '3']]);
  assert.equal(md.get('page', { type: Number }), 2);
  assert.equal(md.get('bad', { type: Number, default: 1 }), 1, 'NaN counts as a failed conversion');
  assert.equal(md.get('bad', { type: Number }), undefined);
  const blank = new MultiDict([['page', ''], ['page', ' '], ['page', '0'], ['size', '\t']]);
  assert.equal(blank.get('page', { type: Number, default: 1 }), 1, '?page= gives the default, as int(\'\') raises (Number(\'\') is 0)');
  assert.equal(blank.get('size', { type: Number, default: 10 }), 10);
  assert.deepEqual(blank.getList('page', { type: Number }), [0], 'blank values are skipped, a real 0 is kept');
  const strictInt = (v: string) => {
    if (!/^[+-]?\d+$/.test(v)) throw new Error('not an int');
    return Number(v);
  };
  assert.equal(md.get('bad', { type: strictInt, default: 'fallback' }), 'fallback');
  assert.equal(md.get('missing', { type: strictInt, default: 'x' }), 'x');
  assert.deepEqual(md.getList('n', { type: strictInt }), [1, 3], 'failed values are skipped');
});

test('getItem raises BadRequestKeyError (a 400) for a missing key', () => {
  const md = new MultiDict([['a', '1']]);
  assert.equal(md.getItem('a'), '1');
  assert.throws(() => md.getItem('nope'), (err: unknown) => {
    assert.ok(err instanceof BadRequestKeyError);
    assert.equal((err as BadRequestKeyError).status, 400);
    return true;
  });
});

test('keys keep first-insertion order, even integer-like keys; items(multi) groups by key', () => {
  const md = new MultiDict([['b', '1'], ['10', 'x'], ['2', 'y'], ['b', '3'], ['a', '4']]);
  assert.deepEqual([...md.keys()], ['b', '10', '2', 'a']);
  assert.deepEqual([...md.items({ multi: true })], [['b', '1'], ['b', '3'], ['10', 'x'], ['2', 'y'], ['a', '4']]);
  assert.deepEqual([...md], [['b', '1'], ['10', 'x'], ['2', 'y'], ['a', '4']]);
  assert.deepEqual([...md.values()], ['1', 'x', 'y', '4']);
  assert.deepEqual([...md.lists()][0], ['b', ['1', '3']]);
});

test('toDict flat and not flat; JSON gives first values; __proto__ is a plain key', () => {
  const md = new MultiDict([['a', '1'], ['a', '2'], ['__proto__', 'p']]);
  assert.deepEqual({ ...md.toDict() }, { a: '1', ['__proto__']: 'p' });
  assert.deepEqual(md.toDict({ flat: false }).a, ['1', '2']);
  assert.equal(JSON.stringify(md), '{"a":"1","__proto__":"p"}');
  assert.equal(Object.getPrototypeOf(md.toDict()), null);
});

test('mutation API: set replaces, add appends, update appends, pop/popList/setDefault/setList', () => {
  const md = new MultiDict<string>({ a: ['1', '2'], b: 'x' });
  assert.deepEqual(md.getList('a'), ['1', '2']);
  md.set('a', 'z');
  assert.deepEqual(md.getList('a'), ['z']);
  md.add('a', 'y');
  md.update({ a: 'w', c: ['c1'] });
  assert.deepEqual(md.getList('a'), ['z', 'y', 'w']);
  assert.equal(md.setDefault('a', 'nope'), 'z');
  assert.equal(md.setDefault('d', 'new'), 'new');
  assert.equal(md.pop('a'), 'z');
  assert.equal(md.has('a'), false);
  assert.equal(md.pop('a', 'fallback'), 'fallback');
  assert.deepEqual(md.popList('c'), ['c1']);
  md.setList('b', []);
  assert.equal(md.has('b'), false);
  assert.equal(md.delete('d'), true);
  assert.equal(md.size, 0);
});

test('ImmutableMultiDict refuses mutation with Werkzeug\'s message; copy() is mutable', () => {
  const md = new ImmutableMultiDict([['a', '1']]);
  assert.throws(() => md.add('a', '2'), { name: 'TypeError', message: "'ImmutableMultiDict' objects are immutable" });
  assert.throws(() => md.set('a', '2'), TypeError);
  assert.throws(() => md.pop('a'), TypeError);
  assert.throws(() => md.clear(), TypeError);
  const copy = md.copy();
  copy.add('a', '2');
  assert.deepEqual(copy.getList('a'), ['1', '2']);
  assert.deepEqual(md.getList('a'), ['1']);
});

test('CombinedMultiDict looks up in order, concatenates lists, chains multi items (Werkzeug request.values)', () => {
  const args = new MultiDict([['a', 'q1'], ['x', 'q2']]);
  const form = new MultiDict([['b', 'f1'], ['a', 'f2']]);
  const values = new CombinedMultiDict([args, form]);
  assert.equal(values.get('a'), 'q1');
  assert.deepEqual(values.getList('a'), ['q1', 'f2']);
  assert.deepEqual([...values.keys()], ['a', 'x', 'b']);
  assert.deepEqual([...values.items({ multi: true })], [['a', 'q1'], ['x', 'q2'], ['b', 'f1'], ['a', 'f2']]);
  assert.deepEqual([...values], [['a', 'q1'], ['x', 'q2'], ['b', 'f1']]);
  assert.deepEqual({ ...values.toDict({ flat: false }) }, { a: ['q1', 'f2'], x: ['q2'], b: ['f1'] });
  assert.throws(() => values.add('a', 'z'), TypeError);
});
