import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { safeJoinFor } from '../src/safe-join.js';
import { safeJoin } from '../src/index.js';

describe('safeJoin (Werkzeug safe_join, spec §9.6)', () => {
  const cases: Array<[string, string[], string | null]> = [
    ['/base', ['a/b.txt'], '/base/a/b.txt'],
    ['/base', ['a/./b'], '/base/a/b'],
    ['/base', ['a//b'], '/base/a/b'],
    ['/base', ['../x'], null],
    ['/base', ['a/../../x'], null],
    ['/base', ['..'], null],
    ['/base', ['/etc/passwd'], null],
    ['/base', ['//x'], null],
    ['/base', ['a/..'], '/base/.'],
    ['/base', ['.'], '/base/.'],
    ['/base', ['..foo'], '/base/..foo'],
    ['', ['x'], './x'],
    ['', ['c:test.txt'], './c:test.txt'],
    ['a', ['CON'], 'a/CON'],
    ['/base', [''], '/base'],
    ['/base', ['a', 'b'], '/base/a/b'],
    ['/base', ['a', '../..'], null],
  ];
  for (const [dir, parts, expected] of cases) {
    test(`(${JSON.stringify(dir)}, ${parts.map((p) => JSON.stringify(p)).join(', ')}) → ${JSON.stringify(expected)}`, () => {
      assert.equal(safeJoinFor('posix', dir, ...parts), expected);
    });
  }

  test('a trailing slash is normalised away, as posixpath.normpath does', () => {
    assert.equal(safeJoinFor('posix', '/base', 'a.txt/'), '/base/a.txt');
  });

  test('backslashes are refused on every OS (kolba is stricter than Werkzeug on POSIX)', () => {
    assert.equal(safeJoinFor('posix', '/base', 'a\\b'), null);
    assert.equal(safeJoinFor('posix', '/base', '..\\secret'), null);
    assert.equal(safeJoinFor('win32', '/base', 'a\\b'), null);
  });

  test('NUL bytes are refused', () => {
    assert.equal(safeJoinFor('posix', '/base', 'a.txt\0.png'), null);
  });

  test('Windows: device names in any segment, with extensions or padding, are refused', () => {
    for (const name of ['CON', 'con', 'CON.txt', 'CON  ', 'b/CON', 'NUL.tar.gz', 'COM1', 'lpt9.log', 'CONIN$']) {
      assert.equal(safeJoinFor('win32', 'a', name), null, name);
    }
    assert.equal(safeJoinFor('win32', 'a', 'CONSOLE.txt'), 'a/CONSOLE.txt');
  });

  test('Windows: drive letters and alternate data streams are refused', () => {
    assert.equal(safeJoinFor('win32', '', 'c:test.txt'), null);
    assert.equal(safeJoinFor('win32', '/base', 'file.txt::$DATA'), null);
  });

  test('safeJoin uses the rules of the running platform', () => {
    assert.equal(safeJoin('/base', 'a/b.txt'), '/base/a/b.txt');
    assert.equal(safeJoin('/base', '../etc/passwd'), null);
  });
});
