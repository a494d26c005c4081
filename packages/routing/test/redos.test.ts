import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RuleMap } from '../src/core/index.js';
import { takeSteps } from '../src/core/steps.js';

// ReDoS guard: pathological rules against adversarial paths must cost O(path length). The core
// counts its work (characters scanned, table cells, states visited) in `steps`; we compare the
// counts for inputs of length n and 4n instead of timing anything. A backtracking regex would
// show ratios of 16× (quadratic) to 256× (quartic) here.

const N = 1_000;

function cost(map: RuleMap, path: string): { steps: number; kind: string } {
  takeSteps();
  const { kind } = map.match(path, 'GET');
  return { steps: takeSteps(), kind };
}

const cases: [name: string, rules: string[], path: (n: number) => string, kind: string][] = [
  ['five converters split by dashes', ['/<a>-<b>-<c>-<d>-<e>/end'], (n) => `/${'-'.repeat(n)}/x`, 'notFound'],
  ['five converters, almost matching', ['/<a>-<b>-<c>-<d>-<e>!'], (n) => `/${'a-'.repeat(n)}`, 'notFound'],
  ['adjacent strings with minlength', ['/<string(minlength=2):a><string(minlength=2):b><string(minlength=2):c>!'], (n) => `/${'a'.repeat(n)}`, 'notFound'],
  ['adjacent ints', ['/<int:a><int:b><int:c>x'], (n) => `/${'1'.repeat(n)}y`, 'notFound'],
  ['floats separated by dots', ['/<float:a>.<float:b>.<float:c>!'], (n) => `/${'1.'.repeat(n)}1`, 'notFound'],
  ['three path converters', ['/<path:a>/<path:b>/<path:c>/end'], (n) => `${'/a'.repeat(n)}/x`, 'notFound'],
  ['path converters split by dots', ['/f/<path:a>.<path:b>.<path:c>!'], (n) => `/f/${'a.'.repeat(n)}`, 'notFound'],
  ['path rule ending in a slash', ['/p/<path:a>/<path:b>/'], (n) => `/p/${'a/'.repeat(n)}/`, 'redirect'],
  ['any() with prefix items', ['/<any(a, aa, aaa):a><any(a, aa, aaa):b><any(a, aa, aaa):c>b'], (n) => `/${'a'.repeat(n)}`, 'notFound'],
  ['uuid run', ['/<uuid:a>-<uuid:b>!'], (n) => `/${'12345678-1234-1234-1234-123456789abc-'.repeat(Math.ceil(n / 37))}`, 'notFound'],
  ['deep dynamic rules vs many segments', ['/<a>/<b>/<c>/<d>/<e>/<f>/end', '/<a>/<b>/<c>/<d>/<e>/<f>/<g>'], (n) => '/x'.repeat(n), 'notFound'],
  ['slash runs (merge pass)', ['/a/b', '/<path:p>/end'], (n) => `/a${'/'.repeat(n)}c`, 'notFound'],
  ['mixed static and dynamic alternatives', ['/<a>-x', '/<a>-<b>-y', '/<a>.<b>-<c>', '/<path:p>-z'], (n) => `/${'-.'.repeat(n)}`, 'match'],
];

describe('matching stays linear in the path length (ReDoS)', () => {
  for (const [name, rules, path, kind] of cases) {
    it(name, () => {
      const map = new RuleMap();
      rules.forEach((rule, i) => map.add(rule, { endpoint: `e${i}` }));
      const small = cost(map, path(N));
      const large = cost(map, path(4 * N));
      assert.equal(small.kind, kind);
      assert.equal(large.kind, kind);
      const ratio = large.steps / small.steps;
      assert.ok(ratio < 4.6, `steps grew ${ratio.toFixed(2)}× for 4× input (${small.steps} → ${large.steps})`);
      assert.ok(large.steps < 200 * path(4 * N).length, `${large.steps} steps for ${path(4 * N).length} characters`);
    });
  }
});

describe('matching is nearly flat in the number of rules', () => {
  function mapWith(count: number): RuleMap {
    const map = new RuleMap();
    for (let i = 0; i < count; i++) {
      map.add(`/static${i}/page`, { endpoint: `s${i}`, methods: ['GET'] });
      map.add(`/typed${i}/<int:id>/<slug>`, { endpoint: `t${i}`, methods: ['GET'] });
    }
    return map;
  }
  it('1,000 routes cost at most 2× the steps of 10 routes (last route requested)', () => {
    for (const [path10, path1000] of [
      ['/static9/page', '/static999/page'],
      ['/typed9/42/hello', '/typed999/42/hello'],
      ['/nothing/here', '/nothing/here'],
    ] as const) {
      const few = cost(mapWith(10), path10);
      const many = cost(mapWith(1000), path1000);
      assert.equal(few.kind, many.kind);
      assert.ok(many.steps <= 2 * few.steps, `${path1000}: ${many.steps} steps vs ${few.steps}`);
    }
  });
});

describe('many rules sharing a trie state', () => {
  // Audit finding: 1,000 rules `/p/<a>-<b>-<i>x` each ran the full multi-converter match on a
  // 4 KB path (24 million steps, ~0.5 s per request). A literal pre-check now rejects the parts
  // whose static text cannot occur in the segment before any table is built.
  it('parts that differ only in static text are rejected without a full match', () => {
    const map = new RuleMap();
    for (let i = 0; i < 1_000; i++) map.add(`/p/<a>-<b>-${i}x`, { endpoint: `e${i}` });
    const miss = `/p/${'a-'.repeat(2_000)}zz`;
    const { steps, kind } = cost(map, miss);
    assert.equal(kind, 'notFound');
    assert.ok(steps < 3 * miss.length, `${steps} steps for ${miss.length} characters`);
    const hit = `/p/${'a-'.repeat(2_000)}7x`;
    const found = map.match(hit, 'GET');
    assert.equal(found.kind, 'match');
    assert.equal(found.kind === 'match' && found.rule.endpoint, 'e7');
    // Python's greedy `[^/]{1,}`: `a` takes all it can, `b` the last chunk.
    assert.deepEqual(found.kind === 'match' && found.params, { a: `${'a-'.repeat(1_998)}a`, b: 'a' });
  });
});
