import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { requireService } from '../../../test/support/services.js';
import { dumps, jsonify, jsonText, Markup } from '../src/index.js';
import { fixtures } from './support/fixtures.js';

// The same values the fixture script serialised with real Flask (JS has no int/float split,
// so Python's 1.0 is not among them).
const cases: Record<string, unknown> = {
  dict: { b: 1, a: [1, 2], é: 'ü' },
  nested: { z: { y: [], x: {} }, a: [{ c: null, b: true }], s: `☃<>&'"\\\n\t\x01\x7f`, emoji: '😀' },
  sorting: { '10': 1, '2': 2, B: 3, a: 4, '\uffff': 5, '😀': 6 },
  date: { dt: new Date(Date.UTC(2021, 1, 1, 7, 15, 3, 123)), d: new Date(Date.UTC(2020, 0, 2)) },
  big: { big: 10n ** 20n, neg: -3, f: 1.5 },
  list: [1, 'two', null],
  string: 'plain',
  none: null,
  nan: { n: NaN, i: Infinity, m: -Infinity },
  markup: { m: new Markup('<b>x</b>') },
};

test('jsonify output matches Flask byte for byte, compact and debug', () => {
  for (const [name, value] of Object.entries(cases)) {
    for (const debug of [false, true]) {
      const rec = fixtures.jsonify[`${name}${debug ? ' debug' : ''}`]!;
      const res = jsonify(value, { debug });
      assert.equal(res.body, rec.body, `${name} debug=${debug}`);
      assert.equal(res.status, 200);
      assert.equal(res.getHeader('Content-Type'), 'application/json');
    }
  }
});

test('compact overrides debug; sortKeys/ensureAscii/mimetype options', () => {
  assert.equal(jsonText({ a: [1] }, { debug: true, compact: true }), '{"a":[1]}\n');
  assert.equal(jsonText({ a: [1] }, { compact: false }), '{\n  "a": [\n    1\n  ]\n}\n');
  assert.equal(jsonText({ b: 1, a: 'é' }, { sortKeys: false, ensureAscii: false }), '{"b":1,"a":"é"}\n');
  assert.equal(jsonify(1, { mimetype: 'application/vnd.api+json' }).getHeader('content-type'), 'application/vnd.api+json');
  assert.equal(jsonify().body, 'null\n');
});

test('undefined: skipped in objects, null in arrays and at top level', () => {
  assert.equal(jsonText({ a: undefined, b: 1 }), '{"b":1}\n');
  assert.equal(jsonText([undefined]), '[null]\n');
  assert.equal(jsonText(undefined), 'null\n');
});

test('toJSON is honoured; Python json.dumps default separators for dumps()', () => {
  assert.equal(jsonText({ x: { toJSON: () => ({ y: 1 }) } }), '{"x":{"y":1}}\n');
  assert.equal(dumps({ b: [1, 2], a: 'x' }), '{"a": "x", "b": [1, 2]}');
});

test('values Flask cannot serialise raise TypeError', () => {
  class Point {
    x = 1;
  }
  const bad: Array<[unknown, RegExp]> = [
    [{ f: () => 1 }, /Object of type function is not JSON serializable/],
    [{ s: Symbol('x') }, /symbol/],
    [new Map([['a', 1]]), /Object of type Map is not JSON serializable/],
    [new Set([1]), /Set/],
    [new Point(), /Object of type Point/],
    [Buffer.from('x'), /Buffer/],
    [new Date(NaN), /invalid date/],
  ];
  for (const [value, message] of bad) assert.throws(() => jsonify(value), message);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => jsonify(cyclic), /Circular reference/);
  // The same object twice (not a cycle) is fine.
  const shared = { a: 1 };
  assert.equal(jsonText([shared, shared]), '[{"a":1},{"a":1}]\n');
});

test('null-prototype objects serialise like plain objects', () => {
  const o = Object.create(null) as Record<string, number>;
  o.b = 2;
  o.a = 1;
  assert.equal(jsonText(o), '{"a":1,"b":2}\n');
});

test('numbers are written as Python writes ints and float reprs', () => {
  // Expected strings from /usr/bin/python3 -c "import json; print(json.dumps([...]))" with the
  // same values (ints for the integral ones; 1.7976931348623157e308 and 1.23456789012345680000e20
  // are Python floats there, which JavaScript cannot tell from ints).
  const values = [0.00001, 1.5e-7, 123456789012345680000.5, 0.1, 1.5, 1e-4, 1.7976931348623157e308, 5e-324, -0.0001234, 3.14159, 123.456, 1e15 + 0.5];
  assert.equal(
    dumps(values),
    '[1e-05, 1.5e-07, 123456789012345680000, 0.1, 1.5, 0.0001, 1.7976931348623157e+308, 5e-324, -0.0001234, 3.14159, 123.456, 1000000000000000.5]',
  );
  assert.equal(dumps([-0, 7, -12, 2 ** 53]), '[0, 7, -12, 9007199254740992]');
});

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

/**
 * A deliberately naive encoder with Python's rules, sharing no code with `dumps` except number
 * leaves (those are compared with Python in the fixtures and in the test below): it guards the
 * encoder's caches and shortcuts (sorted-key cache, quoted-key cache, shallow cycle tracking).
 */
function reference(value: unknown, pretty: boolean, sortKeys: boolean, depth = 0, seen: object[] = []): string {
  const str = (s: string): string => {
    let out = '"';
    for (const ch of s.split('')) {
      const c = ch.charCodeAt(0);
      const short: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
      if (short[ch] !== undefined) out += short[ch];
      else if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, '0')}`;
      else out += ch;
    }
    return `${out}"`;
  };
  if (typeof value === 'string') return str(value);
  if (value instanceof Markup) return str(value.__html__());
  if (value instanceof Date) return str(value.toUTCString());
  if (value === null || typeof value !== 'object') return dumps(value);
  if (seen.includes(value)) throw new TypeError('Circular reference detected');
  const inner = pretty ? `\n${'  '.repeat(depth + 1)}` : '';
  const outer = pretty ? `\n${'  '.repeat(depth)}` : '';
  const next = [...seen, value];
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${inner}${Array.from(value, (v) => reference(v, pretty, sortKeys, depth + 1, next)).join(`,${inner}`)}${outer}]`;
  }
  const byCodePoint = (x: string, y: string): number => {
    const p = Array.from(x, (c) => c.codePointAt(0)!);
    const q = Array.from(y, (c) => c.codePointAt(0)!);
    for (let i = 0; i < Math.min(p.length, q.length); i++) if (p[i] !== q[i]) return p[i]! - q[i]!;
    return p.length - q.length;
  };
  const keys = Object.keys(value);
  if (sortKeys) keys.sort(byCodePoint);
  const items = keys
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${str(k)}${pretty ? ': ' : ':'}${reference((value as Record<string, unknown>)[k], pretty, sortKeys, depth + 1, next)}`);
  return items.length === 0 ? '{}' : `{${inner}${items.join(`,${inner}`)}${outer}}`;
}

function outcome(fn: () => string): string {
  try {
    return fn();
  } catch (err) {
    return `throws ${(err as Error).constructor.name}: ${(err as Error).message}`;
  }
}

test('jsonText equals a naive reference encoder over 8,000 random values (compact and debug)', () => {
  for (let seed = 1; seed <= 8000; seed++) {
    const r = rng(seed);
    const value = randomValue(r, 0);
    const pretty = r() < 0.3;
    const sortKeys = r() < 0.9;
    assert.equal(
      outcome(() => jsonText(value, { debug: pretty, sortKeys })),
      outcome(() => `${value === undefined ? 'null' : reference(value, pretty, sortKeys)}\n`),
      `seed ${seed}`,
    );
  }
});

test('a key named __proto__ is written as a key, not lost', () => {
  const value = JSON.parse('{"__proto__": {"x": 1}, "a": 2}') as unknown;
  assert.equal(jsonText(value), '{"__proto__":{"x":1},"a":2}\n');
});

/** Values real JSON can carry to Python unchanged (no NaN, dates, markup, BigInt or undefined). */
function portable(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : 0;
  if (Array.isArray(value)) return Array.from(value, (v) => (v === undefined ? null : portable(v)));
  if (value instanceof Date || value instanceof Markup) return 'x';
  if (typeof value === 'bigint') return Number(value);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      Object.defineProperty(out, k, { value: portable(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value === undefined ? null : value;
}

test('jsonText equals real Python json.dumps(sort_keys=True) over 1,500 random values', (t) => {
  if (!requireService(t, 'flask')) return;
  const values: unknown[] = [];
  for (let seed = 1; seed <= 1500; seed++) values.push(portable(randomValue(rng(seed), 0)));
  // Python reads each value from JSON (integral numbers become ints, others floats: the same
  // split the encoder makes) and writes it back as Flask's provider does.
  const script = [
    'import json, sys',
    'for line in sys.stdin:',
    '    v = json.loads(line)',
    '    compact = json.dumps(v, sort_keys=True, ensure_ascii=True, separators=(",", ":"))',
    '    pretty = json.dumps(v, sort_keys=True, ensure_ascii=True, indent=2)',
    '    print(json.dumps([compact, pretty]))',
  ].join('\n');
  const input = values.map((v) => JSON.stringify(v)).join('\n') + '\n';
  const run = spawnSync('/usr/bin/python3', ['-c', script], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines.length, values.length);
  lines.forEach((line, i) => {
    const [compact, pretty] = JSON.parse(line) as [string, string];
    assert.equal(jsonText(values[i]), `${compact}\n`, `seed ${i + 1}`);
    assert.equal(jsonText(values[i], { debug: true }), `${pretty}\n`, `seed ${i + 1} (debug)`);
  });
});

test('the sorted-key cache never mixes up objects with the same number of keys', () => {
  const shapes = [{ b: 1, a: 2 }, { d: 3, c: 4 }, { a: 5, b: 6 }, { b: 7, c: 8 }];
  for (let round = 0; round < 3; round++) {
    assert.equal(dumps(shapes, { separators: [',', ':'] }), '[{"a":2,"b":1},{"c":4,"d":3},{"a":5,"b":6},{"b":7,"c":8}]');
    assert.equal(jsonText(shapes.map((o) => ({ ...o, when: new Date(0) }))).startsWith('[{"a":2,"b":1,"when":'), true);
  }
});

test('cycles are reported at any depth, through arrays and toJSON, like Python', () => {
  const shallow: Record<string, unknown> = {};
  shallow['me'] = shallow;
  let deep: unknown[] = [];
  const bottom = deep;
  for (let i = 0; i < 40; i++) deep = [deep];
  bottom.push(deep);
  const selfJson = { toJSON(): unknown { return selfJson; } };
  const viaJson = { toJSON(): unknown { return { again: viaJson }; } };
  for (const value of [shallow, deep, selfJson, viaJson, [{ d: new Date(0), self: shallow }]]) {
    assert.throws(() => jsonText(value), /Circular reference detected/);
    assert.throws(() => dumps(value), /Circular reference detected/);
  }
  const shared = { x: 1 };
  assert.equal(jsonText([shared, shared, { a: shared }]), '[{"x":1},{"x":1},{"a":{"x":1}}]\n', 'a shared object is not a cycle');
});
