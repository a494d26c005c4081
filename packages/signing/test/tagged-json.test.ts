import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadPayload, isTuple, MarkupString, TaggedJSONSerializer, taggedJSON, tuple, UUID } from '../src/index.js';

test('each Flask tag round-trips', () => {
  const value = {
    t: tuple(1, 'two', tuple(3)),
    b: Buffer.from('ff0062696e617279', 'hex'),
    m: { __html__: () => '<b>bold</b>' },
    u: new UUID('12345678-1234-5678-1234-567812345678'),
    d: new Date('2021-02-01T07:15:03Z'),
  };
  const text = taggedJSON.dumps(value);
  assert.equal(text, '{"b":{" b":"/wBiaW5hcnk="},"d":{" d":"Mon, 01 Feb 2021 07:15:03 GMT"},"m":{" m":"<b>bold</b>"},"t":{" t":[1,"two",{" t":[3]}]},"u":{" u":"12345678123456781234567812345678"}}');
  const back = taggedJSON.loads(text) as Record<string, unknown>;
  assert.ok(isTuple(back.t) && isTuple((back.t as unknown[])[2]));
  assert.ok(Buffer.isBuffer(back.b));
  assert.ok(back.m instanceof MarkupString && back.m.__html__() === '<b>bold</b>');
  assert.ok(back.u instanceof UUID && back.u.toString() === '12345678-1234-5678-1234-567812345678');
  assert.equal((back.d as Date).toISOString(), '2021-02-01T07:15:03.000Z');
});

test('tag look-alike dicts are escaped with " di" and come back unchanged', () => {
  const text = taggedJSON.dumps({ x: { ' t': 'not-a-tuple' }, y: { ' di': 1 }, z: { ' t': 1, k: 2 } });
  assert.equal(text, '{"x":{" di":{" t__":"not-a-tuple"}},"y":{" di":{" di__":1}},"z":{" t":1,"k":2}}');
  // Loaded objects have a null prototype (see python-json), so compare their JSON.
  assert.equal(JSON.stringify(taggedJSON.loads(text)), JSON.stringify({ x: { ' t': 'not-a-tuple' }, y: { ' di': 1 }, z: { ' t': 1, k: 2 } }));
});

test('malformed tag contents from a foreign producer are BadPayload, not crashes', () => {
  for (const bad of ['{" t":5}', '{" b":7}', '{" m":{}}', '{" u":"zz"}', '{" d":"not a date"}', '{" di":3}']) {
    assert.throws(() => taggedJSON.loads(bad), BadPayload, bad);
  }
});

test('tuples are frozen arrays; plain arrays stay lists', () => {
  const t = tuple('message', 'hi');
  assert.ok(Object.isFrozen(t));
  assert.equal(taggedJSON.dumps([t, ['a']]), '[{" t":["message","hi"]},["a"]]');
  assert.equal(isTuple(['a']), false);
});

test('register adds a custom tag; duplicates need force', () => {
  const s = new TaggedJSONSerializer();
  const big = { key: ' n', check: (v: unknown) => typeof v === 'bigint', toJSON: (v: unknown) => String(v), toValue: (v: unknown) => BigInt(v as string) };
  s.register(big, { index: 0 });
  assert.equal(s.dumps({ v: 5n }), '{"v":{" n":"5"}}');
  assert.equal((s.loads('{"v":{" n":"5"}}') as { v: bigint }).v, 5n);
  assert.throws(() => s.register(big), { message: "Tag ' n' is already registered." });
  s.register(big, { force: true });
});

test('a __proto__ key survives tagging and loading without touching prototypes', () => {
  const data = JSON.parse('{"__proto__":{"admin":true}}') as object;
  const text = taggedJSON.dumps(data);
  assert.equal(text, '{"__proto__":{"admin":true}}');
  const back = taggedJSON.loads(text) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(back), null);
  assert.equal(({} as Record<string, unknown>).admin, undefined);
});
