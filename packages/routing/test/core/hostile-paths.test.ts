import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePath } from '../../src/core/index.js';
import { mapOf, outcome, type Outcome } from './support.js';

describe('decodePath (spec §3.7: what a WSGI server hands Werkzeug)', () => {
  const rows: [string, string][] = [
    ['/plain', '/plain'],
    ['/a%20b', '/a b'],
    ['/caf%C3%A9', '/café'],
    ['/a%2Fb', '/a/b'],
    ['/%zz', '/%zz'],
    ['/%', '/%'],
    ['/%4', '/%4'],
    ['/%FF', '/\uFFFD'],
    ['/%C3', '/\uFFFD'],
    ['/%C3%28', '/\uFFFD('],
    ['/%00', '/\0'],
    ['/a%0Ab', '/a\nb'],
    ['/a+b', '/a+b'],
    ['/%252F', '/%2F'],
  ];
  for (const [raw, decoded] of rows) it(`${raw} → ${JSON.stringify(decoded)}`, () => assert.equal(decodePath(raw), decoded));
});

describe('hostile paths get the result Werkzeug gives, never an exception', () => {
  const map = mapOf([
    ['/hello', 'hello'],
    ['/s/<x>', 's'],
    ['/i/<int:n>', 'i'],
    ['/static/<path:filename>', 'static'],
    ['/dir/', 'dir'],
  ]);
  const rows: [string, Outcome][] = [
    ['/hello\n', ['404']], // test_newline_match
    ['/s/a\nb', ['match', 's', { x: 'a\nb' }]],
    ['/s/a\0b', ['match', 's', { x: 'a\0b' }]],
    ['/static/a\0b', ['match', 'static', { filename: 'a\0b' }]],
    ['/s/..', ['match', 's', { x: '..' }]],
    ['/static/../etc/passwd', ['match', 'static', { filename: '../etc/passwd' }]], // safe_join's job (@kolba/static)
    ['/s/.', ['match', 's', { x: '.' }]],
    ['/s/%zz', ['match', 's', { x: '%zz' }]],
    ['/s/\uFFFD', ['match', 's', { x: '\uFFFD' }]],
    ['/s/\uD800', ['match', 's', { x: '\uD800' }]], // lone surrogate (not producible by decodePath)
    ['/i/١٢', ['404']],
    ['/dir\n', ['404']],
    ['/\uD800', ['404']],
  ];
  for (const [path, expected] of rows) {
    it(`${JSON.stringify(path)} → ${expected[0]}`, () => assert.deepEqual(outcome(map.match(decodePath(path), 'GET')), expected));
  }

  it('redirects paths with lone surrogates without throwing (U+FFFD in the Location)', () => {
    const m = mapOf([['/<x>/', 'x']]);
    assert.deepEqual(outcome(m.match('/a\uD800', 'GET')), ['redirect', '/a%EF%BF%BD/', true]);
  });

  it('matches very long paths and segments', () => {
    const long = 'a'.repeat(100_000);
    assert.deepEqual(outcome(map.match(`/s/${long}`, 'GET')), ['match', 's', { x: long }]);
    const deep = `/static/${'x/'.repeat(50_000)}f`;
    assert.deepEqual(outcome(map.match(deep, 'GET')), ['match', 'static', { filename: deep.slice(8) }]);
    assert.deepEqual(outcome(map.match('/'.repeat(100_000), 'GET')), ['404']);
    assert.deepEqual(outcome(map.match(`/hello${'/'.repeat(100_000)}`, 'GET')), ['404']);
    assert.deepEqual(outcome(map.match('/x'.repeat(100_000), 'GET')), ['404']);
  });

  it('treats a decoded %2F as a separator', () => {
    assert.deepEqual(outcome(map.match(decodePath('/s%2Fa'), 'GET')), ['match', 's', { x: 'a' }]);
  });

  it('never throws on random input', () => {
    let seed = 42;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const alphabet = ['/', '/', 'a', '1', '.', '%', '2F', 'F', '\n', '\0', '\uD800', '😀', 'ü', '-', '?', '#', ' '];
    for (let i = 0; i < 2000; i++) {
      let path = '';
      for (let j = rand(30); j > 0; j--) path += alphabet[rand(alphabet.length)];
      const result = map.match(decodePath(path), ['GET', 'POST', 'OPTIONS', 'HEAD'][rand(4)]!);
      assert.ok(['match', 'redirect', 'notFound', 'methodNotAllowed', 'options'].includes(result.kind));
    }
  });
});
