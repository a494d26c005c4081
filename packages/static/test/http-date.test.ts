import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatHttpDate, parseHttpDate } from '../src/http-date.js';

test('parseHttpDate reads the three HTTP-date forms as UTC', () => {
  assert.equal(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT'), 784111777);
  assert.equal(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT'), 784111777);
  assert.equal(parseHttpDate('Sun Nov  6 08:49:37 1994'), 784111777);
});

test('parseHttpDate ignores what is not an HTTP date, as Werkzeug does', () => {
  for (const value of [undefined, '', 'yesterday', '1994-11-06T08:49:37Z', '"abc"', 'Sun, 06 Foo 1994 08:49:37 GMT']) {
    assert.equal(parseHttpDate(value), null, String(value));
  }
});

test('formatHttpDate drops fractions like Werkzeug http_date', () => {
  assert.equal(formatHttpDate(784111777.9), 'Sun, 06 Nov 1994 08:49:37 GMT');
});
