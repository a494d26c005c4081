import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import zlib, { deflateSync, inflateSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { deflate, deflateEngine, inflate, makeFastDeflate, setDeflateEngine } from '../src/zlib-fast.js';
import { flaskSessionSerializer, tuple } from '../src/index.js';

afterEach(() => setDeflateEngine('auto'));

const inputs = [
  Buffer.from('{"_flashes":[{" t":["message","Hello World"]},{" t":["error","Oops"]}]}'),
  Buffer.from('x'.repeat(200)),
  Buffer.from(''),
  randomBytes(3000),
  Buffer.from(randomBytes(6000).toString('base64')), // larger than the fast path's buffer
  Buffer.from('{"a":1}'),
];

test('reused-handle deflate gives deflateSync\'s exact bytes, call after call', () => {
  for (let round = 0; round < 3; round++) {
    for (const input of inputs) assert.ok(deflate(input).equals(deflateSync(input)), `length ${input.length}`);
  }
  assert.equal(deflateEngine(), 'fast', 'the self-check passes on this Node, so the fast engine is in use');
});

test('self-check refuses a handle that is missing, incomplete, or gives other bytes', () => {
  assert.equal(makeFastDeflate(() => ({})), undefined, 'no _handle (internals renamed)');
  assert.equal(makeFastDeflate(() => null), undefined);
  assert.equal(makeFastDeflate(() => { throw new Error('constructor changed'); }), undefined);
  const real = new zlib.Deflate() as unknown as { _handle: { writeSync: (...a: unknown[]) => void; reset: () => void }; _writeState: Uint32Array };
  // _writeState no longer a Uint32Array
  assert.equal(makeFastDeflate(() => ({ _handle: real._handle, _writeState: [0, 0] })), undefined);
  // A handle whose writeSync "succeeds" but produces other bytes (level or format changed).
  const level1 = new zlib.Deflate({ level: 1 });
  assert.equal(makeFastDeflate(() => level1), undefined, 'output differing from deflateSync fails the self-check');
  assert.ok(makeFastDeflate(), 'the real thing passes');
});

test('forced fallback: an engine that throws is dropped for good and deflateSync\'s bytes come out', () => {
  let calls = 0;
  setDeflateEngine(() => {
    calls++;
    throw new TypeError('handle.writeSync is not a function');
  });
  for (const input of inputs) assert.ok(deflate(input).equals(deflateSync(input)));
  assert.equal(calls, 1, 'after the first failure the engine is never called again');
  assert.equal(deflateEngine(), 'public');
});

test('forced fallback: an engine that declines (undefined) defers to deflateSync per call', () => {
  setDeflateEngine(() => undefined);
  for (const input of inputs) assert.ok(deflate(input).equals(deflateSync(input)));
});

test('session cookies are identical with the fast engine and with public deflateSync only', () => {
  const data = { _flashes: [tuple('message', 'Item 3 saved successfully')], _permanent: true, csrf_token: 'a'.repeat(40), user_id: 42 };
  const s = flaskSessionSerializer('secret', { now: () => 1_700_000_000 });
  setDeflateEngine('auto');
  const fast = s.dumps(data);
  setDeflateEngine('public');
  const pub = s.dumps(data);
  assert.ok(fast.startsWith('.'), 'the typical session is compressed');
  assert.equal(fast, pub);
  assert.deepEqual(s.loads(pub), s.loads(fast));
});

test('inflate is inflateSync with maxOutputLength: bombs, truncated and garbage input fail like it', () => {
  const good = [Buffer.from('{"a":1}'), Buffer.from('x'.repeat(5000)), randomBytes(2000)].map((b) => deflateSync(b));
  const bomb = deflateSync(Buffer.alloc(2 * 1024 * 1024, 0x20));
  const truncated = good[1]!.subarray(0, good[1]!.length - 5);
  const garbage = Buffer.from('definitely not zlib');
  for (const z of good) assert.ok(inflate(z, 1 << 20).equals(inflateSync(z)));
  assert.throws(() => inflate(bomb, 1 << 20), RangeError, 'beyond maxOutputLength');
  assert.throws(() => inflate(truncated, 1 << 20), /unexpected end of file/);
  assert.throws(() => inflate(garbage, 1 << 20), /incorrect header check/);
  assert.ok(inflate(good[0]!, 1 << 20).equals(Buffer.from('{"a":1}')), 'still works after errors');
});
