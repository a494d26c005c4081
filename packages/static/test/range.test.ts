import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRange, rangeForLength } from '../src/range.js';

function slice(header: string, length = 20): [number, number] | null {
  const parsed = parseRange(header);
  const range = parsed === null ? null : rangeForLength(parsed, length);
  return range === null ? null : [range.start, range.end];
}

// Spec §9.4 table (length 20); null = 416.
const cases: Array<[string, [number, number] | null]> = [
  ['bytes=0-4', [0, 5]],
  ['bytes=-3', [17, 20]],
  ['bytes=15-', [15, 20]],
  ['bytes=15-100', [15, 20]],
  ['bytes=0-0', [0, 1]],
  ['bytes=-0', [0, 20]],
  ['BYTES=0-4', [0, 5]],
  ['bytes= 0-4', [0, 5]],
  ['bytes=30-40', null],
  ['bytes=20-', null],
  ['bytes=0-1,5-6', null],
  ['items=0-1', null],
  ['bytes=a-b', null],
  ['bytes=5-2', null],
  ['bytes=-', null],
  ['bytes=0-4,', null],
  ['bytes=-100', null],
  ['bytes=1', null],
  ['bytes', null],
  ['', null],
  ['bytes=0x1-2', null],
  ['bytes=+1-2', null],
  ['bytes=1-2-3', null],
  ['bytes=5-6,0-1', null],
];
for (const [header, expected] of cases) {
  test(`Range: ${JSON.stringify(header)} on 20 bytes → ${expected ? `[${expected}]` : '416'}`, () => {
    assert.deepEqual(slice(header), expected);
  });
}

test('parseRange keeps every range and refuses overlapping or unordered lists', () => {
  assert.deepEqual(parseRange('bytes=0-1, 5-6, -3'), {
    units: 'bytes',
    ranges: [{ begin: 0, end: 2 }, { begin: 5, end: 7 }, { begin: -3, end: null }],
  });
  assert.equal(parseRange('bytes=5-6,0-1'), null);
  assert.equal(parseRange('bytes=-3,0-1'), null);
});
