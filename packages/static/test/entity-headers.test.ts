import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entityHeaders } from '../src/entity-headers.js';

const file = { path: '/srv/app/static/a.txt', size: 20, mtimeNs: 1795266332_493600000n };

test('a file gets the full Werkzeug header set', () => {
  assert.deepEqual(entityHeaders(file, {}), {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Disposition': 'inline; filename=a.txt',
    'Content-Length': '20',
    'Last-Modified': new Date(1795266332 * 1000).toUTCString(),
    'Cache-Control': 'no-cache',
    ETag: '"1795266332.4936-20-1419904976"',
  });
});

test('bytes without a path get no ETag or Last-Modified unless given', () => {
  const headers = entityHeaders({ path: null, size: 3, mtimeNs: null }, { downloadName: 'x.json' });
  assert.equal(headers['Content-Type'], 'application/json');
  assert.equal(headers.ETag, undefined);
  assert.equal(headers['Last-Modified'], undefined);
});

test('an explicit mimetype skips the guess and its Content-Encoding', () => {
  const headers = entityHeaders({ ...file, path: '/srv/a.tar.gz' }, { mimetype: 'application/gzip' });
  assert.equal(headers['Content-Type'], 'application/gzip');
  assert.equal(headers['Content-Encoding'], undefined);
});

test('maxAge must be a finite number or null', () => {
  assert.throws(() => entityHeaders(file, { maxAge: Number.NaN }), /maxAge must be a finite number/);
  assert.equal(entityHeaders(file, { maxAge: null })['Cache-Control'], 'no-cache');
  assert.equal(entityHeaders(file, { maxAge: () => null })['Cache-Control'], 'no-cache');
});

test('a string ETag with a quote in it is refused', () => {
  assert.throws(() => entityHeaders(file, { etag: 'a"b' }), TypeError);
});
