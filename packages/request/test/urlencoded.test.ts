import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUrlencoded } from '../src/index.js';

const multi = (qs: string) => [...parseUrlencoded(qs).items({ multi: true })];

test('query strings parse like Werkzeug 3.1 (spec §8.2 table)', () => {
  assert.deepEqual(multi('a=1&a=2&b='), [['a', '1'], ['a', '2'], ['b', '']]);
  assert.deepEqual(multi('a'), [['a', '']]);
  assert.deepEqual(multi('a=&b'), [['a', ''], ['b', '']]);
  assert.deepEqual(multi('x=a+b&y=a%20b&z=%2B'), [['x', 'a b'], ['y', 'a b'], ['z', '+']]);
  assert.deepEqual(multi('k=%E2%98%83'), [['k', '☃']]);
  assert.deepEqual(multi('k=%ff'), [['k', '%FF']], 'invalid UTF-8 stays percent-encoded, upper case');
  assert.deepEqual(multi('q=%zz'), [['q', '%zz']]);
  assert.deepEqual(multi('&&a=1&&'), [['a', '1']]);
  assert.deepEqual(multi('=v'), [['', 'v']]);
  assert.deepEqual(multi('a==b'), [['a', '=b']]);
  assert.deepEqual(multi('A=1&a=2'), [['A', '1'], ['a', '2']]);
  assert.deepEqual(multi('a%5B%5D=1&a[]=2'), [['a[]', '1'], ['a[]', '2']]);
  assert.deepEqual(multi('a=1;b=2'), [['a', '1;b=2']], '; is data, not a separator');
});

test('partial and overlong UTF-8 sequences are kept as escapes, valid ones around them decoded', () => {
  assert.equal(parseUrlencoded('k=%E2%98').get('k'), '%E2%98');
  assert.equal(parseUrlencoded('k=a%C0%AFb%C3%BC').get('k'), 'a%C0%AFbü');
  assert.equal(parseUrlencoded('k=%ED%A0%80').get('k'), '%ED%A0%80', 'no surrogates');
  assert.equal(parseUrlencoded('k=%F0%9F%98%80').get('k'), '😀');
});

test('raw non-ASCII bytes (latin1 chars from req.url) decode as UTF-8', () => {
  assert.equal(parseUrlencoded('k=\xc3\xbc').get('k'), 'ü');
  assert.equal(parseUrlencoded('k=ü☃').get('k'), 'ü☃', 'already-decoded text is accepted too');
});
