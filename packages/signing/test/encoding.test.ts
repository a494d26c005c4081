import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadData, base64Decode, base64Encode, bytesToInt, intToBytes, wantBytes } from '../src/index.js';

test('timestamps use minimal big-endian bytes', () => {
  assert.equal(base64Encode(intToBytes(1700000000)), 'ZVPxAA');
  assert.equal(base64Encode(intToBytes(2 ** 32)), 'AQAAAAA');
  assert.equal(base64Encode(intToBytes(0)), '');
  assert.equal(bytesToInt(base64Decode('ZVPxAA')), 1700000000);
  assert.equal(bytesToInt(Buffer.alloc(0)), 0);
  assert.throws(() => bytesToInt(Buffer.alloc(9, 1)), BadData);
  assert.throws(() => intToBytes(-1), RangeError);
});

test('base64 decoding tolerates padding and +/ like Python, rejects garbage', () => {
  assert.deepEqual(base64Decode('_w'), Buffer.from([0xff]));
  assert.deepEqual(base64Decode('/w=='), Buffer.from([0xff]));
  assert.throws(() => base64Decode('ab$c'), BadData);
  assert.throws(() => base64Decode('abcde'), BadData);
  assert.equal(base64Encode(Buffer.from([0xfb, 0xff])), '-_8');
});

test('keys: text is UTF-8, bytes are used as-is', () => {
  assert.deepEqual(wantBytes('clé'), Buffer.from('636cc3a9', 'hex'));
  assert.deepEqual(wantBytes(new Uint8Array([1, 2])), Buffer.from([1, 2]));
});
