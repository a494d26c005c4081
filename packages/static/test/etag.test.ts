import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { adler32, fileEtag, parseEtags, pythonMtime, quoteEtag, unquoteEtag } from '../src/etag.js';

// Literals computed with CPython: zlib.adler32(p.encode()) & 0xFFFFFFFF and f"{sec + nsec*1e-9}".
describe('Werkzeug ETag ingredients', () => {
  test('adler32 matches zlib.adler32', () => {
    assert.equal(adler32(Buffer.from('/srv/app/static/a.txt')), 1419904976);
    assert.equal(adler32(Buffer.from('/tmp/x/ü.txt')), 592774500);
    assert.equal(adler32(Buffer.from('')), 1);
    assert.equal(adler32(Buffer.from('a'.repeat(6000))), 2051858921, 'crosses the 5552-byte reduction block');
  });

  test('pythonMtime prints st_mtime as Python str(float) does', () => {
    assert.equal(pythonMtime(1795266332_493600000n), '1795266332.4936');
    assert.equal(pythonMtime(1700000000_000000000n), '1700000000.0');
    assert.equal(pythonMtime(1732197054_123456789n), '1732197054.1234567');
    assert.equal(pythonMtime(1732197054_999999999n), '1732197055.0');
    assert.equal(pythonMtime(1_000000001n), '1.000000001');
  });

  test('fileEtag is "<mtime>-<size>-<adler32(path)>" (spec §9.5)', () => {
    assert.equal(fileEtag('/srv/app/static/a.txt', 20, 1795266332_493600000n), '1795266332.4936-20-1419904976');
  });
});

describe('ETag quoting and lists (Werkzeug quote_etag / unquote_etag / parse_etags)', () => {
  test('quoteEtag wraps and refuses embedded quotes', () => {
    assert.equal(quoteEtag('abc'), '"abc"');
    assert.throws(() => quoteEtag('a"b'), TypeError);
  });

  test('unquoteEtag strips W/ and quotes', () => {
    assert.deepEqual(unquoteEtag('W/"abc"'), { etag: 'abc', weak: true });
    assert.deepEqual(unquoteEtag(' "abc" '), { etag: 'abc', weak: false });
    assert.deepEqual(unquoteEtag('abc'), { etag: 'abc', weak: false });
  });

  test('parseEtags reads lists, weak tags, bare tags and *', () => {
    const list = parseEtags('"x", W/"y" ,z');
    assert.deepEqual([...list.strong], ['x', 'z']);
    assert.deepEqual([...list.weak], ['y']);
    assert.equal(list.contains('x'), true);
    assert.equal(list.contains('y'), false, 'contains is a strong comparison');
    assert.equal(list.containsWeak('y'), true);
    const star = parseEtags('"a", *');
    assert.equal(star.star, true);
    assert.equal(star.contains('anything'), true);
    assert.equal(star.isStrong('anything'), false, '* is not a strong match (If-Match quirk)');
    assert.equal(parseEtags(undefined).present, false);
    assert.equal(parseEtags('').present, false);
  });
});
