import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, test } from 'node:test';
import { decideConditional, type Validators } from '../src/conditional.js';

const LAST_MODIFIED = 'Sun, 06 Nov 1994 08:49:37 GMT';
const validators: Validators = { etag: '"abc"', lastModified: LAST_MODIFIED, length: 20, acceptRanges: true };
const status = (headers: IncomingHttpHeaders, method = 'GET', v: Validators = validators) =>
  decideConditional(method, headers, v).status;

describe('freshness (spec §9.4 probes, ETag "abc")', () => {
  const probes: Array<[IncomingHttpHeaders, number]> = [
    [{}, 200],
    [{ 'if-none-match': '"abc"' }, 304],
    [{ 'if-none-match': 'W/"abc"' }, 304],
    [{ 'if-none-match': '"x", "abc"' }, 304],
    [{ 'if-none-match': '*' }, 304],
    [{ 'if-none-match': '"zzz"' }, 200],
    [{ 'if-match': '*' }, 412],
    [{ 'if-match': '"abc"' }, 200],
    [{ 'if-match': '"zzz"' }, 412],
    [{ 'if-match': 'W/"abc"' }, 412],
    [{ 'if-match': '"abc"', 'if-none-match': '"abc"' }, 200],
    [{ 'if-modified-since': LAST_MODIFIED }, 304],
    [{ 'if-modified-since': 'Sun, 06 Nov 1994 08:49:36 GMT' }, 200],
    [{ 'if-modified-since': 'Mon, 07 Nov 1994 08:49:37 GMT' }, 304],
    [{ 'if-modified-since': 'not a date' }, 200],
    // If-None-Match overrides If-Modified-Since (both directions).
    [{ 'if-modified-since': LAST_MODIFIED, 'if-none-match': '"zzz"' }, 200],
    [{ 'if-modified-since': 'Sun, 06 Nov 1994 08:49:36 GMT', 'if-none-match': '"abc"' }, 304],
    // Flask ignores request cache directives (the `fresh` package would not).
    [{ 'if-none-match': '"abc"', 'cache-control': 'no-cache' }, 304],
  ];
  for (const [headers, expected] of probes) {
    test(`${JSON.stringify(headers)} → ${expected}`, () => assert.equal(status(headers), expected));
  }

  test('only GET and HEAD are conditional', () => {
    assert.equal(status({ 'if-none-match': '"abc"' }, 'HEAD'), 304);
    assert.equal(status({ 'if-none-match': '"abc"' }, 'POST'), 200);
    assert.equal(status({ range: 'bytes=0-1' }, 'PUT'), 200);
  });

  test('without an ETag only dates count', () => {
    const noTag = { ...validators, etag: null };
    assert.equal(status({ 'if-none-match': '*' }, 'GET', noTag), 200);
    assert.equal(status({ 'if-modified-since': LAST_MODIFIED }, 'GET', noTag), 304);
  });
});

describe('ranges (spec §9.4)', () => {
  test('a satisfiable single range → 206 with Content-Range', () => {
    assert.deepEqual(decideConditional('GET', { range: 'bytes=0-4' }, validators), {
      status: 206, start: 0, end: 5, contentRange: 'bytes 0-4/20',
    });
  });

  test('malformed, multiple or unsatisfiable ranges → 416', () => {
    for (const range of ['bytes=30-40', 'bytes=0-1,5-6', 'items=0-1', 'bytes=-100', '']) {
      assert.equal(status({ range }), 416, range);
    }
  });

  test('a range wins over a matching If-None-Match (range is tried first)', () => {
    assert.equal(status({ range: 'bytes=0-4', 'if-none-match': '"abc"' }), 206);
  });

  test('If-Range with the current ETag or a date ≥ Last-Modified keeps the range', () => {
    assert.equal(status({ range: 'bytes=0-4', 'if-range': '"abc"' }), 206);
    assert.equal(status({ range: 'bytes=0-4', 'if-range': LAST_MODIFIED }), 206);
  });

  test('If-Range that no longer matches → the full 200', () => {
    assert.equal(status({ range: 'bytes=0-4', 'if-range': '"old"' }), 200);
    assert.equal(status({ range: 'bytes=0-4', 'if-range': 'Sat, 05 Nov 1994 08:49:37 GMT' }), 200);
  });

  test('a weak ETag in If-Range never matches (RFC 9110 §13.1.5; Werkzeug would answer 206)', () => {
    assert.equal(status({ range: 'bytes=0-4', 'if-range': 'W/"abc"' }), 200);
    assert.equal(status({ range: 'bytes=0-4', 'if-range': ' W/"abc"' }), 200);
    assert.equal(status({ range: 'bytes=0-4', 'if-range': '"abc"' }), 206);
  });

  test('multiple ranges, even tiny or overlapping ones, and absurd numbers → 416 as in Werkzeug', () => {
    for (const range of ['bytes=0-0,-1', 'bytes=0-5,3-8', 'bytes=0-1,2-3', 'bytes=99999999999999999999-', `bytes=${'9'.repeat(400)}-`, `bytes=-${'9'.repeat(400)}`]) {
      assert.equal(status({ range }), 416, range);
    }
    const many = ['bytes=0-0', ...Array.from({ length: 2000 }, (_, i) => `${i + 1}-${i + 1}`)].join(',');
    assert.equal(status({ range: many }), 416);
    assert.deepEqual(decideConditional('GET', { range: 'bytes=0-99999999999999999999' }, validators), {
      status: 206, start: 0, end: 20, contentRange: 'bytes 0-19/20',
    });
  });

  test('no ranges when the length is unknown or zero, or ranges are off', () => {
    assert.equal(status({ range: 'bytes=0-4' }, 'GET', { ...validators, length: null }), 200);
    assert.equal(status({ range: 'bytes=0-4' }, 'GET', { ...validators, length: 0 }), 200);
    assert.equal(status({ range: 'bytes=0-4' }, 'GET', { ...validators, acceptRanges: false }), 200);
  });
});
