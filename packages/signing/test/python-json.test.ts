import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadPayload, parseJson, pythonJsonDumps, pythonJsonNumber, pythonJsonString, type JsonObject } from '../src/index.js';

test('numbers print as Python repr()', () => {
  // json.dumps([1e16, 1e-5, 0.0001, 123.456, -0.0, 1e300, 5e-324, 2**53+0.0]) in CPython 3.11
  assert.equal(pythonJsonDumps([1e16, 1e-5, 0.0001, 123.456, -0, 1e300, 5e-324, 2 ** 53]), '[1e+16,1e-05,0.0001,123.456,-0.0,1e+300,5e-324,9007199254740992.0]');
  assert.equal(pythonJsonNumber(42), '42');
  assert.equal(pythonJsonNumber(1.5), '1.5');
  assert.equal(pythonJsonNumber(NaN), 'NaN');
  assert.equal(pythonJsonNumber(-Infinity), '-Infinity');
  assert.equal(pythonJsonNumber(12345678901234567890n), '12345678901234567890');
});

test('strings use ensure_ascii escapes with lowercase hex and surrogate pairs', () => {
  assert.equal(pythonJsonString('Zoë ☃ 😀'), '"Zo\\u00eb \\u2603 \\ud83d\\ude00"');
  assert.equal(pythonJsonString('"q" \\ / \n\t\r\b\f \u0001 \u007f <&>\''), '"\\"q\\" \\\\ / \\n\\t\\r\\b\\f \\u0001 \\u007f <&>\'"');
  assert.equal(pythonJsonString('é\u0001', false), '"é\\u0001"', 'ensure_ascii=False keeps non-ASCII raw, escapes controls');
});

test('keys are sorted by code point, recursively; undefined members are skipped', () => {
  assert.equal(pythonJsonDumps({ b: { y: 1, x: [1, { z: null, a: true }] }, a: 'text', A: false, u: undefined }), '{"A":false,"a":"text","b":{"x":[1,{"a":true,"z":null}],"y":1}}');
  assert.equal(pythonJsonDumps({ '\uffff': 1, '😀': 2 }), '{"\\uffff":1,"\\ud83d\\ude00":2}', 'U+FFFF sorts before U+1F600 in Python');
  assert.equal(pythonJsonDumps({ b: 1, a: 2 }, { sortKeys: false, separators: [', ', ': '] }), '{"b": 1, "a": 2}');
});

test('non-serialisable values raise Python\'s TypeError; toJSON is honoured', () => {
  assert.throws(() => pythonJsonDumps({ m: new Map() }), { name: 'TypeError', message: 'Object of type Map is not JSON serializable' });
  const a: unknown[] = [];
  a.push(a);
  assert.throws(() => pythonJsonDumps(a), /Circular/);
  assert.equal(pythonJsonDumps({ v: { toJSON: () => 'x' } }), '{"v":"x"}');
});

test('parseJson: objects have no prototype, so __proto__/constructor payloads stay data', () => {
  const v = parseJson('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"n":[{"__proto__":{"x":1}}]}') as JsonObject;
  assert.equal(Object.getPrototypeOf(v), null);
  assert.deepEqual(Object.keys(v), ['__proto__', 'constructor', 'n']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf((v.n as JsonObject[])[0]), null);
  const copy = { ...v };
  assert.equal(Object.getPrototypeOf(copy), Object.prototype, 'spreading does not swap prototypes');
});

test('parseJson keeps big integers exact and accepts Python\'s NaN/Infinity', () => {
  const v = parseJson('{"big":12345678901234567890,"f":1.5,"nan":NaN,"inf":-Infinity,"s":"a\\u00e9"}') as JsonObject;
  assert.equal(v.big, 12345678901234567890n);
  assert.equal(v.f, 1.5);
  assert.ok(Number.isNaN(v.nan));
  assert.equal(v.inf, -Infinity);
  assert.equal(v.s, 'aé');
  assert.equal(Object.getPrototypeOf(v), null);
});

test('parseJson rejects invalid JSON with BadPayload, on both paths', () => {
  assert.throws(() => parseJson('{"a":'), BadPayload);
  assert.throws(() => parseJson('{"a":1234567890123456789'), BadPayload);
  assert.throws(() => parseJson('[' .repeat(600) + '1234567890123456789' + ']'.repeat(600)), BadPayload);
});

test('the JSON.stringify fast path and the writer agree on everything they both accept', () => {
  const samples: unknown[] = [
    { b: 1, a: 'é\u007f😀', c: [true, null, { z: 'q"\\\n\u0001', y: -5 }], '\ud800x': 'lone' },
    { '10': 1, '9': 2, a: 3 },
    { f: 1.5, g: [1e-7] },
    JSON.parse('{"__proto__":{"x":1}}') as unknown,
    { u: undefined, fn: () => 1, list: [undefined] },
  ];
  for (const sample of samples) {
    const viaWriter = pythonJsonDumps(sample, { sortKeys: true, separators: [',', ':'] });
    assert.equal(pythonJsonDumps(sample), viaWriter, JSON.stringify(sample));
  }
  assert.equal(pythonJsonDumps({ '10': 1, '9': 2 }), '{"10":1,"9":2}', 'Python sorts numeric-looking keys as strings');
});

test('the slow path parses long payloads with whitespace and nesting', () => {
  const text = `{ "big" : 12345678901234567890 ,\n "list" : [ ${Array.from({ length: 2000 }, (_, i) => `"item-${i}"`).join(' , ')} ], "n": {"x": [1, -2.5e3]} }`;
  const v = parseJson(text) as JsonObject;
  assert.equal((v.list as string[]).length, 2000);
  assert.equal((v.list as string[])[1999], 'item-1999');
  assert.deepEqual(JSON.parse(JSON.stringify(v.n)), { x: [1, -2500] });
});
