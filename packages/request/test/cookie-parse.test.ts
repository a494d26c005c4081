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

// Cases where the old split-on-";" parser differed from Werkzeug 3.1's _cookie_re; expected values
// from Werkzeug's algorithm (the quoted ";" also from Debian's 2.2 via /usr/bin/python3).
test('a quoted value keeps its ";"; keys and values are stripped as Python strips', () => {
  assert.deepEqual([...parseCookieHeader('a="x;y"; b=1').items({ multi: true })], [['a', 'x;y'], ['b', '1']]);
  assert.deepEqual([...parseCookieHeader('a="x"y; b=1').items({ multi: true })], [['a', '"x"y'], ['b', '1']], 'not a quoted string');
  assert.deepEqual([...parseCookieHeader('k=\x1fv\x1f').items({ multi: true })], [['k', 'v']], 'str.strip() removes \\x1c-\\x1f');
  // U+FEFF (sent as UTF-8 bytes) is not whitespace to Python, though String#trim drops it.
  assert.deepEqual([...parseCookieHeader('k=\xef\xbb\xbfv').items({ multi: true })], [['k', '\ufeffv']]);
});
