import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Markup } from '@kolba/http';
import { htmlSafeJsonDumps } from '../src/index.js';

// Expected strings were produced by Flask 2.2 (`render_template_string("{{ x|tojson }}", x=...)`).
test('matches Flask byte for byte: sorted keys, HTTP dates, ASCII escapes, HTML-safe characters', () => {
  assert.equal(
    htmlSafeJsonDumps({ b: "</script>&'", a: new Date(Date.UTC(2021, 1, 1, 7, 15)), u: 'é' }),
    '{"a": "Mon, 01 Feb 2021 07:15:00 GMT", "b": "\\u003c/script\\u003e\\u0026\\u0027", "u": "\\u00e9"}',
  );
  assert.equal(
    htmlSafeJsonDumps(['<!--', '-->', '\u2028\u2029', '\u0000\u001f\u007f', '"\\\\/', new Markup('<b>')]),
    '["\\u003c!--", "--\\u003e", "\\u2028\\u2029", "\\u0000\\u001f\\u007f", "\\"\\\\\\\\/", "\\u003cb\\u003e"]',
  );
  assert.equal(htmlSafeJsonDumps([1.5, -3, true, false, null, '😀']), '[1.5, -3, true, false, null, "\\ud83d\\ude00"]');
});

test('indent uses Python json layout (",", newlines, empty containers stay compact)', () => {
  assert.equal(
    htmlSafeJsonDumps({ z: { y: [1, { a: null }] }, e: {} }, 2),
    '{\n  "e": {},\n  "z": {\n    "y": [\n      1,\n      {\n        "a": null\n      }\n    ]\n  }\n}',
  );
});

test('JavaScript-only values follow @kolba/http dumps (Flask app.json.dumps)', () => {
  assert.equal(htmlSafeJsonDumps(undefined), 'null');
  assert.equal(htmlSafeJsonDumps({ a: undefined, c: 1 }), '{"c": 1}');
  assert.equal(htmlSafeJsonDumps({ toJSON: () => ({ id: 'x' }) }), '{"id": "x"}');
  assert.equal(htmlSafeJsonDumps(12345678901234567890n), '12345678901234567890');
  assert.equal(htmlSafeJsonDumps([NaN, Infinity, -Infinity]), '[NaN, Infinity, -Infinity]');
  assert.equal(htmlSafeJsonDumps(new String('<b>')), '"\\u003cb\\u003e"');
  assert.throws(() => htmlSafeJsonDumps({ f: () => 1 }), TypeError);
});

test('a circular structure is a TypeError, not a stack overflow', () => {
  const loop: Record<string, unknown> = {};
  loop['self'] = loop;
  assert.throws(() => htmlSafeJsonDumps(loop), /Circular reference/);
});

test('output parses back to the same value and never contains characters that end a script or attribute', () => {
  const value = { s: "</script><script>alert('x')</script>", t: '<!-- -->', u: 'a\u2028b\u2029c', q: `"'&` };
  const text = htmlSafeJsonDumps(value);
  assert.deepEqual(JSON.parse(text), value);
  assert.doesNotMatch(text, /[<>&'\u2028\u2029]/);
});
