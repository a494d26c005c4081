// buildUrl: Flask's url_for rules on top of the core's build, with and without a request.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RuleMap } from '../src/index.js';
import { buildUrl, type BuildContext } from '../src/route-table.js';

const map = new RuleMap();
map.add('/search', { endpoint: 'search', methods: ['GET'] });
map.add('/search/run', { endpoint: 'search', methods: ['POST'] });
map.add('/u/<name>', { endpoint: 'user', methods: ['GET'] });
const request = (method: string): BuildContext => ({ method, scheme: 'https', host: 'Example.COM:8443', scriptRoot: '/app' });

describe('buildUrl', () => {
  it('is relative to the script root inside a request, external on demand', () => {
    assert.equal(buildUrl(map, 'user', { name: 'a b' }, {}, request('GET')), '/app/u/a%20b');
    assert.equal(buildUrl(map, 'user', { name: 'x' }, { external: true }, request('GET')), 'https://example.com:8443/app/u/x');
    assert.equal(buildUrl(map, 'user', { name: 'x' }, { scheme: 'http' }, request('GET')), 'http://example.com:8443/app/u/x');
  });

  it("prefers the rule for the request's method, then any (Werkzeug's default method)", () => {
    assert.equal(buildUrl(map, 'search', {}, {}, request('GET')), '/app/search');
    assert.equal(buildUrl(map, 'search', {}, {}, request('POST')), '/app/search/run');
    assert.equal(buildUrl(map, 'search', {}, {}, request('PUT')), '/app/search');
    assert.equal(buildUrl(map, 'search', {}, { method: 'POST' }, request('GET')), '/app/search/run');
    assert.throws(() => buildUrl(map, 'search', {}, { method: 'PUT' }, request('GET')), /Could not build url for endpoint 'search' \('PUT'\)/);
  });

  it('builds without a request: relative, GET rules first', () => {
    assert.equal(buildUrl(map, 'search'), '/search');
    assert.equal(buildUrl(map, 'user', { name: 'x' }, { external: true, host: 'h' }), 'http://h/u/x');
  });

  it("refuses a scheme with external: false (Flask's ValueError)", () => {
    assert.throws(() => buildUrl(map, 'user', { name: 'x' }, { scheme: 'https', external: false }, request('GET')), {
      message: "When specifying '_scheme', '_external' must be True.",
    });
  });
});
