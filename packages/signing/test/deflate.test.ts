import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { deflate } from '../src/deflate.js';

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
