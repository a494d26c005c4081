// Hostile cookies: every one must give an empty session and a normal 200, and pollute nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { flaskSessionSerializer, base64Encode, Signer } from '@kolba/signing';
import { appWith } from './helpers.js';

const KEY = 'hostile-test-key';
const serializer = flaskSessionSerializer(KEY);
/** Signs an arbitrary payload (+ current timestamp) with the right key, as a key holder could. */
const signPayload = (payload: string) => serializer.makeSigner().sign(payload);
const signJson = (json: string) => signPayload(base64Encode(json));

const app = appWith({ secretKey: KEY }, (ctx) => {
  const keys = Object.keys(ctx.session).sort().join(',');
  return `keys=[${keys}] polluted=${String(({} as Record<string, unknown>).polluted)}`;
});

const valid = serializer.dumps({ user_id: 1 });
const cases: [string, string][] = [
  ['garbage', 'garbage'],
  ['only dots', '....'],
  ['empty segments', '..'],
  ['huge random', randomBytes(6000).toString('base64url')],
  ['huge with dots', `${'a'.repeat(5000)}.${'b'.repeat(100)}.${'c'.repeat(27)}`],
  ['wrong key', flaskSessionSerializer('not-the-key').dumps({ user_id: 1 })],
  ['truncated', valid.slice(0, -3)],
  ['signature cut off', valid.slice(0, valid.lastIndexOf('.'))],
  ['latin-1 bytes', 'ÿþ\u00e9.\u00ff.abc'],
  ['signed non-UTF-8 payload', signPayload(base64Encode(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])))],
  ['signed non-JSON', signJson('not json')],
  ['signed JSON array, not a dict', signJson('[1,2,3]')],
  ['signed bad tag', signJson('{"a":{" t":5}}')],
  ['signed deep nesting', signJson(`${'['.repeat(3000)}${']'.repeat(3000)}`)],
  ['signed zlib bomb', signPayload(`.${base64Encode(deflateSync(Buffer.alloc(8 * 1024 * 1024, 0x20)))}`)],
  ['signed bad zlib', signPayload('.AAAAAAAA')],
];

for (const [name, cookie] of cases) {
  test(`hostile cookie (${name}) → empty session, 200`, async () => {
    const header = `session=${cookie}`;
    const res = await request(app.callback()).get('/').set('Cookie', header);
    assert.equal(res.status, 200);
    assert.equal(res.text, 'keys=[] polluted=undefined');
  });
}

test('timestamps are only valid when signed: a 9-byte timestamp segment is rejected', async () => {
  const plainSigner = new Signer(KEY, { salt: 'cookie-session', keyDerivation: 'hmac' });
  const res = await request(app.callback()).get('/').set('Cookie', `session=${plainSigner.sign(`${base64Encode('{"a":1}')}.AQIDBAUGBwgJ`)}`);
  assert.equal(res.text, 'keys=[] polluted=undefined');
});

test('signed prototype-pollution payloads stay plain data and pollute nothing', async () => {
  const payloads = [
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"a":{" di":{"__proto____":{"polluted":true}}}}',
    '{"a":[{"__proto__":{"polluted":true}}],"b":12345678901234567890}',
  ];
  for (const json of payloads) {
    const cookie = signJson(json);
    const res = await request(app.callback()).get('/').set('Cookie', `session=${cookie}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /polluted=undefined$/, json);
    assert.notEqual(res.text, 'keys=[] polluted=undefined', `the signed payload loads as data: ${json}`);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  }
});

test('a round-tripped __proto__ key survives as data through a write', async () => {
  const echo = appWith({ secretKey: KEY }, (ctx) => {
    ctx.session.touched = true;
    return JSON.stringify(Object.keys(ctx.session));
  });
  const cookie = serializer.dumps(JSON.parse('{"__proto__":{"polluted":true}}'));
  const res = await request(echo.callback()).get('/').set('Cookie', `session=${cookie}`);
  assert.equal(res.text, '["__proto__","touched"]');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

// ---------------------------------------------------------------------------------------------
// Cookie-header shapes, checked against Werkzeug's parse_cookie (Flask takes cookies.get(name),
// the first of duplicates).

const readApp = appWith({ secretKey: KEY }, (ctx) => JSON.stringify(ctx.session.toJSON()));
const good = serializer.dumps({ u: 1 });

test('Cookie header shapes: whitespace, quotes, duplicates, look-alikes, 8 KB of other cookies (as Werkzeug reads them)', async () => {
  const cases: [string, string][] = [
    [`session = ${good}`, '{"u":1}'], // Werkzeug trims around `=`
    [`session="${good}"`, '{"u":1}'], // quoted value: unquoted
    [`  session=${good}  `, '{"u":1}'],
    [`x=1;session=${good} ;y`, '{"u":1}'],
    [`session=${good}; session=garbage`, '{"u":1}'], // first wins
    [`session=garbage; session=${good}`, '{}'], // first wins, even when it is the bad one
    [`session=; session=${good}`, '{}'],
    [`Session=${good}`, '{}'], // names are case-sensitive
    [`sessionx=${good}; xsession=${good}`, '{}'],
    [`a=1,session=${good}`, '{}'], // a comma is not a separator
    [`x=${'a'.repeat(8 * 1024)}; session=${good}`, '{"u":1}'],
    [`session=${'%'.repeat(8 * 1024)}`, '{}'],
    [`session=${'.'.repeat(8 * 1024)}`, '{}'],
    // 8 KB of random bytes (every byte an HTTP client may send: no controls but tab).
    [`session=${randomBytes(8 * 1024).toString('latin1').replace(/[\x00-\x08\x0a-\x1f\x7f]/g, 'x')}`, '{}'],
  ];
  for (const [header, expected] of cases) {
    const res = await request(readApp.callback()).get('/').set('Cookie', header);
    assert.equal(res.status, 200, header.slice(0, 60));
    assert.equal(res.text, expected, header.slice(0, 60));
  }
});

test('base64 in the other alphabet (+/) and with padding verifies, as itsdangerous\' base64_decode accepts both', async () => {
  const [payload, ts, sig] = good.split('.') as [string, string, string];
  const otherAlphabet = `${payload}.${ts}.${sig.replace(/-/g, '+').replace(/_/g, '/')}`;
  // Padding inside the signed part has to be signed as such; a key holder (Flask) could emit it.
  const plainSigner = new Signer(KEY, { salt: 'cookie-session', keyDerivation: 'hmac' });
  const paddedPayload = plainSigner.sign(`${payload}==.${ts}`);
  for (const cookie of [otherAlphabet, `${payload}.${ts}.${sig}=`, paddedPayload]) {
    const res = await request(readApp.callback()).get('/').set('Cookie', `session=${cookie}`);
    assert.equal(res.text, '{"u":1}', cookie);
  }
  // …but a changed signature byte never does.
  const flipped = `${payload}.${ts}.${sig.slice(0, 5)}${sig[5] === 'A' ? 'B' : 'A'}${sig.slice(6)}`;
  assert.equal((await request(readApp.callback()).get('/').set('Cookie', `session=${flipped}`)).text, '{}');
});

test('validly signed timestamps that are absurd (0, 8 × 0xff, 9+ bytes, empty) give an empty session', async () => {
  const plainSigner = new Signer(KEY, { salt: 'cookie-session', keyDerivation: 'hmac' });
  const payload = base64Encode('{"u":1}');
  for (const tsBytes of [[0], Array(8).fill(0xff), [1, 2, 3, 4, 5, 6, 7, 8, 9], Array(32).fill(0x7f), []]) {
    const cookie = plainSigner.sign(`${payload}.${base64Encode(Buffer.from(tsBytes))}`);
    const res = await request(readApp.callback()).get('/').set('Cookie', `session=${cookie}`);
    assert.equal(res.status, 200);
    assert.equal(res.text, '{}', `timestamp bytes ${JSON.stringify(tsBytes)}`);
  }
});

test('keys as Buffers and Uint8Arrays are the same key as their UTF-8 text', async () => {
  for (const key of [Buffer.from(KEY), new Uint8Array(Buffer.from(KEY))]) {
    const app = appWith({ secretKey: key }, (ctx) => {
      const before = JSON.stringify(ctx.session.toJSON());
      ctx.session.w = 1;
      return before;
    });
    const res = await request(app.callback()).get('/').set('Cookie', `session=${good}`);
    assert.equal(res.text, '{"u":1}');
    const written = setCookieValue(res.headers['set-cookie']);
    assert.deepEqual({ ...(serializer.loads(written) as object) }, { u: 1, w: 1 }, 'the text key reads what the byte key wrote');
  }
  // Non-UTF-8 key bytes work too, and differ from any text key.
  const binary = Buffer.from([0xff, 0x00, 0xfe]);
  const cookie = flaskSessionSerializer(binary).dumps({ b: 1 });
  const app = appWith({ secretKey: binary }, (ctx) => JSON.stringify(ctx.session.toJSON()));
  assert.equal((await request(app.callback()).get('/').set('Cookie', `session=${cookie}`)).text, '{"b":1}');
  assert.equal((await request(readApp.callback()).get('/').set('Cookie', `session=${cookie}`)).text, '{}');
});

test('an empty secret (string or bytes) is no secret: reads are empty, writes are Flask\'s 500, nothing is signed with it', async () => {
  const forged = flaskSessionSerializer('').dumps({ admin: true });
  for (const secretKey of ['', Buffer.alloc(0)]) {
    const app = appWith({ secretKey }, (ctx) => {
      const before = JSON.stringify(ctx.session.toJSON());
      if (ctx.path === '/write') ctx.session.x = 1;
      return before;
    });
    const read = await request(app.callback()).get('/').set('Cookie', `session=${forged}`);
    assert.equal(read.text, '{}');
    const write = await request(app.callback()).get('/write');
    assert.equal(write.status, 500);
    assert.deepEqual(write.headers['set-cookie'], undefined);
  }
});

test('an empty or missing fallback key is refused at start-up (it would accept cookies forged with the empty key)', () => {
  for (const fallbacks of [[''], [Buffer.alloc(0)], [undefined], [null], ['ok', '']]) {
    assert.throws(() => appWith({ secretKey: KEY, secretKeyFallbacks: fallbacks as never }, () => 1), /secretKeyFallbacks must contain only non-empty/);
  }
});

test('SECRET_KEY_FALLBACKS: any listed key verifies, unlisted keys do not, the current key always signs', async () => {
  const app = appWith({ secretKey: 'k3', secretKeyFallbacks: ['k1', 'k2'] }, (ctx) => {
    const v = String(ctx.session.v);
    ctx.session.seen = true;
    return v;
  });
  for (const [key, expected] of [['k1', 'k1'], ['k2', 'k2'], ['k3', 'k3'], ['k0', 'undefined']] as const) {
    const res = await request(app.callback()).get('/').set('Cookie', `session=${flaskSessionSerializer(key).dumps({ v: key })}`);
    assert.equal(res.text, expected);
    const written = setCookieValue(res.headers['set-cookie']);
    assert.doesNotThrow(() => flaskSessionSerializer('k3').loads(written), 'signed with SECRET_KEY');
    assert.throws(() => flaskSessionSerializer('k2').loads(written));
  }
});

function setCookieValue(header: unknown): string {
  const line = (Array.isArray(header) ? header : [header]).find((l) => typeof l === 'string' && l.startsWith('session=')) as string;
  return line.slice('session='.length).split(';')[0]!;
}
