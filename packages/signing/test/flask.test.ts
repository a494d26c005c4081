// Table-driven conformance with the Flask-generated vectors (shared/spec/vectors): every positive,
// rotation, negative and edge vector through the exact serializer Flask's session uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { BadSignature, BadTimeSignature, SignatureExpired, flaskSessionSerializer, taggedJSON } from '../src/index.js';
import { fromTyped, loadVectors, secretOf, toTyped } from './vectors.js';

const doc = loadVectors();
const MAX_AGE = 2678400;

test('the vector file has every section (19 positive, 11 negative, 2 edge)', () => {
  assert.equal(doc.positive_vectors.length, 19);
  assert.equal(doc.negative_vectors_expect_empty_session.length, 11);
  assert.equal(doc.edge_vectors.length, 2);
});

for (const v of doc.positive_vectors) {
  test(`positive ${v.name}: derived key and MAC are byte-identical`, () => {
    const s = flaskSessionSerializer(secretOf(v), { now: () => v.timestamp });
    const signer = s.makeSigner();
    assert.equal(signer.deriveKey().toString('hex'), v.derived_key_hex);
    assert.equal(signer.getSignature(`${v.payload}.${v.timestamp_b64}`), v.signature_b64);
  });

  test(`positive ${v.name}: Flask's cookie loads to the expected session`, () => {
    const s = flaskSessionSerializer(secretOf(v), { now: () => v.timestamp });
    assert.deepStrictEqual(toTyped(s.loads(v.cookie, { maxAge: MAX_AGE })), v.decoded_typed);
  });

  test(`positive ${v.name}: tagged JSON text is Python's`, () => {
    const text = taggedJSON.dumps(fromTyped(v.decoded_typed));
    // JavaScript has one number type: Python's float 1.0 is the integer 1 here (see README).
    const expected = v.name === 'numbers' ? v.tagged_json.replace('"one":1.0', '"one":1') : v.tagged_json;
    assert.equal(text, expected);
  });

  test(`positive ${v.name}: our cookie is Flask's cookie (or differs only by zlib build)`, () => {
    const s = flaskSessionSerializer(secretOf(v), { now: () => v.timestamp });
    const value = fromTyped(v.decoded_typed);
    const mine = s.dumps(value);
    if (v.name === 'numbers') {
      assert.deepStrictEqual(toTyped(s.loads(mine, { maxAge: MAX_AGE })), v.decoded_typed);
      return;
    }
    if (!v.compressed && !mine.startsWith('.')) {
      assert.equal(mine, v.cookie);
    } else {
      // zlib 1.3 (Node) and 1.2.13 (CPython here) deflate differently; the README says to compare
      // the decoded JSON instead. The payload must still be the one Flask would accept.
      assert.deepStrictEqual(toTyped(s.loads(mine, { maxAge: MAX_AGE })), v.decoded_typed);
      assert.match(mine, /^\.?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{27}$/);
    }
  });
}

test('key rotation: SECRET_KEY first, then fallbacks; signing uses SECRET_KEY', () => {
  const rot = doc.key_rotation;
  const now = () => 1700000000;
  const s = flaskSessionSerializer(rot.config.SECRET_KEY, { fallbacks: rot.config.SECRET_KEY_FALLBACKS, now });
  assert.deepStrictEqual(toTyped(s.loads(rot.cookie_signed_with_old_key, { maxAge: MAX_AGE })), rot.expected.old_key_cookie_loads_as);
  assert.deepStrictEqual(toTyped(s.loads(rot.cookie_signed_with_new_key, { maxAge: MAX_AGE })), rot.expected.new_key_cookie_loads_as);
  assert.equal(s.dumps({ user_id: 7 }), rot.cookie_signed_with_new_key);
  const noFallbacks = flaskSessionSerializer(rot.config.SECRET_KEY, { now });
  assert.throws(() => noFallbacks.loads(rot.cookie_signed_with_old_key, { maxAge: MAX_AGE }), BadSignature);
});

for (const v of doc.negative_vectors_expect_empty_session) {
  test(`negative ${v.name}: rejected with a BadSignature subclass`, () => {
    const s = flaskSessionSerializer(v.secret_key, { now: () => v.now });
    assert.throws(() => s.loads(v.cookie, { maxAge: MAX_AGE }), (err: unknown) => {
      assert.ok(err instanceof BadSignature, String(err));
      if (String(v.itsdangerous_error).startsWith('SignatureExpired')) {
        assert.ok(err instanceof SignatureExpired);
        assert.equal(err.message, String(v.itsdangerous_error).replace('SignatureExpired: ', ''));
      } else if (String(v.itsdangerous_error).startsWith('BadTimeSignature')) {
        assert.ok(err instanceof BadTimeSignature);
      }
      return true;
    });
  });
}

for (const v of doc.edge_vectors) {
  test(`edge ${v.name}`, () => {
    const s = flaskSessionSerializer(v.secret_key, { now: () => v.now });
    assert.deepStrictEqual(toTyped(s.loads(v.cookie, { maxAge: MAX_AGE })), v.expected_session);
  });
}

test('SHA-256 option signs with a 43-character signature Flask-SHA-1 does not accept', () => {
  const s = flaskSessionSerializer('dev', { digestMethod: 'sha256', now: () => 1700000000 });
  const cookie = s.dumps({ user_id: 42 });
  assert.equal(cookie.split('.')[2]!.length, 43);
  const expected = createHmac('sha256', createHmac('sha256', 'dev').update('cookie-session').digest())
    .update(cookie.slice(0, cookie.lastIndexOf('.')))
    .digest('base64url');
  assert.equal(cookie.split('.')[2], expected);
  assert.throws(() => flaskSessionSerializer('dev', { now: () => 1700000000 }).loads(cookie), BadSignature);
});
