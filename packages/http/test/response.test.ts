import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpResponse, isHttpResponse } from '../src/index.js';

test('defaults: 200, text/html; charset=utf-8, empty body', () => {
  const res = new HttpResponse();
  assert.equal(res.status, 200);
  assert.equal(res.body, null);
  assert.deepEqual(res.headers, { 'Content-Type': 'text/html; charset=utf-8' });
});

test('header access is case-insensitive and set replaces every value', () => {
  const res = new HttpResponse('x', 200, [['X-A', '1'], ['x-a', '2'], ['content-type', 'text/plain']]);
  assert.deepEqual(res.getHeader('x-A'), ['1', '2']);
  assert.equal(res.getHeader('Content-Type'), 'text/plain');
  res.setHeader('X-a', 'only');
  assert.deepEqual(res.headers, { 'content-type': 'text/plain', 'X-a': 'only' });
  res.addHeader('x-a', 'more');
  assert.deepEqual(res.getHeader('X-A'), ['only', 'more']);
  res.deleteHeader('X-A');
  assert.equal(res.getHeader('x-a'), undefined);
});

test('updateHeaders follows Werkzeug Headers.update', () => {
  const res = new HttpResponse('x', 200, { 'X-C': '3', 'X-Keep': 'k' });
  res.updateHeaders(new Map([['x-c', '4']]));
  assert.deepEqual(res.headers, { 'X-Keep': 'k', 'Content-Type': 'text/html; charset=utf-8', 'x-c': '4' });
  res.updateHeaders({ 'Set-Cookie': ['a=1', 'b=2'], Skip: undefined });
  assert.deepEqual(res.getHeader('set-cookie'), ['a=1', 'b=2']);
  assert.equal(res.getHeader('skip'), undefined);
});

test('status lines keep their reason; bad statuses are rejected', () => {
  const res = new HttpResponse('x', '418 TEAPOT');
  assert.equal(res.status, 418);
  assert.equal(res.statusText, 'TEAPOT');
  assert.equal(new HttpResponse('x', '201').statusText, undefined);
  for (const bad of ['abc', '99', 1000, 200.5, '200 ok\r\nX: y']) assert.throws(() => new HttpResponse('x', bad), TypeError, String(bad));
});

test('header injection is refused', () => {
  assert.throws(() => new HttpResponse('x', 200, { 'X-A': 'a\r\nSet-Cookie: x' }), /newline/);
  assert.throws(() => new HttpResponse().setHeader('X', 'a\nb'), /newline/);
  assert.throws(() => new HttpResponse().addHeader('X\r\n', 'a'), /Invalid header name/);
});

test('isHttpResponse', () => {
  assert.ok(isHttpResponse(new HttpResponse()));
  assert.equal(isHttpResponse({ status: 200, headers: {} }), false);
  // Another library's class of the same name is not ours …
  class HttpResponse2 {
    status = 200;
    headers = {};
  }
  Object.defineProperty(HttpResponse2, 'name', { value: 'HttpResponse' });
  assert.equal(isHttpResponse(new HttpResponse2()), false);
  // … but a response from a second copy of @kolba/http (same Symbol.for brand) is.
  const twin = Object.create({ [Symbol.for('kolba.http.HttpResponse')]: true }) as object;
  assert.equal(isHttpResponse(twin), true);
  assert.equal(isHttpResponse(null), false);
});

test('reason phrases and header values Node would refuse at write time are refused up front', () => {
  for (const bad of ['299 \u20acuro', '299 a\x01b', '299 del\x7f']) assert.throws(() => new HttpResponse('x', bad), /Status text must be/, bad);
  assert.equal(new HttpResponse('x', '299 Caf\u00e9\tok').statusText, 'Caf\u00e9\tok');
  assert.throws(() => new HttpResponse('x', 200, { 'X-A': '\u20ac' }), /visible ASCII or Latin-1/);
  assert.throws(() => new HttpResponse().setHeader('X-A', 'a\x1bb'), /visible ASCII or Latin-1/);
  assert.equal(new HttpResponse('x', 200, { 'X-A': 'caf\u00e9' }).getHeader('x-a'), 'caf\u00e9');
});
