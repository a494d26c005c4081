import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFormValue, partCharset } from '../src/form-value.js';

test('partCharset honours only Werkzeug 3.1\'s safe list; everything else is UTF-8', () => {
  assert.equal(partCharset('text/plain; charset=ISO-8859-1'), 'iso-8859-1');
  assert.equal(partCharset('text/plain; charset="US-ASCII"'), 'us-ascii');
  assert.equal(partCharset('text/plain; charset=ascii'), 'ascii');
  assert.equal(partCharset('text/plain; charset=koi8-r'), 'utf-8', 'not on the list');
  assert.equal(partCharset('text/plain; charset=windows-1252'), 'utf-8');
  assert.equal(partCharset('text/plain'), 'utf-8');
  assert.equal(partCharset(null), 'utf-8');
});

test('decodeFormValue matches Python bytes.decode(charset, "replace") (checked with /usr/bin/python3)', () => {
  const bytes = Buffer.from([0x41, 0xe9, 0xff, 0x80]);
  // b'A\xe9\xff\x80'.decode('iso-8859-1') / .decode('ascii', 'replace') / .decode('utf-8', 'replace')
  assert.equal(decodeFormValue(bytes, 'text/plain; charset=iso-8859-1'), 'A\u00e9\u00ff\u0080');
  assert.equal(decodeFormValue(bytes, 'text/plain; charset=us-ascii'), 'A\ufffd\ufffd\ufffd');
  assert.equal(decodeFormValue(bytes, null), 'A\ufffd\ufffd\ufffd');
  assert.equal(decodeFormValue(Buffer.from('☃', 'utf8'), 'text/plain; charset=koi8-r'), '☃');
  assert.equal(decodeFormValue(Buffer.from([0xe2, 0x98]), null), '\ufffd', 'a truncated sequence is one U+FFFD, as Python');
});
