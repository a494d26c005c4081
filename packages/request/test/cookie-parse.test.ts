import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCookieHeader } from '../src/index.js';

test('request cookies parse like Werkzeug parse_cookie (checked with /usr/bin/python3)', () => {
  const cookies = parseCookieHeader('a=1; a=2; b="x y"; c; =d; ; e="a\\054b"; f="\\303\\274"; g="q\\"x"');
  assert.deepEqual(cookies.toDict({ flat: false }), {
    __proto__: null, a: ['1', '2'], b: ['x y'], c: [''], e: ['a,b'], f: ['ü'], g: ['q"x'],
  });
  assert.equal(cookies.get('a'), '1');
});

test('no header gives an empty MultiDict; UTF-8 bytes in the header are decoded', () => {
  assert.equal(parseCookieHeader(undefined).size, 0);
  assert.equal(parseCookieHeader('n=\xc3\xbc').get('n'), 'ü');
});
