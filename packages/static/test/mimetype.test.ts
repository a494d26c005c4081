import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentTypeFor, guessType } from '../src/mimetype.js';

// Expected values are what Python's mimetypes.guess_type returns for the same names.
test('guessType mirrors Python mimetypes for common static files', () => {
  const expected: Record<string, [string | null, string | null]> = {
    'a.css': ['text/css', null],
    'a.js': ['text/javascript', null],
    'a.mjs': ['text/javascript', null],
    'a.json': ['application/json', null],
    'a.svg': ['image/svg+xml', null],
    'a.html': ['text/html', null],
    'a.png': ['image/png', null],
    'a.wasm': ['application/wasm', null],
    'a.woff2': ['font/woff2', null],
    'a.TXT': ['text/plain', null],
    'README': [null, null],
    '.bashrc': [null, null],
  };
  for (const [name, [mimetype, encoding]] of Object.entries(expected)) {
    assert.deepEqual(guessType(name), { mimetype, encoding }, name);
  }
});

test('compression suffixes become an encoding, the type comes from the suffix before them', () => {
  assert.deepEqual(guessType('a.tar.gz'), { mimetype: 'application/x-tar', encoding: 'gzip' });
  assert.deepEqual(guessType('a.gz'), { mimetype: null, encoding: 'gzip' });
  assert.deepEqual(guessType('logo.svgz'), { mimetype: 'image/svg+xml', encoding: 'gzip' });
  assert.deepEqual(guessType('a.tgz'), { mimetype: 'application/x-tar', encoding: 'gzip' });
  assert.deepEqual(guessType('a.css.br'), { mimetype: 'text/css', encoding: 'br' });
  assert.deepEqual(guessType('a.txz'), { mimetype: 'application/x-tar', encoding: 'xz' });
});

test('contentTypeFor adds charset=utf-8 exactly where Werkzeug get_content_type does', () => {
  assert.equal(contentTypeFor('text/css'), 'text/css; charset=utf-8');
  assert.equal(contentTypeFor('image/svg+xml'), 'image/svg+xml; charset=utf-8');
  assert.equal(contentTypeFor('application/javascript'), 'application/javascript; charset=utf-8');
  assert.equal(contentTypeFor('application/xml'), 'application/xml; charset=utf-8');
  assert.equal(contentTypeFor('application/json'), 'application/json');
  assert.equal(contentTypeFor('image/png'), 'image/png');
  assert.equal(contentTypeFor('text/plain; charset=latin-1'), 'text/plain; charset=latin-1');
});
