import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { BadPayload, BadSignature, Serializer, Signer, SignatureExpired, TimedSerializer, URLSafeSerializer, URLSafeTimedSerializer, base64Encode } from '../src/index.js';

test('Serializer and URLSafeSerializer produce itsdangerous 2.1.2 output byte for byte', () => {
  assert.equal(new Serializer('secret').dumps({ b: 1, a: 'é' }), '{"b": 1, "a": "\\u00e9"}.AJCLXpk50UCgq9ywStRlKhhx5cs');
  assert.equal(new URLSafeSerializer('secret').dumps({ b: 1, a: 'é' }), 'eyJiIjoxLCJhIjoiw6kifQ.4JD0Iv0cDEptqq17l998eyVAMcU');
  assert.equal(new URLSafeSerializer('secret').dumps('x'.repeat(100)), '.eJxTqqADUAIAfKsvJQ.Ui7GTFhTnJH3Ux4z8Q8p69q9yCM');
  assert.deepEqual(new URLSafeSerializer('secret').loads('.eJxTqqADUAIAfKsvJQ.Ui7GTFhTnJH3Ux4z8Q8p69q9yCM'), 'x'.repeat(100));
});

test('a different salt does not verify', () => {
  const token = new URLSafeSerializer('k', { salt: 'a' }).dumps(1);
  assert.throws(() => new URLSafeSerializer('k', { salt: 'b' }).loads(token), BadSignature);
  assert.equal(new URLSafeSerializer('k', { salt: 'b' }).loads(token, 'a'), 1);
});

test('loadsUnsafe never throws BadData', () => {
  assert.deepEqual(new Serializer('k').loadsUnsafe('nope'), [false, undefined]);
  const s = new TimedSerializer('k');
  assert.deepEqual(s.loadsUnsafe(s.dumps([1])), [true, [1]]);
});

test('timed serializers expire', () => {
  let now = 1000;
  const s = new URLSafeTimedSerializer('k', { signerOptions: { now: () => now } });
  const token = s.dumps({ a: 1 });
  now = 1061;
  assert.throws(() => s.loads(token, { maxAge: 60 }), SignatureExpired);
  assert.deepEqual(s.loadsWithTimestamp(token).timestamp, new Date(1_000_000));
});

// Signed with the right key: only the payload checks stand between the attacker and the server.
function signRaw(payload: string): string {
  return new Signer('k', { salt: 'itsdangerous' }).sign(payload);
}

test('a signed zlib bomb is rejected at maxDecompressedSize instead of inflating', () => {
  const bomb = `.${base64Encode(deflateSync(Buffer.alloc(50 * 1024 * 1024, 0x20)))}`;
  assert.ok(bomb.length < 100_000);
  const s = new URLSafeSerializer('k', { maxDecompressedSize: 64 * 1024 });
  assert.throws(() => s.loads(signRaw(bomb)), (err: unknown) => err instanceof BadPayload && /decompress/.test(err.message));
});

test('signed garbage payloads are BadPayload: bad base64, bad zlib, bad UTF-8, bad JSON', () => {
  const s = new URLSafeSerializer('k');
  for (const payload of ['@@@', '.AAAA', base64Encode(Buffer.from([0xff, 0xfe])), base64Encode('{"a":')]) {
    assert.throws(() => s.loads(signRaw(payload)), BadPayload, payload);
  }
});

test('keys that are neither text nor bytes fail at construction, not on first use', () => {
  for (const bad of [123, {}, undefined, null, true]) {
    assert.throws(() => new URLSafeSerializer(bad as never), /strings or byte arrays/, String(bad));
    assert.throws(() => new URLSafeSerializer(['ok', bad] as never), /strings or byte arrays/, String(bad));
  }
  assert.throws(() => new URLSafeSerializer([]), /at least one secret key/);
});
