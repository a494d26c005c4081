import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BaseConverter,
  RuleMap,
  ValidationError,
  defineConverter,
  formatFloat,
} from '../../src/core/index.js';
import { mapOf, outcome, type Outcome } from './support.js';

const U = '12345678-1234-1234-1234-123456789abc';

describe('built-in converter table (spec §2.2)', () => {
  const map = new RuleMap();
  const rows: [string, string, number, boolean][] = [
    ['/<x>', '[^/]{1,}', 100, true],
    ['/<string(2, 5):x>', '[^/]{2,5}', 100, true],
    ['/<string(length=3):x>', '[^/]{3}', 100, true],
    ['/<any(a, b.c):x>', '(?:a|b\\.c)', 100, true],
    ['/<any():x>', '(?:)', 100, true],
    ['/<path:x>', '[^/].*?', 200, false],
    ['/<int:x>', '\\d+', 50, true],
    ['/<int(signed=True):x>', '-?\\d+', 50, true],
    ['/<float:x>', '\\d+\\.\\d+', 50, true],
    ['/<float(signed=True):x>', '-?\\d+\\.\\d+', 50, true],
    ['/<uuid:x>', '[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}', 100, true],
  ];
  for (const [rule, regex, weight, isolating] of rows) {
    it(`${rule}: regex ${regex}, weight ${weight}`, () => {
      const converter = map.add(rule, { endpoint: rule }).converters.get('x')!;
      assert.equal(converter.regex, regex);
      assert.equal(converter.weight, weight);
      assert.equal(converter.partIsolating ?? true, isolating);
    });
  }
});

describe('matching examples (spec §2.3–§2.7)', () => {
  const map = mapOf([
    ['/i/<int:v>', 'i'],
    ['/si/<int(signed=True):v>', 'si'],
    ['/fd/<int(fixed_digits=4):v>', 'fd'],
    ['/r/<int(min=1, max=10):v>', 'r'],
    ['/f/<float:v>', 'f'],
    ['/sf/<float(signed=True):v>', 'sf'],
    ['/fr/<float(min=0.5, max=2):v>', 'fr'],
    ['/s2/<string(length=2):v>', 's2'],
    ['/smm/<string(minlength=2,maxlength=3):v>', 'smm'],
    ['/u/<uuid:v>', 'u'],
    ['/a/<any(x, "y.z", \'q r\'):v>', 'a'],
    ['/as/<any("a/b", c):v>', 'as'],
    ['/p/<path:v>', 'p'],
    ['/z/<string(minlength=0):v>', 'z'],
    ['/zc/<string(minlength=0):v>/c', 'zc'],
  ]);
  const rows: [string, Outcome][] = [
    ['/z/', ['match', 'z', { v: '' }]], // minlength=0 does match an empty segment (probed on 2.2)
    ['/zc//c', ['match', 'zc', { v: '' }]],
    ['/i/007', ['match', 'i', { v: 7 }]],
    ['/i/0', ['match', 'i', { v: 0 }]],
    ['/i/-1', ['404']],
    ['/i/+1', ['404']],
    ['/i/1_000', ['404']],
    ['/i/2df', ['404']],
    ['/i/١٢', ['404']], // Python would give 12: JS \d is ASCII (documented difference)
    ['/i/9007199254740991', ['match', 'i', { v: 9007199254740991 }]],
    ['/i/99999999999999999999999', ['404']], // beyond MAX_SAFE_INTEGER (documented difference)
    ['/si/-0', ['match', 'si', { v: 0 }]],
    ['/si/-5', ['match', 'si', { v: -5 }]],
    ['/si/--1', ['404']],
    ['/fd/0042', ['match', 'fd', { v: 42 }]],
    ['/fd/42', ['404']],
    ['/fd/12345', ['404']],
    ['/r/1', ['match', 'r', { v: 1 }]],
    ['/r/10', ['match', 'r', { v: 10 }]],
    ['/r/0', ['404']],
    ['/r/11', ['404']],
    ['/f/1.5', ['match', 'f', { v: 1.5 }]],
    ['/f/01.50', ['match', 'f', { v: 1.5 }]],
    ['/f/1', ['404']],
    ['/f/1.', ['404']],
    ['/f/.5', ['404']],
    ['/f/1e5', ['404']],
    ['/f/-1.5', ['404']],
    ['/sf/-1.5', ['match', 'sf', { v: -1.5 }]],
    ['/fr/0.5', ['match', 'fr', { v: 0.5 }]],
    ['/fr/2.0', ['match', 'fr', { v: 2 }]],
    ['/fr/2.01', ['404']],
    ['/s2/ü!', ['match', 's2', { v: 'ü!' }]],
    ['/s2/😀!', ['match', 's2', { v: '😀!' }]], // code points, not UTF-16 units
    ['/s2/abc', ['404']],
    ['/smm/a', ['404']],
    ['/smm/abcd', ['404']],
    ['/smm/abc', ['match', 'smm', { v: 'abc' }]],
    ['/u/12345678-1234-1234-1234-123456789ABC', ['match', 'u', { v: U }]],
    ['/u/12345678123412341234123456789abc', ['404']],
    ['/a/y.z', ['match', 'a', { v: 'y.z' }]],
    ['/a/q r', ['match', 'a', { v: 'q r' }]],
    ['/a/yxz', ['404']],
    ['/as/a/b', ['404']], // `any` stays part-isolating even for an item with `/` (Werkzeug 2.2 and 3.1)
    ['/as/c', ['match', 'as', { v: 'c' }]],
    ['/p/a/b/', ['match', 'p', { v: 'a/b/' }]],
    ['/p/', ['404']],
    ['/p//a', ['redirect', '/p/a', true]],
    ['/p/a\nb', ['404']], // Python's `.` stops at newline
    ['/p/a\rb', ['match', 'p', { v: 'a\rb' }]],
  ];
  for (const [path, expected] of rows) {
    it(`${JSON.stringify(path)} → ${expected[0]}`, () => assert.deepEqual(outcome(map.match(path, 'GET')), expected));
  }
});

describe('converter toUrl (spec §2.3, §2.5, §2.6, §6.3)', () => {
  const map = mapOf([
    ['/i/<int:v>', 'i'],
    ['/fd/<int(fixed_digits=3):v>', 'fd'],
    ['/r/<int(min=1, max=10):v>', 'r'],
    ['/f/<float:v>', 'f'],
    ['/s/<v>', 's'],
    ['/u/<uuid:v>', 'u'],
    ['/a/<any(b, a, \'q r\'):v>', 'a'],
    ['/p/<path:v>', 'p'],
  ]);
  const rows: [string, unknown, string][] = [
    ['i', 3.9, '/i/3'],
    ['i', '42', '/i/42'],
    ['i', true, '/i/1'],
    ['i', 12345678901234567890n, '/i/12345678901234567890'],
    ['fd', 5, '/fd/005'],
    ['fd', -5, '/fd/-05'],
    ['fd', 12345, '/fd/12345'],
    ['r', 50, '/r/50'], // building does not check min/max
    ['f', 1, '/f/1.0'],
    ['f', 3, '/f/3.0'],
    ['f', 0.5, '/f/0.5'],
    ['f', 1e20, '/f/100000000000000000000.0'],
    ['f', 0.00001, '/f/0.00001'],
    ['f', '2.50', '/f/2.5'],
    ['s', 'a/b', '/s/a/b'], // building does not validate
    ['s', '', '/s/'],
    ['s', 'a b/c?d#e%f&g+h;i=j@k:l~ü', '/s/a%20b/c%3Fd%23e%25f&g+h;i=j@k:l~%C3%BC'],
    ['u', 'ABCDEF00-1234-1234-1234-123456789ABC', '/u/ABCDEF00-1234-1234-1234-123456789ABC'],
    ['a', 'q r', '/a/q r'], // any() does not percent-encode (Werkzeug)
    ['p', 'a/b c', '/p/a/b%20c'],
  ];
  for (const [endpoint, value, url] of rows) {
    it(`${endpoint}(${typeof value === 'bigint' ? `${value}n` : JSON.stringify(value)}) → ${url}`, () => {
      assert.equal(map.build(endpoint, { v: value }), url);
    });
  }

  it('lets converter errors other than ValidationError propagate (not BuildError)', () => {
    assert.throws(() => map.build('i', { v: 'abc' }), { name: 'TypeError', message: "invalid literal for int() with base 10: 'abc'" });
    assert.throws(() => map.build('f', { v: 'x' }), { name: 'TypeError', message: "could not convert string to float: 'x'" });
    assert.throws(() => map.build('a', { v: 'zz' }), { name: 'TypeError', message: "'zz' is not one of 'a', 'b', 'q r'" });
  });
});

describe('formatFloat (spec §2.6 recommendation)', () => {
  const rows: [number, string][] = [
    [1, '1.0'], [3, '3.0'], [0.5, '0.5'], [1e20, '100000000000000000000.0'], [1e21, '1000000000000000000000.0'],
    [0.00001, '0.00001'], [1.5e-7, '0.00000015'], [-2.25, '-2.25'], [-0, '-0.0'], [123.456, '123.456'],
    [Number.NaN, 'nan'], [Infinity, 'inf'], [-Infinity, '-inf'],
  ];
  for (const [value, text] of rows) it(`${value} → ${text}`, () => assert.equal(formatFloat(value), text));
  it('round-trips through the float converter for exponent-range values', () => {
    const map = mapOf([['/f/<float:v>', 'f']]);
    for (const v of [1e-7, 1e22, 123456789.125]) {
      const result = map.match(map.build('f', { v }), 'GET');
      assert.deepEqual(outcome(result), ['match', 'f', { v }]);
    }
  });
});

describe('custom converters (spec §2.1)', () => {
  class EvenConverter extends BaseConverter {
    override regex = '\\d+';
    override weight = 10;
    override toPython(value: string): number {
      const n = Number(value);
      if (n % 2) throw new ValidationError();
      return n;
    }
    override toUrl(value: unknown): string {
      if (Number(value) % 2) throw new ValidationError();
      return String(value);
    }
  }

  it('uses the regex, weight and toPython; ValidationError → 404 without falling through (§3.4)', () => {
    const map = mapOf([['/<even:n>', 'even'], ['/<int:n>', 'int']], { converters: { even: EvenConverter } });
    assert.deepEqual(outcome(map.match('/4', 'GET')), ['match', 'even', { n: 4 }]);
    assert.deepEqual(outcome(map.match('/3', 'GET')), ['404']);
  });

  it('skips a rule whose toUrl raises ValidationError when building', () => {
    const map = mapOf([['/even/<even:n>', 'num'], ['/odd/<int:n>', 'num']], { converters: { even: EvenConverter } });
    assert.equal(map.build('num', { n: 4 }), '/even/4');
    assert.equal(map.build('num', { n: 3 }), '/odd/3');
  });

  it('infers partIsolating=false from an own regex containing `/`', () => {
    class Slashy extends BaseConverter {
      override regex = '[a-z]+/[a-z]+';
    }
    class Plain extends BaseConverter {
      override regex = '[^/]+';
    }
    const map = mapOf([['/s/<slashy:v>/end', 's'], ['/p/<plain:v>', 'p']], { converters: { slashy: Slashy, plain: Plain } });
    assert.deepEqual(outcome(map.match('/s/ab/cd/end', 'GET')), ['match', 's', { v: 'ab/cd' }]);
    assert.deepEqual(outcome(map.match('/p/a/b', 'GET')), ['404']);
    assert.deepEqual(outcome(map.match('/p/ab', 'GET')), ['match', 'p', { v: 'ab' }]);
  });

  it('accepts capturing groups inside a custom regex', () => {
    const Pair = defineConverter({ regex: '(\\d+)-(\\d+)', toPython: (v) => v.split('-').map(Number) });
    const map = mapOf([['/r/<pair:r>.<int:n>', 'r']], { converters: { pair: Pair } });
    assert.deepEqual(outcome(map.match('/r/1-2.3', 'GET')), ['match', 'r', { r: [1, 2], n: 3 }]);
  });

  it('defineConverter builds a converter class from plain functions', () => {
    const Bool = defineConverter({ regex: 'yes|no', toPython: (v) => v === 'yes', toUrl: (v: boolean) => (v ? 'yes' : 'no') });
    const map = mapOf([['/flag/<bool:on>', 'flag']], { converters: { bool: Bool } });
    assert.deepEqual(outcome(map.match('/flag/yes', 'GET')), ['match', 'flag', { on: true }]);
    assert.deepEqual(outcome(map.match('/flag/maybe', 'GET')), ['404']);
    assert.equal(map.build('flag', { on: false }), '/flag/no');
  });

  it('receives parsed arguments in its constructor', () => {
    class Prefixed extends BaseConverter {
      readonly prefix: string;
      constructor(map: unknown, args: readonly unknown[] = []) {
        super(map);
        this.prefix = String(args[0]);
        this.regex = `${this.prefix}[0-9]+`;
      }
    }
    const map = mapOf([['/<pre("id"):v>', 'v']], { converters: { pre: Prefixed as never } });
    assert.deepEqual(outcome(map.match('/id42', 'GET')), ['match', 'v', { v: 'id42' }]);
    assert.deepEqual(outcome(map.match('/xx42', 'GET')), ['404']);
  });

  it('lets other converter exceptions propagate (Werkzeug → 500)', () => {
    const Boom = defineConverter({ toPython: () => { throw new RangeError('boom'); } });
    const map = mapOf([['/<boom:v>', 'v']], { converters: { boom: Boom } });
    assert.throws(() => map.match('/x', 'GET'), { name: 'RangeError' });
  });
});
