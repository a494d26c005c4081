import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConverterArgs } from '../../src/core/index.js';

// Spec §1.3: Werkzeug 3.1 `parse_converter_args`, row by row.
describe('parseConverterArgs (spec §1.3)', () => {
  const rows: [string, unknown[], Record<string, unknown>][] = [
    ['', [], {}],
    [' ', [], {}],
    ['1, 2', [1, 2], {}],
    ['minlength=2', [], { minlength: 2 }],
    ['length = 2', [], { length: 2 }],
    ['a, b, "c,d"', ['a', 'b', 'c,d'], {}],
    ['x=1, 2', [2], { x: 1 }],
    ['True, False, None', [true, false, null], {}],
    ['1.5', [1.5], {}],
    ['3.', [3], {}],
    ['"2"', ['2'], {}],
    ["u'x', R\"y\"", ['x', 'y'], {}],
    ['a, b, c,', ['a', 'b', 'c'], {}],
    ['1,', ['1,'], {}],
    ['1_000', [1000], {}],
    ['y.z', ['y.z'], {}],
    ['a, "', ['a'], {}],
  ];
  for (const [text, args, kwargs] of rows) {
    it(`parses ${JSON.stringify(text)}`, () => {
      const parsed = parseConverterArgs(text);
      assert.deepEqual(parsed.args, args);
      assert.deepEqual({ ...parsed.kwargs }, kwargs);
    });
  }

  const rejected: [string, string][] = [
    ['min=0;max=500', 'min=0;'],
    ['-1', '-'],
    ['min=-1', 'min='],
    ['foo-bar', 'foo'],
    ['=1', '='],
    ['foo bar', "'foo'"],
  ];
  for (const [text, fragment] of rejected) {
    it(`rejects ${JSON.stringify(text)} like Werkzeug ≥ 3.0.2`, () => {
      assert.throws(() => parseConverterArgs(text), (err: Error) => {
        assert.match(err.message, /^Cannot parse converter argument '/);
        assert.ok(err.message.includes(fragment), err.message);
        return true;
      });
    });
  }
});
