import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RuleMap } from '../../src/core/index.js';
import { mapOf, outcome } from './support.js';

describe('rule methods (spec §5.1)', () => {
  it('upper-cases methods, adds HEAD for GET and OPTIONS for automatic options', () => {
    const rule = new RuleMap().add('/x', { endpoint: 'x', methods: ['get', 'post'] });
    assert.deepEqual(rule.methods, ['GET', 'HEAD', 'OPTIONS', 'POST']);
    assert.equal(rule.provideAutomaticOptions, true);
  });

  it('omitted methods = any method (Werkzeug Rule(methods=None)), no automatic OPTIONS', () => {
    const map = mapOf([['/any', 'any']]);
    assert.equal(map.rules[0]!.methods, undefined);
    for (const method of ['GET', 'DELETE', 'OPTIONS', 'PROPFIND']) assert.deepEqual(outcome(map.match('/any', method)), ['match', 'any', {}]);
  });

  it('keeps OPTIONS for the view when listed or when automatic options are off', () => {
    const map = mapOf([
      ['/own', { endpoint: 'own', methods: ['GET', 'OPTIONS'] }],
      ['/off', { endpoint: 'off', methods: ['GET'], provideAutomaticOptions: false }],
    ]);
    assert.deepEqual(outcome(map.match('/own', 'OPTIONS')), ['match', 'own', {}]);
    assert.deepEqual(outcome(map.match('/off', 'OPTIONS')), ['405', ['GET', 'HEAD']]);
  });
});

describe('HEAD (spec §5.4)', () => {
  const map = mapOf([['/r', { endpoint: 'r', methods: ['GET'] }], ['/p', { endpoint: 'p', methods: ['POST'] }]]);
  it('routes HEAD to GET rules', () => assert.deepEqual(outcome(map.match('/r', 'HEAD')), ['match', 'r', {}]));
  it('gives 405 for HEAD on a POST-only rule', () => assert.deepEqual(outcome(map.match('/p', 'HEAD')), ['405', ['OPTIONS', 'POST']]));
});

describe('405 Method Not Allowed (spec §5.2)', () => {
  it('unions the methods of every rule whose path matched, sorted alphabetically', () => {
    const map = mapOf([['/s', { endpoint: 's', methods: ['GET'] }], ['/<x>', { endpoint: 'x', methods: ['PUT'] }]]);
    assert.deepEqual(outcome(map.match('/s', 'POST')), ['405', ['GET', 'HEAD', 'OPTIONS', 'PUT']]);
  });

  it('lets a later candidate that accepts the method win', () => {
    const map = mapOf([['/s', { endpoint: 's', methods: ['GET'] }], ['/<x>', { endpoint: 'x', methods: ['POST'] }]]);
    assert.deepEqual(outcome(map.match('/s', 'POST')), ['match', 'x', { x: 's' }]);
  });

  it('redirects GET /bar to /bar/ even when /bar exists for POST; 405 on POST /bar/', () => {
    const map = mapOf([['/bar/', { endpoint: 'get', methods: ['GET'] }], ['/bar', { endpoint: 'post', methods: ['POST'] }]]);
    assert.deepEqual(outcome(map.match('/bar', 'GET')), ['redirect', '/bar/', true]);
    assert.deepEqual(outcome(map.match('/bar', 'POST')), ['match', 'post', {}]);
    assert.deepEqual(outcome(map.match('/bar/', 'POST')), ['405', ['GET', 'HEAD', 'OPTIONS']]);
  });

  it('accepts the method in any case', () => {
    const map = mapOf([['/r', { endpoint: 'r', methods: ['GET'] }]]);
    assert.deepEqual(outcome(map.match('/r', 'get')), ['match', 'r', {}]);
  });
});

describe('automatic OPTIONS (spec §5.3)', () => {
  const map = mapOf([
    ['/multi', { endpoint: 'a', methods: ['GET', 'POST'] }],
    ['/multi', { endpoint: 'b', methods: ['PUT'] }],
    ['/dir/', { endpoint: 'dir', methods: ['GET'] }],
  ]);

  it('answers with the union of methods of every rule on the path', () => {
    assert.deepEqual(outcome(map.match('/multi', 'OPTIONS')), ['options', ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']]);
  });

  it('404 for unknown paths, 308 for a branch without its slash', () => {
    assert.deepEqual(outcome(map.match('/nope', 'OPTIONS')), ['404']);
    assert.deepEqual(outcome(map.match('/dir', 'OPTIONS')), ['redirect', '/dir/', true]);
  });

  it('allowedMethods(path) lists the same set; [] for unknown paths', () => {
    assert.deepEqual(map.allowedMethods('/multi'), ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
    assert.deepEqual(map.allowedMethods('/nope'), []);
    assert.deepEqual(map.allowedMethods('/dir/'), ['GET', 'HEAD', 'OPTIONS']);
  });
});
