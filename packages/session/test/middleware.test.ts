// Flask's save_session decision table, Set-Cookie bytes, Vary, NullSession, size warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import Koa from 'koa';
import { flaskSessionSerializer, tuple } from '@kolba/signing';
import { session, NO_SECRET_KEY_MESSAGE } from '../src/index.js';
import { loadVectors } from '../../signing/test/vectors.js';
import { appWith, cookieValue, setCookies } from './helpers.js';

const KEY = 'test key';
const T0 = 1_700_000_000_000;
const sign = (data: Record<string, unknown>, secs = T0 / 1000) => flaskSessionSerializer(KEY, { now: () => secs }).dumps(data);
// Loaded sessions are null-prototype objects; compare their JSON view.
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
const readBack = (cookie: string) => plain(flaskSessionSerializer(KEY).loads(cookie));

test('Set-Cookie is byte-identical to Flask\'s frozen-clock examples (vectors)', async () => {
  const ex = loadVectors().set_cookie_examples as Record<string, unknown> & { itsdangerous_timestamp: number };
  const now = () => ex.itsdangerous_timestamp * 1000;
  const expect = (k: string) => (ex[k] as { 'Set-Cookie': string[]; Vary: string })['Set-Cookie'][0];
  const plain = appWith({ secretKey: 'dev', now }, (ctx) => void (ctx.session.user_id = 42));
  let res = await request(plain.callback()).get('/');
  assert.deepEqual(setCookies(res), [expect('/plain')]);
  assert.equal(res.headers.vary, 'Cookie');

  const perm = appWith({ secretKey: 'dev', now }, (ctx) => {
    ctx.session.permanent = true;
    ctx.session.user_id = 42;
  });
  res = await request(perm.callback()).get('/');
  assert.deepEqual(setCookies(res), [expect('/perm')]);

  const clear = appWith({ secretKey: 'dev', now }, (ctx) => ctx.session.clear());
  res = await request(clear.callback()).get('/');
  assert.deepEqual(setCookies(res), [expect('/clear')]);

  const custom = appWith(
    { secretKey: 'dev', now, sessionCookieSecure: true, sessionCookieSamesite: 'Lax', sessionCookieDomain: 'example.com', sessionCookiePath: '/app', sessionCookieName: 'sid', sessionCookieHttponly: false },
    (ctx) => {
      ctx.session.permanent = true;
      ctx.session.user_id = 42;
    },
  );
  res = await request(custom.callback()).get('/');
  assert.deepEqual(setCookies(res), [expect('/perm with SECURE, SAMESITE=Lax, DOMAIN=example.com, PATH=/app, NAME=sid, HTTPONLY=False')]);
});

test('empty and unmodified: no cookie, no Vary when untouched', async () => {
  const res = await request(appWith({ secretKey: KEY }, () => 'hi').callback()).get('/');
  assert.deepEqual(setCookies(res), []);
  assert.equal(res.headers.vary, undefined);
});

test('reading an empty session adds Vary: Cookie but no cookie', async () => {
  const res = await request(appWith({ secretKey: KEY }, (ctx) => String(ctx.session.get('x'))).callback()).get('/');
  assert.deepEqual(setCookies(res), []);
  assert.equal(res.headers.vary, 'Cookie');
});

test('non-permanent modified session: browser-session cookie, no Expires', async () => {
  const res = await request(appWith({ secretKey: KEY }, (ctx) => void (ctx.session.a = 1)).callback()).get('/');
  const [line] = setCookies(res);
  assert.match(line!, /^session=[\w.-]+; HttpOnly; Path=\/$/);
  assert.deepEqual(readBack(cookieValue(line)!), { a: 1 });
});

test('permanent session is refreshed on a request that never touches it (SESSION_REFRESH_EACH_REQUEST)', async () => {
  const cookie = sign({ _permanent: true, a: 1 }, T0 / 1000 - 100);
  const app = appWith({ secretKey: KEY, now: () => T0 }, () => 'untouched');
  const res = await request(app.callback()).get('/').set('Cookie', `session=${cookie}`);
  const [line] = setCookies(res);
  assert.match(line!, /; Expires=Fri, 15 Dec 2023 22:13:20 GMT; HttpOnly; Path=\/$/);
  assert.notEqual(cookieValue(line), cookie, 're-signed with a fresh timestamp');
  assert.equal(res.headers.vary, 'Cookie');
});

test('permanent session is not re-sent when refreshEachRequest is false; non-permanent never', async () => {
  const perm = sign({ _permanent: true, a: 1 });
  let res = await request(appWith({ secretKey: KEY, sessionRefreshEachRequest: false, now: () => T0 }, (ctx) => String(ctx.session.a)).callback())
    .get('/')
    .set('Cookie', `session=${perm}`);
  assert.equal(res.text, '1');
  assert.deepEqual(setCookies(res), []);
  res = await request(appWith({ secretKey: KEY, now: () => T0 }, (ctx) => String(ctx.session.a)).callback())
    .get('/')
    .set('Cookie', `session=${sign({ a: 1 })}`);
  assert.deepEqual(setCookies(res), []);
  assert.equal(res.headers.vary, 'Cookie');
});

test('emptying a session (last key popped) sends the deletion cookie', async () => {
  const res = await request(appWith({ secretKey: KEY, now: () => T0 }, (ctx) => String(ctx.session.pop('a'))).callback())
    .get('/')
    .set('Cookie', `session=${sign({ a: 1 })}`);
  assert.equal(res.text, '1');
  assert.deepEqual(setCookies(res), ['session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/']);
});

test('Vary is merged with an existing Vary header, never duplicated', async () => {
  const app = appWith({ secretKey: KEY }, (ctx) => {
    ctx.set('Vary', 'Accept-Encoding, Accept-Language');
    ctx.session.a = 1;
    return 'x';
  });
  const res = await request(app.callback()).get('/');
  assert.equal(res.headers.vary, 'Accept-Encoding, Accept-Language, Cookie');
});

test('expired, future-dated and foreign cookies are an empty session, not an error', async () => {
  const app = appWith({ secretKey: KEY, now: () => T0 }, (ctx) => JSON.stringify(ctx.session));
  for (const cookie of [sign({ a: 1 }, T0 / 1000 - 2678401), sign({ a: 1 }, T0 / 1000 + 1), flaskSessionSerializer('other').dumps({ a: 1 })]) {
    const res = await request(app.callback()).get('/').set('Cookie', `session=${cookie}`);
    assert.equal(res.status, 200);
    assert.equal(res.text, '{}');
  }
});

test('key rotation: fallback cookies load and are re-signed with the current key', async () => {
  const old = flaskSessionSerializer('old-key').dumps({ user_id: 7 });
  const app = appWith({ secretKey: 'new-key', secretKeyFallbacks: ['older-key', 'old-key'] }, (ctx) => {
    ctx.session.seen = true;
    return String(ctx.session.user_id);
  });
  const res = await request(app.callback()).get('/').set('Cookie', `session=${old}`);
  assert.equal(res.text, '7');
  const fresh = cookieValue(setCookies(res))!;
  assert.deepEqual(plain(flaskSessionSerializer('new-key').loads(fresh)), { seen: true, user_id: 7 });
});

test('no secret key: reading gives an empty session, writing fails with Flask\'s message, nothing is saved', async () => {
  const errors: Error[] = [];
  const read = appWith({}, (ctx) => String(ctx.session.get('a')));
  let res = await request(read.callback()).get('/').set('Cookie', `session=${sign({ a: 1 })}`);
  assert.equal(res.text, 'undefined');
  assert.deepEqual(setCookies(res), []);
  const write = appWith({}, (ctx) => void (ctx.session.a = 1));
  write.on('error', (err: Error) => errors.push(err));
  res = await request(write.callback()).get('/');
  assert.equal(res.status, 500);
  assert.equal(errors[0]?.message, NO_SECRET_KEY_MESSAGE);
});

test('changes made while an error propagates are still saved (Flask saves on error responses)', async () => {
  const app = appWith({ secretKey: KEY }, (ctx) => {
    ctx.session.a = 1;
    ctx.throw(404);
  });
  const res = await request(app.callback()).get('/');
  assert.equal(res.status, 404);
  assert.deepEqual(readBack(cookieValue(setCookies(res))!), { a: 1 });
});

test('nested mutation needs modified = true, as in Flask', async () => {
  const cookie = sign({ cart: ['a'] });
  const silent = appWith({ secretKey: KEY, now: () => T0 }, (ctx) => void (ctx.session.cart as string[]).push('b'));
  assert.deepEqual(setCookies(await request(silent.callback()).get('/').set('Cookie', `session=${cookie}`)), []);
  const flagged = appWith({ secretKey: KEY, now: () => T0 }, (ctx) => {
    (ctx.session.cart as string[]).push('b');
    ctx.session.modified = true;
  });
  const res = await request(flagged.callback()).get('/').set('Cookie', `session=${cookie}`);
  assert.deepEqual(readBack(cookieValue(setCookies(res))!), { cart: ['a', 'b'] });
});

test('tuples written by kolba come back as tuples (flash wire form)', async () => {
  const app = appWith({ secretKey: KEY }, (ctx) => {
    ctx.session._flashes = [tuple('message', 'Hello')];
  });
  const res = await request(app.callback()).get('/');
  const json = Buffer.from(cookieValue(setCookies(res))!.split('.')[0]!, 'base64url').toString();
  assert.equal(json, '{"_flashes":[{" t":["message","Hello"]}]}');
});

test('ctx.session = null empties it, an object replaces it (koa-session idioms)', async () => {
  const app = appWith({ secretKey: KEY, now: () => T0 }, (ctx) => {
    ctx.session = { b: 2 } as never;
  });
  let res = await request(app.callback()).get('/').set('Cookie', `session=${sign({ a: 1 })}`);
  assert.deepEqual(readBack(cookieValue(setCookies(res))!), { b: 2 });
  const nul = appWith({ secretKey: KEY, now: () => T0 }, (ctx) => {
    ctx.session = null as never;
  });
  res = await request(nul.callback()).get('/').set('Cookie', `session=${sign({ a: 1 })}`);
  assert.match(setCookies(res)[0]!, /^session=; Expires=Thu, 01 Jan 1970/);
});

test('a cookie above MAX_COOKIE_SIZE emits Werkzeug\'s warning and is still sent; 0 disables', async () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  process.on('warning', onWarning);
  try {
    const blob = randomBytes(4000).toString('base64'); // the same size on every request
    const big = appWith({ secretKey: KEY }, (ctx) => void (ctx.session.blob = blob));
    const res = await request(big.callback()).get('/');
    assert.equal(setCookies(res).length, 1);
    await new Promise((r) => setImmediate(r));
    assert.match(warnings[0]?.message ?? '', /^The 'session' cookie is too large: the value was \d+ bytes but the header required 26 extra bytes\. The final size was \d+ bytes but the limit is 4093 bytes\. Browsers may silently ignore cookies larger than this\.$/);
    warnings.length = 0;
    for (let i = 0; i < 20; i++) await request(big.callback()).get('/');
    await new Promise((r) => setImmediate(r));
    assert.equal(warnings.length, 0, 'the same warning is not repeated on every request (Python prints it once)');
    const off = appWith({ secretKey: KEY, maxCookieSize: 0 }, (ctx) => void (ctx.session.blob = randomBytes(4000).toString('base64')));
    await request(off.callback()).get('/');
    await new Promise((r) => setImmediate(r));
    assert.equal(warnings.length, 0);
  } finally {
    process.off('warning', onWarning);
  }
});

test('Secure cookies are written over plain HTTP, as Werkzeug does', async () => {
  const res = await request(appWith({ secretKey: KEY, sessionCookieSecure: true }, (ctx) => void (ctx.session.a = 1)).callback()).get('/');
  assert.match(setCookies(res)[0]!, /; Secure; HttpOnly; Path=\/$/);
});

test('the first session cookie in the header wins', async () => {
  const app = appWith({ secretKey: KEY, now: () => T0 }, (ctx) => String(ctx.session.n));
  const res = await request(app.callback()).get('/').set('Cookie', `session=${sign({ n: 1 })}; session=${sign({ n: 2 })}`);
  assert.equal(res.text, '1');
});

test('ctx.session outside the middleware is undefined; assigning there throws', async () => {
  const app = new Koa();
  app.silent = true;
  app.use(async (ctx, next) => {
    ctx.body = String(ctx.session);
    await next();
  });
  app.use(session({ secretKey: KEY }));
  const res = await request(app.callback()).get('/');
  assert.equal(res.text, 'undefined');
});

test('every cookie setting applies to set and delete cookies alike (Flask test_session_using_session_settings)', async () => {
  const opts = {
    secretKey: KEY,
    now: () => T0,
    sessionCookieDomain: 'www.example.com:8080',
    sessionCookiePath: '/',
    sessionCookieHttponly: false,
    sessionCookieSecure: true,
    sessionCookieSamesite: 'lax',
    sessionCookiePartitioned: true,
    permanentSessionLifetime: 60,
  };
  const set = appWith(opts, (ctx) => {
    ctx.session.permanent = true;
    ctx.session.a = 1;
  });
  const [line] = setCookies(await request(set.callback()).get('/'));
  assert.match(line!, /^session=[\w.-]+; Domain=www\.example\.com; Expires=Tue, 14 Nov 2023 22:14:20 GMT; Secure; Path=\/; SameSite=Lax; Partitioned$/);
  const del = appWith(opts, (ctx) => ctx.session.clear());
  const [gone] = setCookies(await request(del.callback()).get('/'));
  assert.equal(gone, 'session=; Domain=www.example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; Path=/; SameSite=Lax; Partitioned');
});

test('`in`, Object.keys and iteration count as access (Flask 3.1.3 Vary rule)', async () => {
  for (const use of [(s: Record<string, unknown>) => 'a' in s, (s: Record<string, unknown>) => Object.keys(s).length, (s: Iterable<unknown>) => [...s].length]) {
    const app = appWith({ secretKey: KEY }, (ctx) => String(use(ctx.session as never)));
    const res = await request(app.callback()).get('/');
    assert.equal(res.headers.vary, 'Cookie');
    assert.deepEqual(setCookies(res), []);
  }
});

test('changes made by outer middleware after next() are saved (Flask test_session_stored_last)', async () => {
  const app = new Koa();
  app.use(session({ secretKey: KEY }));
  app.use(async (ctx, next) => {
    await next();
    ctx.session.after = 'yes';
  });
  app.use((ctx) => {
    ctx.body = String(ctx.session.after);
  });
  const first = await request(app.callback()).get('/');
  assert.equal(first.text, 'undefined');
  const second = await request(app.callback()).get('/').set('Cookie', `session=${cookieValue(setCookies(first))}`);
  assert.equal(second.text, 'yes');
});
