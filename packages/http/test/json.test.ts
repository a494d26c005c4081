import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumps, jsonify, jsonText, Markup } from '../src/index.js';
import { fixtures } from './support/fixtures.js';

// The same values the fixture script serialised with real Flask (JS has no int/float split,
// so Python's 1.0 is not among them).
const cases: Record<string, unknown> = {
  dict: { b: 1, a: [1, 2], é: 'ü' },
  nested: { z: { y: [], x: {} }, a: [{ c: null, b: true }], s: `☃<>&'"\\\n\t\x01\x7f`, emoji: '😀' },
  sorting: { '10': 1, '2': 2, B: 3, a: 4, '\uffff': 5, '😀': 6 },
  date: { dt: new Date(Date.UTC(2021, 1, 1, 7, 15, 3, 123)), d: new Date(Date.UTC(2020, 0, 2)) },
  big: { big: 10n ** 20n, neg: -3, f: 1.5 },
  list: [1, 'two', null],
  string: 'plain',
  none: null,
  nan: { n: NaN, i: Infinity, m: -Infinity },
  markup: { m: new Markup('<b>x</b>') },
};

test('jsonify output matches Flask byte for byte, compact and debug', () => {
  for (const [name, value] of Object.entries(cases)) {
    for (const debug of [false, true]) {
      const rec = fixtures.jsonify[`${name}${debug ? ' debug' : ''}`]!;
      const res = jsonify(value, { debug });
      assert.equal(res.body, rec.body, `${name} debug=${debug}`);
      assert.equal(res.status, 200);
      assert.equal(res.getHeader('Content-Type'), 'application/json');
    }
  }
});

test('compact overrides debug; sortKeys/ensureAscii/mimetype options', () => {
  assert.equal(jsonText({ a: [1] }, { debug: true, compact: true }), '{"a":[1]}\n');
  assert.equal(jsonText({ a: [1] }, { compact: false }), '{\n  "a": [\n    1\n  ]\n}\n');
  assert.equal(jsonText({ b: 1, a: 'é' }, { sortKeys: false, ensureAscii: false }), '{"b":1,"a":"é"}\n');
  assert.equal(jsonify(1, { mimetype: 'application/vnd.api+json' }).getHeader('content-type'), 'application/vnd.api+json');
  assert.equal(jsonify().body, 'null\n');
});

test('undefined: skipped in objects, null in arrays and at top level', () => {
  assert.equal(jsonText({ a: undefined, b: 1 }), '{"b":1}\n');
  assert.equal(jsonText([undefined]), '[null]\n');
  assert.equal(jsonText(undefined), 'null\n');
});

test('toJSON is honoured; Python json.dumps default separators for dumps()', () => {
  assert.equal(jsonText({ x: { toJSON: () => ({ y: 1 }) } }), '{"x":{"y":1}}\n');
  assert.equal(dumps({ b: [1, 2], a: 'x' }), '{"a": "x", "b": [1, 2]}');
});

test('values Flask cannot serialise raise TypeError', () => {
  class Point {
    x = 1;
  }
  const bad: Array<[unknown, RegExp]> = [
    [{ f: () => 1 }, /Object of type function is not JSON serializable/],
    [{ s: Symbol('x') }, /symbol/],
    [new Map([['a', 1]]), /Object of type Map is not JSON serializable/],
    [new Set([1]), /Set/],
    [new Point(), /Object of type Point/],
    [Buffer.from('x'), /Buffer/],
    [new Date(NaN), /invalid date/],
  ];
  for (const [value, message] of bad) assert.throws(() => jsonify(value), message);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => jsonify(cyclic), /Circular reference/);
  // The same object twice (not a cycle) is fine.
  const shared = { a: 1 };
  assert.equal(jsonText([shared, shared]), '[{"a":1},{"a":1}]\n');
});

test('null-prototype objects serialise like plain objects', () => {
  const o = Object.create(null) as Record<string, number>;
  o.b = 2;
  o.a = 1;
  assert.equal(jsonText(o), '{"a":1,"b":2}\n');
});

test('numbers are written as Python writes ints and float reprs', () => {
  // Expected strings from /usr/bin/python3 -c "import json; print(json.dumps([...]))" with the
  // same values (ints for the integral ones; 1.7976931348623157e308 and 1.23456789012345680000e20
  // are Python floats there, which JavaScript cannot tell from ints).
  const values = [0.00001, 1.5e-7, 123456789012345680000.5, 0.1, 1.5, 1e-4, 1.7976931348623157e308, 5e-324, -0.0001234, 3.14159, 123.456, 1e15 + 0.5];
  assert.equal(
    dumps(values),
    '[1e-05, 1.5e-07, 123456789012345680000, 0.1, 1.5, 0.0001, 1.7976931348623157e+308, 5e-324, -0.0001234, 3.14159, 123.456, 1000000000000000.5]',
  );
  assert.equal(dumps([-0, 7, -12, 2 ** 53]), '[0, 7, -12, 9007199254740992]');
});
