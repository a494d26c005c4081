import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AnyConverter,
  FloatConverter,
  IntegerConverter,
  PathConverter,
  UUIDConverter,
  UnicodeConverter,
  type BaseConverter,
} from '../../src/core/index.js';
import { escapeRegex } from '../../src/core/converters.js';
import { DynamicPart, type PartToken } from '../../src/core/part-matcher.js';

// The backtracking-free matcher must capture exactly what a backtracking regex (Python's `re`,
// here V8's with Python's `.` ≙ `[^\n]`) captures. Differential test over random parts/targets.

let seed = 7;
const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), Math.floor((seed / 2147483648) * n));

const converters: (() => BaseConverter)[] = [
  () => new UnicodeConverter(null),
  () => new UnicodeConverter(null, [2]),
  () => new UnicodeConverter(null, [], { length: 2 }),
  () => new UnicodeConverter(null, [1, 3]),
  () => new IntegerConverter(null),
  () => new IntegerConverter(null, [], { signed: true }),
  () => new FloatConverter(null),
  () => new FloatConverter(null, [], { signed: true }),
  () => new AnyConverter(null, ['a', 'ab', '1']),
  () => new PathConverter(null),
  () => new UUIDConverter(null),
];
const lits = ['-', '.', 'a', '/', 'x/', '1'];
const alphabet = ['a', 'b', '1', '2', '-', '.', '/', '\n', '😀', 'ab'];

function sample(converter: BaseConverter): string {
  const pick = (chars: string[], n: number): string => Array.from({ length: n }, () => chars[rand(chars.length)]).join('');
  const digits = ['0', '1', '9'];
  switch (converter.constructor) {
    case IntegerConverter: return (rand(4) ? '' : '-') + pick(digits, 1 + rand(3));
    case FloatConverter: return (rand(4) ? '' : '-') + pick(digits, 1 + rand(2)) + '.' + pick(digits, 1 + rand(2));
    case AnyConverter: return ['a', 'ab', '1'][rand(3)]!;
    case UUIDConverter: return '12345678-1234-1234-1234-123456789ABC';
    case PathConverter: return pick(['a', '/', '-', '.', '1', '😀'], 1 + rand(5));
    default: return pick(['a', 'b', '-', '.', '1', '😀'], 1 + rand(4));
  }
}

function reference(tokens: PartToken[]): RegExp {
  let n = 0;
  const source = tokens
    .map((t) => {
      if (t.kind === 'lit') return escapeRegex(t.text);
      if (t.kind === 'slashSuffix') return '(?<!\\/)(?<sfx>\\/?)';
      const regex = t.converter.regex === '[^/].*?' ? '[^/][^\\n]*?' : t.converter.regex;
      return `(?<g${n++}>${regex})`;
    })
    .join('');
  return new RegExp(`^(?:${source})$`, 'u');
}

describe('DynamicPart equals a backtracking regex', () => {
  it('on 20,000 random parts and targets', () => {
    for (let round = 0; round < 20_000; round++) {
      const tokens: PartToken[] = [];
      const count = 1 + rand(4);
      for (let i = 0; i < count; i++) {
        if (rand(2)) tokens.push({ kind: 'lit', text: lits[rand(lits.length)]! });
        tokens.push({ kind: 'conv', converter: converters[rand(converters.length)]!() });
      }
      if (rand(3) === 0) tokens.push({ kind: 'lit', text: lits[rand(lits.length)]! });
      const merged: PartToken[] = [];
      for (const t of tokens) {
        const prev = merged[merged.length - 1];
        if (t.kind === 'lit' && prev?.kind === 'lit') merged[merged.length - 1] = { kind: 'lit', text: prev.text + t.text };
        else merged.push(t);
      }
      if (rand(4) === 0 && merged[merged.length - 1]?.kind === 'conv') merged.push({ kind: 'slashSuffix' });
      const part = new DynamicPart(`k${round}`, merged, true);
      const re = reference(merged);
      let target = '';
      if (rand(4) === 0) {
        for (let j = rand(12); j > 0; j--) target += alphabet[rand(alphabet.length)];
      } else {
        // Mostly near-misses and ambiguous hits: a sample of every token, sometimes perturbed.
        for (const t of merged) target += t.kind === 'lit' ? t.text : t.kind === 'conv' ? sample(t.converter) : rand(2) ? '/' : '';
        if (rand(3) === 0) {
          const at = rand(target.length + 1);
          target = target.slice(0, at) + alphabet[rand(alphabet.length)] + target.slice(at + rand(2));
        }
      }

      const values: string[] = [];
      const got = part.exec(target, values);
      const m = re.exec(target);
      const label = `${re.source} on ${JSON.stringify(target)}`;
      if (!m) {
        assert.equal(got, -1, label);
        continue;
      }
      const expected = Object.entries(m.groups!).filter(([k]) => k.startsWith('g')).map(([, v]) => v);
      assert.deepEqual(values, expected, label);
      assert.equal(got, m.groups!.sfx === '/' ? 1 : 0, label);
    }
  });
});

describe('DynamicPart strategy', () => {
  const conv = (c: BaseConverter): PartToken => ({ kind: 'conv', converter: c });
  it('never hands built-in converters to a backtracking RegExp', () => {
    const tokens: PartToken[] = [conv(new UnicodeConverter(null)), { kind: 'lit', text: '-' }, conv(new PathConverter(null)), { kind: 'slashSuffix' }];
    assert.equal(new DynamicPart('a', tokens, true).strategy, 'dp');
    assert.equal(new DynamicPart('b', [conv(new IntegerConverter(null))], false).strategy, 'affix');
  });
  it('uses a RegExp only for custom regexes in multi-converter parts', () => {
    const custom = new UnicodeConverter(null);
    custom.regex = '[a-z]+';
    assert.equal(new DynamicPart('c', [conv(custom), { kind: 'lit', text: '-' }, conv(new UnicodeConverter(null))], false).strategy, 'regex');
    assert.equal(new DynamicPart('d', [{ kind: 'lit', text: 'x' }, conv(custom)], false).strategy, 'affix');
  });
});
