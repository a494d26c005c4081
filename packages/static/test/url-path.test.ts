import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodePathOnce, hasEncodedSeparator, normaliseUrlPath } from '../src/url-path.js';

test('normaliseUrlPath follows Flask static_url_path rules', () => {
  assert.equal(normaliseUrlPath('/static'), '/static');
  assert.equal(normaliseUrlPath('/static/'), '/static');
  assert.equal(normaliseUrlPath('/'), '');
  assert.equal(normaliseUrlPath(''), '');
  assert.throws(() => normaliseUrlPath('static'), /must be '' or start with '\/'/);
});

test('hasEncodedSeparator spots %2F, %5C and %00 in any case', () => {
  for (const raw of ['/static/..%2fx', '/static/..%2Fx', '/static/..%5cx', '/static/a%00.txt', '/static/%5C']) {
    assert.equal(hasEncodedSeparator(raw), true, raw);
  }
  for (const raw of ['/static/a/b', '/static/a%20b', '/static/%2e%2e', '/static/%252f']) {
    assert.equal(hasEncodedSeparator(raw), false, raw);
  }
});

test('decodePathOnce decodes exactly once and keeps invalid escapes', () => {
  assert.equal(decodePathOnce('css/a%20b.css'), 'css/a b.css');
  assert.equal(decodePathOnce('%C3%BC.txt'), 'ü.txt');
  assert.equal(decodePathOnce('%252e%252e'), '%2e%2e');
  assert.equal(decodePathOnce('100%.txt'), '100%.txt');
  assert.equal(decodePathOnce('a%20b%zz'), 'a b%zz');
  assert.equal(decodePathOnce('%FF%20x'), '%FF%20x');
});
