import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RuleMap } from '../../src/core/index.js';
import { mapOf, outcome, type Outcome } from './support.js';

function table(map: RuleMap, rows: [path: string, expected: Outcome, method?: string][]): void {
  for (const [path, expected, method = 'GET'] of rows) {
    it(`${method} ${JSON.stringify(path)} → ${expected[0]} ${expected[0] === 'redirect' ? expected[1] : ''}`, () => {
      assert.deepEqual(outcome(map.match(path, method)), expected);
    });
  }
}

describe('strict slashes (spec §4.1, §4.2)', () => {
  const map = mapOf([
    ['/a/', 'a'],
    ['/b', 'b'],
    ['/c/<x>/', 'c'],
    ['/p/<path:x>/', 'p'],
    ['/twin', 'leaf'],
    ['/twin/', 'branch'],
    ['/ns-leaf', { endpoint: 'nsLeaf', strictSlashes: false }],
    ['/ns-branch/', { endpoint: 'nsBranch', strictSlashes: false }],
    ['/s/', { endpoint: 's', methods: ['GET'] }],
    ['/ü', 'u'],
    ['/ü/', 'ubranch'],
  ]);
  table(map, [
    ['/a', ['redirect', '/a/', true]],
    ['/a/', ['match', 'a', {}]],
    ['/b/', ['404']],
    ['/c/1', ['redirect', '/c/1/', true]],
    ['/p/q/r', ['redirect', '/p/q/r/', true]], // Werkzeug ≥ 2.2.3 (404 in 2.2.2)
    ['/p/q/r/', ['match', 'p', { x: 'q/r' }]],
    ['/twin', ['match', 'leaf', {}]],
    ['/twin/', ['match', 'branch', {}]],
    ['/ns-leaf/', ['match', 'nsLeaf', {}]],
    ['/ns-branch', ['match', 'nsBranch', {}]],
    ['/s', ['404'], 'POST'], // the branch rule must accept the method, else no redirect and no 405
    ['/s', ['redirect', '/s/', true], 'OPTIONS'],
  ]);

  it('redirects an empty path to / when / exists (test_empty_path_info)', () => {
    assert.deepEqual(outcome(mapOf([['/', 'index']]).match('', 'GET')), ['redirect', '/', true]);
    assert.deepEqual(outcome(map.match('', 'GET')), ['404']);
  });

  it('quotes the redirect path with the path-safe set', () => {
    const m = mapOf([['/ü/<x>/', 'u']]);
    assert.deepEqual(outcome(m.match('/ü/a b+c', 'GET')), ['redirect', '/%C3%BC/a%20b+c/', true]);
  });

  it('map-level strictSlashes=false applies to every rule', () => {
    const m = mapOf([['/a/', 'a'], ['/b', 'b'], ['/<path:path>', 'p']], { strictSlashes: false });
    assert.deepEqual(outcome(m.match('/a', 'GET')), ['match', 'a', {}]);
    assert.deepEqual(outcome(m.match('/b/', 'GET')), ['match', 'b', {}]);
    assert.deepEqual(outcome(m.match('/any/', 'GET')), ['match', 'p', { path: 'any/' }]);
  });
});

describe('merge slashes (spec §4.3)', () => {
  const map = mapOf([
    ['/yes//merge', 'yes'],
    ['/no//merge', { endpoint: 'no', mergeSlashes: false }],
    ['/with/<path:path>', 'with'],
    ['/f/', 'f'],
    ['/a/b', 'ab'],
    ['/merge/<x>/path', 'mp'],
    ['/off/x', { endpoint: 'off', mergeSlashes: false }],
  ]);
  table(map, [
    ['/yes/merge', ['match', 'yes', {}]],
    ['/yes//merge', ['redirect', '/yes/merge', true]],
    ['/no//merge', ['match', 'no', {}]],
    ['/no/merge', ['404']],
    ['/with/x//y', ['match', 'with', { path: 'x//y' }]],
    ['/f//', ['redirect', '/f/', true]],
    ['//f', ['redirect', '/f/', true]],
    ['//a/b', ['match', 'ab', {}]], // leading slashes are stripped silently (§3.7)
    ['/a//b', ['redirect', '/a/b', true]],
    ['/a///b', ['redirect', '/a/b', true]], // Werkzeug ≥ 3.1.7 collapses any run
    ['/merge/%//path', ['redirect', '/merge/%25/path', true]],
    ['/off//x', ['404']], // rule-level opt-out: 404 (Werkzeug ≥ 3.0.2)
  ]);

  it('builds merged rules without the double slash', () => {
    assert.equal(map.build('yes'), '/yes/merge');
    assert.equal(map.build('no'), '/no//merge');
  });

  it('map-level mergeSlashes=false gives 404 for inner double slashes', () => {
    const m = mapOf([['/a/b', 'ab']], { mergeSlashes: false });
    assert.deepEqual(outcome(m.match('/a//b', 'GET')), ['404']);
  });
});

describe('defaults and canonical redirects (spec §4.4)', () => {
  const map = mapOf([
    ['/all/', { endpoint: 'all', defaults: { page: 1 } }],
    ['/all/page/<int:page>', 'all'],
    ['/item/<int:id>', { endpoint: 'item', defaults: { fmt: 'html' } }],
    ['/item/<int:id>.<fmt>', 'item'],
    ['/foo/', { endpoint: 'foo', defaults: { x: 'foo bar' } }],
    ['/foo/<x>', 'foo'],
  ]);
  table(map, [
    ['/all/', ['match', 'all', { page: 1 }]],
    ['/all/page/1', ['redirect', '/all/', true]],
    ['/all/page/2', ['match', 'all', { page: 2 }]],
    ['/item/5.html', ['redirect', '/item/5', true]],
    ['/item/5.json', ['match', 'item', { id: 5, fmt: 'json' }]],
    ['/item/5', ['match', 'item', { id: 5, fmt: 'html' }]],
    ['/foo/foo bar', ['redirect', '/foo/', true]],
  ]);

  it('redirectDefaults=false just matches', () => {
    const m = mapOf([['/all/', { endpoint: 'all', defaults: { page: 1 } }], ['/all/page/<int:page>', 'all']], { redirectDefaults: false });
    assert.deepEqual(outcome(m.match('/all/page/1', 'GET')), ['match', 'all', { page: 1 }]);
  });

  it('default values override matched values of the same name, as in Werkzeug', () => {
    const m = mapOf([['/p/<int:page>', { endpoint: 'p', defaults: { page: 9 } }]]);
    assert.deepEqual(outcome(m.match('/p/3', 'GET')), ['match', 'p', { page: 9 }]);
    assert.equal(m.build('p', {}), '/p/9');
  });
});

describe('alias and redirectTo (spec §4.5–§4.7)', () => {
  const map = mapOf([
    ['/users/', { endpoint: 'users', defaults: { page: 1 } }],
    ['/users/page/<int:page>', 'users'],
    ['/users/page-<int:page>.html', { endpoint: 'users', alias: true }],
    ['/old/<int:id>', { endpoint: 'old', redirectTo: 'new/<id>' }],
    ['/old2/<id>', { endpoint: 'old2', redirectTo: '/x/<id>' }],
    ['/ext/<id>', { endpoint: 'ext', redirectTo: 'https://example.com/<id>' }],
    ['/fn/<int:id>', { endpoint: 'fn', redirectTo: (params) => `/user/${String(params.id)}` }],
    ['/only', { endpoint: 'only', buildOnly: true }],
  ]);
  table(map, [
    ['/users/page-1.html', ['redirect', '/users/', true]],
    ['/users/page-3.html', ['redirect', '/users/page/3', true]],
    ['/old/5', ['redirect', '/new/5', false]], // redirectTo drops the query string
    ['/old2/a b', ['redirect', '/x/a%20b', false]],
    ['/ext/1', ['redirect', 'https://example.com/1', false]],
    ['/fn/7', ['redirect', '/user/7', false]],
    ['/only', ['404']],
  ]);

  it('builds build-only rules', () => assert.equal(map.build('only'), '/only'));
});
