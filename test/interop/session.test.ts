/**
 * @kolba/session ↔ real Flask: one secret key, one cookie, both directions — login, modify,
 * flashes (`_flashes` tuples), compressed cookies, tagged types, permanent sessions, key rotation.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Koa from 'koa';
import request from 'supertest';
import { session } from '@kolba/session';
import { isTuple, MarkupString, tuple, UUID } from '@kolba/signing';
import { requireService, serviceInstalled, startFlask, type RunningService } from '../support/services.js';

const APP = readFileSync(new URL('./flask_apps/session_app.py', import.meta.url), 'utf8');
let flask: RunningService | undefined;

before(async () => {
  if (serviceInstalled('flask')) flask = await startFlask(APP);
});
after(async () => {
  await flask?.stop();
});

/** GET on Flask with an optional session cookie; returns the body and the new session cookie, if any. */
async function flaskGet(path: string, cookie?: string): Promise<{ text: string; cookie: string | undefined; setCookie: string | undefined }> {
  const res = await fetch(flask!.url + path, { headers: cookie ? { Cookie: `session=${cookie}` } : {} });
  const setCookie = res.headers.get('set-cookie') ?? undefined;
  const m = setCookie ? /^session=([^;]*)/.exec(setCookie) : null;
  return { text: await res.text(), cookie: m?.[1] || undefined, setCookie };
}

/** A kolba app whose routes mirror the Flask app's. */
function kolbaApp(secretKey = 'interop-key', secretKeyFallbacks: string[] = [], now?: () => number): Koa {
  const app = new Koa();
  app.use(session({ secretKey, secretKeyFallbacks, ...(now ? { now } : {}) }));
  app.use((ctx) => {
    const s = ctx.session;
    switch (ctx.path) {
      case '/login':
        s.user = String(ctx.query.user);
        s.permanent = ctx.query.permanent === '1';
        ctx.body = 'ok';
        return;
      case '/whoami':
        ctx.body = { user: s.user ?? null, visits: s.visits ?? null, permanent: s.permanent };
        return;
      case '/visit':
        s.visits = Number(s.visits ?? 0) + 1;
        ctx.body = String(s.visits);
        return;
      case '/flash': // what @kolba/flash does: re-assign the list with (category, message) tuples
        s._flashes = [...((s._flashes as unknown[]) ?? []), tuple('message', 'Hello from kolba'), tuple('error', new MarkupString('<i>k</i>'))];
        ctx.body = 'ok';
        return;
      case '/raw-flashes': {
        const list = (s.pop('_flashes') as unknown[]) ?? [];
        ctx.body = list.map((f) => ({ tuple: isTuple(f), category: (f as unknown[])[0], message: String((f as unknown[])[1]), markup: (f as unknown[])[1] instanceof MarkupString }));
        return;
      }
      case '/big':
        s.data = 'y'.repeat(2000);
        ctx.body = 'ok';
        return;
      case '/types': {
        const t = s.t;
        ctx.body = {
          t: isTuple(t) ? [...t] : null,
          b: Buffer.isBuffer(s.b) ? s.b.toString('hex') : null,
          u: s.u instanceof UUID ? String(s.u) : null,
          d: s.d instanceof Date ? s.d.toISOString() : null,
          m: s.m instanceof MarkupString ? s.m.__html__() : null,
          n: s.n,
        };
        return;
      }
      case '/write-types':
        s.t = tuple(1, 'two');
        s.b = Buffer.from('00ff62696e', 'hex');
        s.u = new UUID('12345678-1234-5678-1234-567812345678');
        s.d = new Date('2021-02-01T07:15:03Z');
        s.m = new MarkupString('<b>x</b>');
        s.n = { nested: [1, 2.5, null, true], ' t': 'look-alike' };
        ctx.body = 'ok';
        return;
      default:
        ctx.status = 404;
    }
  });
  return app;
}

async function kolbaGet(app: Koa, path: string, cookie?: string): Promise<{ text: string; cookie: string | undefined; setCookie: string[] }> {
  const req = request(app.callback()).get(path);
  if (cookie) req.set('Cookie', `session=${cookie}`);
  const res = await req;
  const setCookie = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  const m = setCookie.length ? /^session=([^;]*)/.exec(setCookie[0]!) : null;
  return { text: res.text, cookie: m?.[1] || undefined, setCookie };
}

test('the same login on Flask and on kolba (clock set to Flask\'s second) gives the same Set-Cookie bytes', async (t) => {
  if (!requireService(t, 'flask')) return;
  const fromFlask = await flaskGet('/login?user=alice');
  const ts = Buffer.from(fromFlask.cookie!.split('.')[1]!, 'base64url').readUIntBE(0, 4);
  const fromKolba = await kolbaGet(kolbaApp('interop-key', [], () => ts * 1000), '/login?user=alice');
  assert.equal(fromKolba.cookie, fromFlask.cookie);
  assert.equal(fromKolba.setCookie[0], fromFlask.setCookie);
});

test('log in on Flask, read and modify on kolba, read back on Flask', async (t) => {
  if (!requireService(t, 'flask')) return;
  const login = await flaskGet('/login?user=alice');
  assert.ok(login.cookie);
  const kolba = kolbaApp();
  assert.deepEqual(JSON.parse((await kolbaGet(kolba, '/whoami', login.cookie)).text), { user: 'alice', visits: null, permanent: false });
  const visit = await kolbaGet(kolba, '/visit', login.cookie);
  assert.equal(visit.text, '1');
  assert.deepEqual(JSON.parse((await flaskGet('/whoami', visit.cookie)).text), { user: 'alice', visits: 1, permanent: false });
  const again = await flaskGet('/visit', visit.cookie);
  assert.equal(again.text, '2');
  assert.equal((await kolbaGet(kolba, '/visit', again.cookie)).text, '3');
});

test('log in on kolba (permanent), read and modify on Flask', async (t) => {
  if (!requireService(t, 'flask')) return;
  const kolba = kolbaApp();
  const login = await kolbaGet(kolba, '/login?user=bob&permanent=1');
  assert.match(login.setCookie[0]!, /; Expires=.+ GMT; HttpOnly; Path=\/$/);
  const who = await flaskGet('/whoami', login.cookie);
  assert.deepEqual(JSON.parse(who.text), { user: 'bob', visits: null, permanent: true });
  assert.match(who.setCookie ?? '', /Expires=/, 'Flask refreshes the permanent session kolba wrote');
  const visit = await flaskGet('/visit', login.cookie);
  assert.deepEqual(JSON.parse((await kolbaGet(kolba, '/whoami', visit.cookie)).text), { user: 'bob', visits: 1, permanent: true });
});

test('flash on Flask, read the raw _flashes tuples on kolba (Markup kept)', async (t) => {
  if (!requireService(t, 'flask')) return;
  const flashed = await flaskGet('/flash');
  const raw = await kolbaGet(kolbaApp(), '/raw-flashes', flashed.cookie);
  assert.deepEqual(JSON.parse(raw.text), [
    { tuple: true, category: 'message', message: 'Hello from Flask', markup: false },
    { tuple: true, category: 'warning', message: '<em>safe</em>', markup: true },
  ]);
  assert.match(raw.setCookie[0]!, /^session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0/, 'popping the last key deletes the cookie');
});

test('flash on kolba, Flask\'s get_flashed_messages() reads them (Markup kept)', async (t) => {
  if (!requireService(t, 'flask')) return;
  const flashed = await kolbaGet(kolbaApp(), '/flash');
  const shown = await flaskGet('/flashes', flashed.cookie);
  assert.deepEqual(JSON.parse(shown.text), [
    ['message', 'Hello from kolba', false],
    ['error', '<i>k</i>', true],
  ]);
});

test('compressed cookies are mutually readable', async (t) => {
  if (!requireService(t, 'flask')) return;
  const fromFlask = await flaskGet('/big');
  assert.ok(fromFlask.cookie!.startsWith('.'), 'Flask compressed it');
  const kolba = kolbaApp();
  const visit = await kolbaGet(kolba, '/visit', fromFlask.cookie);
  assert.equal(visit.text, '1');
  assert.ok(visit.cookie!.startsWith('.'), 'kolba compressed it');
  assert.deepEqual(JSON.parse((await flaskGet('/whoami', visit.cookie)).text), { user: null, visits: 1, permanent: false });
  const big = await kolbaGet(kolba, '/big');
  assert.ok(big.cookie!.startsWith('.'));
  assert.equal((await flaskGet('/visit', big.cookie)).text, '1');
});

test('tagged types written by Flask load as kolba types, and the reverse', async (t) => {
  if (!requireService(t, 'flask')) return;
  const kolba = kolbaApp();
  const fromFlask = await flaskGet('/types');
  assert.deepEqual(JSON.parse((await kolbaGet(kolba, '/types', fromFlask.cookie)).text), {
    t: [1, 'two'],
    b: '00ff62696e',
    u: '12345678-1234-5678-1234-567812345678',
    d: '2021-02-01T07:15:03.000Z',
    m: '<b>x</b>',
    n: { nested: [1, 2.5, null, true], ' t': 'look-alike' },
  });
  const fromKolba = await kolbaGet(kolba, '/write-types');
  assert.deepEqual(JSON.parse((await flaskGet('/describe', fromKolba.cookie)).text), {
    t: { tuple: [{ int: '1' }, { str: 'two' }] },
    b: { bytes: '00ff62696e' },
    u: { UUID: '12345678-1234-5678-1234-567812345678' },
    d: { datetime: '2021-02-01 07:15:03+00:00' },
    m: { Markup: '<b>x</b>' },
    n: { dict: { nested: { list: [{ int: '1' }, { float: '2.5' }, { NoneType: 'None' }, { bool: 'True' }] }, ' t': { str: 'look-alike' } } },
  });
});

test('key rotation: a cookie Flask signed with the old key is accepted via fallbacks and re-signed with the new key', async (t) => {
  if (!requireService(t, 'flask')) return;
  await flaskGet('/set-key?key=old-key');
  try {
    const old = await flaskGet('/login?user=carol');
    const withoutFallback = kolbaApp('new-key');
    assert.deepEqual(JSON.parse((await kolbaGet(withoutFallback, '/whoami', old.cookie)).text).user, null);
    const rotated = kolbaApp('new-key', ['old-key']);
    const visit = await kolbaGet(rotated, '/visit', old.cookie);
    assert.equal(visit.text, '1');
    await flaskGet('/set-key?key=new-key');
    assert.deepEqual(JSON.parse((await flaskGet('/whoami', visit.cookie)).text), { user: 'carol', visits: 1, permanent: false });
    assert.deepEqual(JSON.parse((await flaskGet('/whoami', old.cookie)).text).user, null, 'Flask 2.2 with the new key alone rejects the old cookie');
  } finally {
    await flaskGet('/set-key?key=interop-key');
  }
});
