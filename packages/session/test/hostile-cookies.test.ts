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
