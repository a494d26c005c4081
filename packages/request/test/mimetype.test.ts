import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOptionsHeader, isJsonMimetype, mimetypeOf } from '../src/mimetype.js';

const parsed = (h: string) => {
  const r = parseOptionsHeader(h);
  return [r.value, { ...r.params }];
};

test('parseOptionsHeader agrees with Werkzeug parse_options_header (checked with /usr/bin/python3)', () => {
  assert.deepEqual(parsed('text/plain; charset="utf-8"'), ['text/plain', { charset: 'utf-8' }]);
  assert.deepEqual(parsed('form-data; name="f"; filename="C:\\x.txt"'), ['form-data', { name: 'f', filename: 'C:\\x.txt' }]);
  assert.deepEqual(parsed(`form-data; name="f"; filename*=UTF-8''%E2%98%83.txt; filename="fallback.txt"`),
    ['form-data', { name: 'f', filename: 'fallback.txt' }]);
  assert.deepEqual(parsed(`form-data; filename="fallback.txt"; filename*=UTF-8''%E2%98%83.txt`), ['form-data', { filename: '☃.txt' }]);
  assert.deepEqual(parsed('Application/JSON;Charset=UTF-8'), ['Application/JSON', { charset: 'UTF-8' }]);
  assert.deepEqual(parsed('form-data; name="a\\"b"'), ['form-data', { name: 'a"b' }]);
  assert.deepEqual(parsed(''), ['', {}]);
  assert.deepEqual(parsed('text/html; a=1; a=2'), ['text/html', { a: '2' }]);
  assert.deepEqual(parsed('x; q="a;b"; r=2'), ['x', { q: 'a;b', r: '2' }]);
});

// Werkzeug 2.3 rewrote parse_options_header and 3.1 keeps it; Debian's 2.2 differs on these, so the
// expected values are the 3.1 algorithm's outputs (a local port of werkzeug/http.py agreed with
// this parser on these and on 3 000 random headers during the audit, AUDIT.md).
test('parseOptionsHeader follows Werkzeug 3.1 where 2.2 differed', () => {
  assert.deepEqual(parsed('form-data; name="f"; filename="say %22hi%22.txt"'), ['form-data', { name: 'f', filename: 'say "hi".txt' }],
    'the HTML Standard sends " in multipart filenames as %22');
  assert.deepEqual(parsed('form-data; name=f; filename=a b.txt'), ['form-data', { name: 'f', filename: 'a' }], 'a token stops at a space');
  assert.deepEqual(parsed('form-data; name = "f"'), ['form-data', {}], 'spaces around = make the part invalid');
  assert.deepEqual(parsed(`form-data; filename*=koi8-r''%E2.txt`), ['form-data', { filename: '%E2.txt' }], 'charsets off the safe list stay encoded');
  assert.deepEqual(parsed(`form-data; filename*=iso-8859-1''%E9.txt`), ['form-data', { filename: 'é.txt' }]);
  assert.deepEqual(parsed('form-data; name="f"; filename*0="a"; filename*1="b.txt"'), ['form-data', { name: 'f', filename: 'ab.txt' }],
    'RFC 2231 continuations are joined');
  assert.deepEqual(parsed('form-data; name="f"; filename="unterminated'), ['form-data', { name: 'f' }], 'an unterminated quote drops the part');
  assert.deepEqual(parsed(`form-data; filename*="UTF-8''r%C3%A9s.txt"`), ['form-data', { filename: "UTF-8''r%C3%A9s.txt" }]);
  assert.deepEqual(parsed('form-data; name="f"; filename="a\\\\"'), ['form-data', { name: 'f', filename: 'a\\' }]);
  assert.deepEqual(parsed('text/plain'), ['text/plain', {}]);
});

test('mimetypeOf lower-cases; isJsonMimetype follows Werkzeug is_json', () => {
  assert.equal(mimetypeOf('Application/JSON; charset=utf-8'), 'application/json');
  assert.equal(mimetypeOf(undefined), '');
  assert.ok(isJsonMimetype('application/json'));
  assert.ok(isJsonMimetype('application/vnd.api+json'));
  assert.ok(isJsonMimetype('application/x+json'));
  assert.ok(!isJsonMimetype('text/json'));
  assert.ok(!isJsonMimetype('text/x+json'));
  assert.ok(!isJsonMimetype('application/jsonx'));
});
