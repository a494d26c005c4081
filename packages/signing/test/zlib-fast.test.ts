import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync, inflateSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { deflate, inflate } from '../src/zlib-fast.js';

test('reused-handle deflate gives deflateSync\'s exact bytes, call after call', () => {
  const inputs = [
    Buffer.from('{"_flashes":[{" t":["message","Hello World"]},{" t":["error","Oops"]}]}'),
    Buffer.from('x'.repeat(200)),
    Buffer.from(''),
    randomBytes(3000),
    Buffer.from(randomBytes(6000).toString('base64')), // larger than the fast path's buffer
    Buffer.from('{"a":1}'),
  ];
  for (let round = 0; round < 3; round++) {
    for (const input of inputs) assert.ok(deflate(input).equals(deflateSync(input)), `length ${input.length}`);
  }
});

test('reused-handle inflate equals inflateSync, and every bad input still fails like it', () => {
  const good = [Buffer.from('{"a":1}'), Buffer.from('x'.repeat(5000)), randomBytes(2000)].map((b) => deflateSync(b));
  const bomb = deflateSync(Buffer.alloc(2 * 1024 * 1024, 0x20));
  const truncated = good[1]!.subarray(0, good[1]!.length - 5);
  const garbage = Buffer.from('definitely not zlib');
  for (let round = 0; round < 3; round++) {
    for (const z of good) assert.ok(inflate(z, 1 << 20).equals(inflateSync(z)));
    assert.throws(() => inflate(bomb, 1 << 20), RangeError, 'beyond maxOutputLength');
    assert.throws(() => inflate(truncated, 1 << 20), /unexpected end of file/);
    assert.throws(() => inflate(garbage, 1 << 20), /incorrect header check/);
    assert.ok(inflate(good[0]!, 1 << 20).equals(Buffer.from('{"a":1}')), 'still works after errors');
  }
});
