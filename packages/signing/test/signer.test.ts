import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadSignature, BadTimeSignature, SignatureExpired, Signer, TimestampSigner } from '../src/index.js';

// Expected values produced by itsdangerous 2.1.2: Signer('secret', salt='s', key_derivation=kd).sign('hello')
const PYTHON = {
  concat: 'hello.OGtzE1wQiF51FGbpRhdOVTLmKe0',
  'django-concat': 'hello.sxoOrcwxVPlDdUjpJU1JH5z9DnE',
  hmac: 'hello.AYOQ8oDvt6dCQvXrxRi28YFUqqs',
  none: 'hello.URIFXAX5RPhXVe_FzYlw4ZTp9Fs',
} as const;

for (const [keyDerivation, expected] of Object.entries(PYTHON)) {
  test(`key derivation ${keyDerivation} signs like itsdangerous`, () => {
    const signer = new Signer('secret', { salt: 's', keyDerivation: keyDerivation as keyof typeof PYTHON });
    assert.equal(signer.sign('hello'), expected);
    assert.equal(signer.unsign(expected), 'hello');
  });
}

test('django-concat is the default derivation and "itsdangerous.Signer" the default salt', () => {
  assert.equal(new Signer(['old', 'new']).sign('v'), 'v.36xUtSROzMo9IUv6FUAqcLcS7_Y');
});

test('key list: newest signs, every key verifies, unknown keys do not', () => {
  const old = new Signer('old').sign('v');
  const rotated = new Signer(['old', 'new']);
  assert.equal(rotated.unsign(old), 'v');
  assert.equal(rotated.sign('v'), new Signer('new').sign('v'));
  assert.throws(() => new Signer('new').unsign(old), BadSignature);
});

test('unsign reports a missing separator and a wrong signature with itsdangerous messages', () => {
  const signer = new Signer('k');
  assert.throws(() => signer.unsign('garbage'), { name: 'BadSignature', message: "No b'.' found in value" });
  assert.throws(() => signer.unsign('value.AAAA'), (err: unknown) => err instanceof BadSignature && err.payload === 'value');
  assert.equal(signer.validate('value.AAAA'), false);
  assert.equal(signer.validate(signer.sign('value')), true);
});

test('signature checks compare decoded bytes: non-base64 signatures are simply invalid', () => {
  const signer = new Signer('k');
  assert.equal(signer.verifySignature('v', '!!!'), false);
  assert.equal(signer.verifySignature('v', ''), false);
});

test('separators from the base64 alphabet are refused', () => {
  assert.throws(() => new Signer('k', { sep: '-' }), RangeError);
  assert.equal(new Signer('k', { sep: '|' }).sign('a').startsWith('a|'), true);
});

test('unknown derivation or digest fails at construction', () => {
  assert.throws(() => new Signer('k', { keyDerivation: 'nope' as never }), TypeError);
  assert.throws(() => new Signer('k', { digestMethod: 'nope' }), TypeError);
  assert.throws(() => new Signer([]), TypeError);
});

test('TimestampSigner embeds the time and enforces maxAge both ways', () => {
  let now = 1700000000;
  const signer = new TimestampSigner('k', { now: () => now });
  const token = signer.sign('v');
  assert.equal(token.split('.')[1], 'ZVPxAA');
  now += 10;
  assert.equal(signer.unsign(token, { maxAge: 10 }), 'v');
  now += 1;
  assert.throws(() => signer.unsign(token, { maxAge: 10 }), { name: 'SignatureExpired', message: 'Signature age 11 > 10 seconds' });
  now = 1700000000 - 5;
  assert.throws(() => signer.unsign(token, { maxAge: 10 }), { message: 'Signature age -5 < 0 seconds' });
  assert.equal(signer.unsign(token), 'v', 'no maxAge: no age check');
  const { timestamp } = signer.unsignWithTimestamp(token);
  assert.equal(timestamp.toISOString(), '2023-11-14T22:13:20.000Z');
});

test('TimestampSigner: bad signatures are BadTimeSignature, malformed timestamps too', () => {
  const signer = new TimestampSigner('k', { now: () => 1700000000 });
  assert.throws(() => signer.unsign('v.ZVPxAA.AAAAAAAAAAAAAAAAAAAAAAAAAAA'), BadTimeSignature);
  const plain = new Signer('k', { salt: 'itsdangerous.Signer' });
  // A correctly signed value whose timestamp segment is 9 bytes long.
  const nineBytes = plain.sign('v.AQIDBAUGBwgJ');
  assert.throws(() => signer.unsign(nineBytes), { name: 'BadTimeSignature', message: 'Malformed timestamp' });
  assert.throws(() => signer.unsign(plain.sign('no-timestamp')), { message: 'timestamp missing' });
  assert.ok(new SignatureExpired('x') instanceof BadSignature);
});

test('a key that is neither text nor bytes is a TypeError naming the problem', () => {
  for (const bad of [123, {}, undefined, null]) assert.throws(() => new Signer(bad as never), /strings or byte arrays/);
  assert.ok(new Signer(new Uint8Array([1, 2, 3])).sign('x'));
});
