import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTuple, MarkupString, tuple, UUID } from '../src/index.js';

test('tuple() marks a frozen array; copies are plain lists again', () => {
  const t = tuple('error', 'Oops');
  assert.ok(isTuple(t));
  assert.deepEqual([...t], ['error', 'Oops']);
  assert.equal(isTuple([...t]), false);
  assert.throws(() => (t as unknown as unknown[]).push(1), TypeError);
});

test('UUID accepts dashed, braced and hex forms; rejects junk', () => {
  assert.equal(new UUID('{12345678-1234-5678-1234-567812345678}').hex, '12345678123456781234567812345678');
  assert.equal(String(new UUID('12345678123456781234567812345678')), '12345678-1234-5678-1234-567812345678');
  assert.throws(() => new UUID('nope'), TypeError);
});

test('MarkupString is duck-typed safe HTML', () => {
  const m = new MarkupString('<em>x</em>');
  assert.equal(m.__html__(), '<em>x</em>');
  assert.equal(`${m}`, '<em>x</em>');
  assert.equal(JSON.stringify({ m }), '{"m":"<em>x</em>"}');
});
