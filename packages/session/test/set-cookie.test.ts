import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertCookieName, dumpCookie, httpDate, normalizeCookieDomain, quoteCookiePath, readCookie } from '../src/set-cookie.js';

test('attributes come in Werkzeug\'s order and case', () => {
  assert.equal(
    dumpCookie('sid', 'v', { domain: 'example.com', expires: new Date('2024-02-01T12:00:00Z'), secure: true, httpOnly: false, path: '/app', sameSite: 'Lax' }),
    'sid=v; Domain=example.com; Expires=Thu, 01 Feb 2024 12:00:00 GMT; Secure; Path=/app; SameSite=Lax',
  );
  assert.equal(dumpCookie('session', '', { expires: new Date(0), maxAge: 0, httpOnly: true, path: '/' }), 'session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/');
  assert.equal(dumpCookie('s', 'v', { partitioned: true, path: '/' }), 's=v; Secure; Path=/; Partitioned', 'Partitioned implies Secure');
});

test('values that would need quoting are refused, names must be tokens', () => {
  assert.throws(() => dumpCookie('s', 'a;b', {}), TypeError);
  assert.throws(() => assertCookieName('a b'), TypeError);
  assert.throws(() => assertCookieName('a;Domain=evil'), TypeError);
  assertCookieName('__Host-session');
});

test('domain: port and leading dot stripped, IDNA-encoded; injection refused', () => {
  assert.equal(normalizeCookieDomain('.Bücher.example:8080'), 'xn--bcher-kva.example');
  assert.throws(() => normalizeCookieDomain('a.com; Path=/'), TypeError);
});

test('path is quoted like Werkzeug (safe: %!$&\'()*+,/:=@)', () => {
  assert.equal(quoteCookiePath("/a b/ü/!$&'()*+,:=@%41"), "/a%20b/%C3%BC/!$&'()*+,:=@%41");
  assert.throws(() => quoteCookiePath('/x;y'), TypeError);
});

test('reading takes the first cookie with the name, ignoring look-alikes', () => {
  assert.equal(readCookie('xsession=1; session=two; session=three', 'session'), 'two');
  assert.equal(readCookie('session="quoted"', 'session'), 'quoted');
  assert.equal(readCookie('other=1', 'session'), undefined);
  assert.equal(readCookie(undefined, 'session'), undefined);
  assert.equal(httpDate(new Date(0)), 'Thu, 01 Jan 1970 00:00:00 GMT');
});
