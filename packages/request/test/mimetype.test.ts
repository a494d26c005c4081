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
