import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapOf, outcome, type Outcome } from './support.js';

type Row = [rules: string[], path: string, expected: Outcome];

// Spec §3.5, probed on Werkzeug 2.2/3.1. Endpoints are the rule strings.
const rows: Row[] = [
  [['/<name>', '/about'], '/about', ['match', '/about', {}]],
  [['/<name>', '/about'], '/x', ['match', '/<name>', { name: 'x' }]],
  [['/<path:p>', '/<s>', '/<int:i>', '/<float:f>', '/<uuid:u>'], '/12', ['match', '/<int:i>', { i: 12 }]],
  [['/<path:p>', '/<s>', '/<int:i>', '/<float:f>', '/<uuid:u>'], '/1.5', ['match', '/<float:f>', { f: 1.5 }]],
  [['/<path:p>', '/<s>', '/<int:i>', '/<float:f>', '/<uuid:u>'], '/abc', ['match', '/<s>', { s: 'abc' }]],
  [['/<path:p>', '/<s>', '/<int:i>', '/<float:f>', '/<uuid:u>'], '/a/b', ['match', '/<path:p>', { p: 'a/b' }]],
  [['/<path:p>', '/<s>', '/<int:i>', '/<float:f>', '/<uuid:u>'], '/12345678-1234-1234-1234-123456789abc', ['match', '/<s>', { s: '12345678-1234-1234-1234-123456789abc' }]],
  [['/<uuid:u>', '/<s>'], '/12345678-1234-1234-1234-123456789abc', ['match', '/<uuid:u>', { u: '12345678-1234-1234-1234-123456789abc' }]],
  [['/<s>', '/<any(a,b):x>'], '/a', ['match', '/<s>', { s: 'a' }]],
  [['/<any(a,b):x>', '/<s>'], '/a', ['match', '/<any(a,b):x>', { x: 'a' }]],
  [['/<any(a,b):x>', '/<s>'], '/c', ['match', '/<s>', { s: 'c' }]],
  [['/<a>/<b>', '/<a>/y', '/x/<b>'], '/x/y', ['match', '/x/<b>', { b: 'y' }]],
  [['/<a>/<b>', '/<a>/y', '/x/<b>'], '/z/y', ['match', '/<a>/y', { a: 'z' }]],
  [['/<a>/<b>', '/<a>/y', '/x/<b>'], '/z/z', ['match', '/<a>/<b>', { a: 'z', b: 'z' }]],
  [['/<s>', '/page-<int:n>', '/page<s2>'], '/page-3', ['match', '/page-<int:n>', { n: 3 }]],
  [['/<s>', '/page-<int:n>', '/page<s2>'], '/page-x', ['match', '/page<s2>', { s2: '-x' }]],
  [['/a<x>', '/ab<x>'], '/abc', ['match', '/ab<x>', { x: 'c' }]],
  [['/<a>', '/<a>-<b>'], '/x-y', ['match', '/<a>-<b>', { a: 'x', b: 'y' }]],
  [['/<s>.json', '/<s>'], '/a.json', ['match', '/<s>.json', { s: 'a' }]],
  [['/<s>.json', '/<s>'], '/a.txt', ['match', '/<s>', { s: 'a.txt' }]],
  [['/<path:p>', '/<a>/<b>'], '/x/y', ['match', '/<a>/<b>', { a: 'x', b: 'y' }]],
  [['/<path:p>', '/<int:i>/<s>'], '/1/x', ['match', '/<int:i>/<s>', { i: 1, s: 'x' }]],
  [['/<path:p>', '/<int:i>/<s>'], '/a/x', ['match', '/<path:p>', { p: 'a/x' }]],
  [['/<path:p>/edit', '/<path:p>'], '/a/b/edit', ['match', '/<path:p>/edit', { p: 'a/b' }]],
  [['/<path:p>/edit', '/<path:p>'], '/edit', ['match', '/<path:p>', { p: 'edit' }]],
  [['/<path:path>/c', '/<path:path>/<a>/<b>'], '/a/b/c', ['match', '/<path:path>/c', { path: 'a/b' }]],
  [['/x/a', '/<s>/b'], '/x/b', ['match', '/<s>/b', { s: 'x' }]],
  [['/x/a/', '/<s>/a'], '/x/a', ['redirect', '/x/a/', true]],
  [['/static/<path:f>', '/<path:p>'], '/static/a/b', ['match', '/static/<path:f>', { f: 'a/b' }]],
  [['/<path:a>/<path:b>'], '/x/y/z', ['match', '/<path:a>/<path:b>', { a: 'x', b: 'y/z' }]],
  [['/<a>-<b>-<c>'], '/a-b-c-d', ['match', '/<a>-<b>-<c>', { a: 'a-b', b: 'c', c: 'd' }]],
];

describe('precedence (spec §3.5)', () => {
  for (const [rules, path, expected] of rows) {
    it(`[${rules.join(', ')}] ${path} → ${expected[0] === 'match' ? expected[1] : expected[0]}`, () => {
      const map = mapOf(rules.map((r) => [r, r]));
      assert.deepEqual(outcome(map.match(path, 'GET')), expected);
    });
  }

  it('first identical rule wins (Werkzeug 2.2/3.1, no DuplicateRuleError)', () => {
    const map = mapOf([['/same', 'first'], ['/same', 'second']]);
    assert.deepEqual(outcome(map.match('/same', 'GET')), ['match', 'first', {}]);
  });

  it('same path, different methods: each method routes to its rule, others get 405', () => {
    const map = mapOf([['/same', { endpoint: 'get', methods: ['GET'] }], ['/same', { endpoint: 'post', methods: ['POST'] }]]);
    assert.deepEqual(outcome(map.match('/same', 'GET')), ['match', 'get', {}]);
    assert.deepEqual(outcome(map.match('/same', 'POST')), ['match', 'post', {}]);
    assert.deepEqual(outcome(map.match('/same', 'PUT')), ['405', ['GET', 'HEAD', 'OPTIONS', 'POST']]);
  });

  it('does not depend on registration order for static vs dynamic', () => {
    const a = mapOf([['/about', 'about'], ['/<name>', 'name']]);
    assert.deepEqual(outcome(a.match('/about', 'GET')), ['match', 'about', {}]);
  });
});

describe('ValidationError does not fall through (spec §3.4)', () => {
  it('int(max=5) then int: /3 → first, /7 → 404', () => {
    const map = mapOf([['/<int(max=5):n>', 'small'], ['/<int:n>', 'any']]);
    assert.deepEqual(outcome(map.match('/3', 'GET')), ['match', 'small', { n: 3 }]);
    assert.deepEqual(outcome(map.match('/7', 'GET')), ['404']);
  });

  it('reports 405 instead of 404 when other rules matched the path for other methods', () => {
    const map = mapOf([['/<int:n>', { endpoint: 'put', methods: ['PUT'] }], ['/<int(max=5):n>', { endpoint: 'get', methods: ['GET'] }]]);
    assert.deepEqual(outcome(map.match('/7', 'GET')), ['405', ['OPTIONS', 'PUT']]);
  });
});
