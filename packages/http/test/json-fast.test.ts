import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fastJsonText } from '../src/json-fast.js';
import { dumps, jsonText, Markup } from '../src/index.js';

// A small seeded PRNG (mulberry32) so a failure names a reproducible seed.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UNITS = [
  () => 'a', () => 'Z', () => ' ', () => '"', () => '\\', () => '/', () => '\n', () => '\t', () => '\x01', () => '\x1f',
  () => '\x7f', () => 'é', () => '\u00a0', () => '☃', () => '\u2028', () => '\uffff', () => '\ue000', () => '😀',
  () => '\ud800', () => '\udfff', () => '0', () => '9', () => '<', () => '&',
];

function randomString(r: () => number, max = 8): string {
  let s = '';
  const n = Math.floor(r() * max);
  for (let i = 0; i < n; i++) s += UNITS[Math.floor(r() * UNITS.length)]!();
  return s;
}

function randomKey(r: () => number): string {
  const k = r();
  if (k < 0.1) return String(Math.floor(r() * 20)); // array-index keys
  if (k < 0.15) return ['01', '-1', '1.5', '4294967295', '__proto__', ''][Math.floor(r() * 6)]!;
  return randomString(r, 5);
}

function randomNumber(r: () => number): number {
  const pick = Math.floor(r() * 9);
  switch (pick) {
    case 0: return Math.floor(r() * 1000) - 500;
    case 1: return (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
    case 2: return 2 ** Math.floor(r() * 80);
    case 3: return [NaN, Infinity, -Infinity, -0, 0][Math.floor(r() * 5)]!;
    case 4: return 1e-4 * (1 + Math.floor(r() * 3) - 1) + (r() < 0.5 ? 0 : Number.EPSILON);
    case 5: return Number.MAX_SAFE_INTEGER + Math.floor(r() * 10);
    case 6: return 1e21 * Math.floor(r() * 10);
    default: return Math.round(r() * 1e6) / 100;
  }
}

function randomValue(r: () => number, depth: number): unknown {
  const k = r();
  if (depth > 3 || k < 0.35) {
    const leaf = Math.floor(r() * 10);
    switch (leaf) {
      case 0: case 1: case 2: return randomString(r);
      case 3: case 4: return randomNumber(r);
      case 5: return r() < 0.5;
      case 6: return null;
      case 7: return r() < 0.5 ? undefined : new Date(Math.floor(r() * 2e12));
      case 8: return r() < 0.5 ? BigInt(Math.floor(r() * 1e6)) : new Markup(randomString(r));
      default: return randomString(r, 30);
    }
  }
  if (k < 0.65) {
    const arr: unknown[] = [];
    const n = Math.floor(r() * 5);
    for (let i = 0; i < n; i++) arr.push(randomValue(r, depth + 1));
    if (r() < 0.05) arr.length += 2; // holes
    return arr;
  }
  const obj: Record<string, unknown> = r() < 0.1 ? Object.create(null) : {};
  const n = Math.floor(r() * 6);
  for (let i = 0; i < n; i++) {
    Object.defineProperty(obj, randomKey(r), { value: randomValue(r, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return obj;
}

/** The full encoder's answer, as jsonText would give it without the fast path. */
function full(value: unknown, pretty: boolean, sortKeys = true): string {
  return `${dumps(value, pretty ? { indent: 2, sortKeys } : { separators: [',', ':'], sortKeys })}\n`;
}

function outcome(fn: () => string): string {
  try {
    return fn();
  } catch (err) {
    return `throws ${(err as Error).constructor.name}: ${(err as Error).message}`;
  }
}

test('fast path and full encoder give identical bytes over 20,000 random values', () => {
  let fastHits = 0;
  for (let seed = 1; seed <= 20000; seed++) {
    const r = rng(seed);
    const value = randomValue(r, 0);
    const pretty = r() < 0.3;
    const sortKeys = r() < 0.9;
    const options = { debug: pretty, sortKeys };
    assert.equal(outcome(() => jsonText(value, options)), outcome(() => full(value, pretty, sortKeys)), `seed ${seed}`);
    if (fastJsonText(value, pretty, (k) => k.sort()) !== undefined) fastHits++;
  }
  // The generator must exercise the fast path, not only the fallback.
  assert.ok(fastHits > 4000, `fast path taken ${fastHits} times`);
});

test('plain data takes the fast path; values needing Python semantics fall back', () => {
  const sort = (k: string[]): string[] => k.sort();
  assert.equal(fastJsonText({ b: 'é😀\x7f', a: [1, 2.5, null, true] }, false, sort), '{"a":[1,2.5,null,true],"b":"\\u00e9\\ud83d\\ude00\\u007f"}');
  assert.equal(fastJsonText({ b: [], a: {} }, true, sort), '{\n  "a": {},\n  "b": []\n}');
  for (const value of [{ n: 1e-5 }, { d: new Date(0) }, { m: new Markup('x') }, { b: 1n }, { '2': 1, '10': 2 }, [NaN], 'top', 1]) {
    assert.equal(fastJsonText(value, false, sort), undefined, JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)));
  }
  const cyclic: Record<string, unknown> = {};
  cyclic['self'] = cyclic;
  assert.equal(fastJsonText(cyclic, false, sort), undefined);
  assert.throws(() => jsonText(cyclic), /Circular reference detected/);
});

test('a key named __proto__ is written as a key, not lost', () => {
  const value = JSON.parse('{"__proto__": {"x": 1}, "a": 2}') as unknown;
  assert.equal(jsonText(value), '{"__proto__":{"x":1},"a":2}\n');
});
