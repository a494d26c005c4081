import { test } from 'node:test';
import assert from 'node:assert/strict';
import Koa from 'koa';
import request from 'supertest';
import { deleteCookie, dumpCookie, httpDate, setCookie, type DumpCookieOptions } from '../src/index.js';

// Generated with /usr/bin/python3 (Werkzeug 2.2 `dump_cookie`) for inputs where 2.2 and 3.1 agree
// (spec §9.3/§10): attribute order, Expires formats, Max-Age, Path quoting, IDNA domains, SameSite.
const WERKZEUG: Array<[string, string, DumpCookieOptions, string]> = [
  ['k', 'v', {}, 'k=v; Path=/'],
  ['k', 'v', { maxAge: 10, expires: 0, domain: 'a.com', secure: true, httpOnly: true, sameSite: 'Strict', path: '/p' },
    'k=v; Domain=a.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=10; Secure; HttpOnly; Path=/p; SameSite=Strict'],
  ['session', 'eyJ1c2VyIjoxfQ.ZZ.abc-_', { httpOnly: true, sameSite: 'lax' },
    'session=eyJ1c2VyIjoxfQ.ZZ.abc-_; HttpOnly; Path=/; SameSite=Lax'],
  ['k', '', { expires: 0, maxAge: 0 }, 'k=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/'],
  ['k', 'v', { expires: 1700000000 }, 'k=v; Expires=Tue, 14 Nov 2023 22:13:20 GMT; Path=/'],
  ['k', 'v', { expires: new Date(Date.UTC(2030, 1, 3, 4, 5, 6)), path: null }, 'k=v; Expires=Sun, 03 Feb 2030 04:05:06 GMT'],
  ['k', 'v', { maxAge: 3600, expires: 'Wed, 21 Oct 2015 07:28:00 GMT' },
    'k=v; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=3600; Path=/'],
  ['k', 'v', { domain: 'bücher.de' }, 'k=v; Domain=xn--bcher-kva.de; Path=/'],
  ['k', 'v', { domain: 'Example.COM:8080' }, 'k=v; Domain=Example.COM; Path=/'],
  ['k', 'v', { path: '/a b/ü' }, 'k=v; Path=/a%20b/%C3%BC'],
  ['k', 'a=b', {}, 'k=a=b; Path=/'],
  ['k', 'x/y:z', {}, 'k=x/y:z; Path=/'],
  ['k', 'v', { sameSite: 'none', secure: true }, 'k=v; Secure; Path=/; SameSite=None'],
];

test('dumpCookie matches Werkzeug dump_cookie output byte for byte', () => {
  for (const [key, value, options, expected] of WERKZEUG) assert.equal(dumpCookie(key, value, options), expected);
});

test('value quoting follows Werkzeug 3.1 (RFC 6265 set bare, octal escapes inside quotes)', () => {
  const cases: Array<[string, string]> = [
    ['a b', '"a b"'],
    ['a,b', '"a\\054b"'],
    ['a;b', '"a\\073b"'],
    ['a"b', '"a\\"b"'],
    ['a\\b', '"a\\\\b"'],
    ['ü', '"\\303\\274"'],
    ['{json:1}', '{json:1}'],
    ['[x]', '[x]'],
    ['<>?@', '<>?@'],
    ['xxx/', 'xxx/'],
    ['tab\there', '"tab\\011here"'],
    ['', ''],
  ];
  for (const [value, quoted] of cases) assert.equal(dumpCookie('k', value), `k=${quoted}; Path=/`, value);
});

test('3.1-only attributes: Partitioned implies Secure, localhost and leading dots, ; in paths', () => {
  assert.equal(dumpCookie('k', 'v', { partitioned: true }), 'k=v; Secure; Path=/; Partitioned');
  assert.equal(dumpCookie('k', 'v', { domain: 'localhost' }), 'k=v; Domain=localhost; Path=/');
  assert.equal(dumpCookie('k', 'v', { domain: '.Example.COM:8080' }), 'k=v; Domain=Example.COM; Path=/');
  assert.equal(dumpCookie('k', 'v', { path: '/a b;c' }), 'k=v; Path=/a%20b%3Bc');
});

test('maxAge without expires also sets Expires to now + maxAge', () => {
  const now = () => Date.UTC(2024, 0, 1, 0, 0, 0);
  assert.equal(dumpCookie('k', 'v', { maxAge: 60, now }), 'k=v; Expires=Mon, 01 Jan 2024 00:01:00 GMT; Max-Age=60; Path=/');
  assert.equal(httpDate(0), 'Thu, 01 Jan 1970 00:00:00 GMT');
});

test('invalid SameSite raises Werkzeug\'s message; injection through names and domains is refused', () => {
  assert.throws(() => dumpCookie('k', 'v', { sameSite: 'sometimes' }), { message: "SameSite must be 'Strict', 'Lax', or 'None'." });
  assert.throws(() => dumpCookie('k; Domain=evil.com', 'v'), TypeError);
  assert.throws(() => dumpCookie('', 'v'), TypeError);
  assert.throws(() => dumpCookie('k', 'v', { domain: 'a.com; Secure' }), TypeError);
  assert.throws(() => dumpCookie('k', 'v', { maxAge: Number.NaN }), TypeError);
  assert.throws(() => dumpCookie('k', 'v', { expires: new Date('nope') }), TypeError);
  assert.throws(() => dumpCookie('k', 'v', { expires: 'x; Domain=evil.com' }), TypeError);
  // The value can never inject: ; is escaped inside quotes.
  assert.equal(dumpCookie('k', 'v; Domain=evil.com'), 'k="v\\073 Domain=evil.com"; Path=/');
});

test('non-ASCII names go out as UTF-8 bytes (Werkzeug\'s latin-1 mojibake on the wire)', () => {
  assert.equal(dumpCookie('ü', 'v'), 'Ã¼=v; Path=/');
});

test('oversized cookies warn like Werkzeug (MAX_COOKIE_SIZE) but are still sent', async () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  process.on('warning', onWarning);
  try {
    const header = dumpCookie('big', 'x'.repeat(5000));
    assert.ok(header.startsWith('big=xxx'));
    assert.equal(dumpCookie('big', 'x'.repeat(5000), { maxSize: 0 }).length, header.length);
    await new Promise((r) => setImmediate(r));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!.message, /cookie is too large/);
  } finally {
    process.off('warning', onWarning);
  }
});

test('setCookie appends headers and works over plain HTTP with secure (unlike ctx.cookies)', async () => {
  const app = new Koa();
  app.use((ctx) => {
    setCookie(ctx, 'a', '1', { secure: true, httpOnly: true });
    setCookie(ctx, 'a', '2', { path: '/x' });
    deleteCookie(ctx, 'gone', { domain: 'ex.com', secure: true, httpOnly: true, path: '/x', sameSite: 'Lax' });
    ctx.body = 'ok';
  });
  const res = await request(app.callback()).get('/');
  assert.deepEqual(res.headers['set-cookie'], [
    'a=1; Secure; HttpOnly; Path=/',
    'a=2; Path=/x',
    'gone=; Domain=ex.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; HttpOnly; Path=/x; SameSite=Lax',
  ]);
});

test('deleteCookie defaults match Werkzeug delete_cookie', async () => {
  const app = new Koa();
  app.use((ctx) => { deleteCookie(ctx, 'k'); ctx.body = ''; });
  const res = await request(app.callback()).get('/');
  assert.deepEqual(res.headers['set-cookie'], ['k=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/']);
});
