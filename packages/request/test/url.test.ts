import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePath, uriToIri } from '../src/url.js';

test('decodePath decodes UTF-8 (invalid bytes become U+FFFD) and collapses leading slashes', () => {
  assert.equal(decodePath('/app/p%20q/%C3%BC'), '/app/p q/ü');
  assert.equal(decodePath('/a%2Fb'), '/a/b');
  assert.equal(decodePath('///x'), '/x');
  assert.equal(decodePath(''), '/');
  assert.equal(decodePath('/%ff'), '/\ufffd');
  assert.equal(decodePath('/%zz'), '/%zz');
});

test('uriToIri shows non-ASCII decoded and keeps ASCII escapes and invalid bytes encoded', () => {
  assert.equal(uriToIri('/p%20q/%C3%BC'), '/p%20q/ü');
  assert.equal(uriToIri('/%E2%98%83%2F'), '/☃%2F');
  assert.equal(uriToIri('/%FF%c3%bc'), '/%FFü');
});
