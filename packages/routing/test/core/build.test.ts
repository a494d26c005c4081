import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BuildError, RuleMap } from '../../src/core/index.js';
import { mapOf } from './support.js';

describe('build: output (spec §6.3)', () => {
  const map = mapOf([
    ['/', 'index'],
    ['/u/<name>', 'user'],
    ['/static sp/ü', 'static'],
    ['/ws/<int:id>', 'ws'],
  ]);

  it('quotes static text and values with the path-safe set', () => {
    assert.equal(map.build('static'), '/static%20sp/%C3%BC');
    assert.equal(map.build('user', { name: 'a b/c?d#e%f&g+h;i=j@k:l~ü' }), '/u/a%20b/c%3Fd%23e%25f&g+h;i=j@k:l~%C3%BC');
  });

  it('prefixes the script name (without its trailing slash)', () => {
    assert.equal(map.build('user', { name: 'x' }, { scriptName: '/root/' }), '/root/u/x');
    assert.equal(map.build('index', {}, { scriptName: '/root' }), '/root/');
  });

  it('builds external URLs with scheme and host', () => {
    const host = 'localhost:5000';
    assert.equal(map.build('user', { name: 'bob' }, { external: true, host, scriptName: '/app' }), 'http://localhost:5000/app/u/bob');
    assert.equal(map.build('user', { name: 'bob' }, { scheme: 'https', host }), 'https://localhost:5000/u/bob');
    assert.equal(map.build('user', { name: 'bob' }, { scheme: 'wss', host }), 'https://localhost:5000/u/bob');
    assert.equal(map.build('user', { name: 'bob' }, { scheme: 'ftp', host }), 'http://localhost:5000/u/bob');
    assert.equal(map.build('user', { name: 'bob' }, { scheme: '', host }), '//localhost:5000/u/bob');
    assert.equal(map.build('index', {}, { external: true, host: 'Example.COM' }), 'http://example.com/');
    assert.equal(map.build('index', {}, { external: true, host: '☃.example.com' }), 'http://xn--n3h.example.com/');
  });

  it('refuses scheme with external=false (Flask message) and external without a host', () => {
    assert.throws(() => map.build('index', {}, { scheme: 'https', external: false, host: 'h' }), {
      message: "When specifying '_scheme', '_external' must be True.",
    });
    assert.throws(() => map.build('index', {}, { external: true }), /without a host/);
  });

  it('appends a quoted anchor (Flask ≥ 2.3 safe set)', () => {
    assert.equal(map.build('index', {}, { anchor: 'sec 1/ü#x?"<' }), '/#sec%201/%C3%BC#x?%22%3C');
    assert.equal(map.build('index', {}, { anchor: 'x y' }), '/#x%20y');
  });
});

describe('build: unknown values → query string (spec §6.1, §6.4)', () => {
  const map = mapOf([['/s/<s>', 's']]);
  it('encodes extra values in insertion order, repeating arrays, dropping null/undefined', () => {
    const url = map.build('s', {
      s: 'x', q: 'a b', z: 1, list: [1, null, 2], none: null, undef: undefined, plus: '+&=#/?', u: 'ü', empty: '', nolist: [],
    });
    assert.equal(url, '/s/x?q=a+b&z=1&list=1&list=2&plus=%2B%26%3D%23/?&u=%C3%BC&empty=');
  });
  it('stringifies with JavaScript String() (true, not Python True)', () => {
    assert.equal(map.build('s', { s: 'x', b: true, f: 1.5 }), '/s/x?b=true&f=1.5');
  });
  it('appendUnknown=false leaves extra values out', () => {
    assert.equal(map.build('s', { s: 'x', q: 1 }, { appendUnknown: false }), '/s/x');
  });
  it('null placeholder values count as missing', () => {
    assert.throws(() => map.build('s', { s: null }), BuildError);
  });
});

describe('build: rule selection (spec §6.2)', () => {
  const map = mapOf([
    ['/all/', { endpoint: 'all', defaults: { page: 1 } }],
    ['/all/page/<int:page>', 'all'],
    ['/search', { endpoint: 'search', methods: ['GET'] }],
    ['/search/post', { endpoint: 'search', methods: ['POST'] }],
    ['/alias/<int:page>', { endpoint: 'alias', alias: true }],
    ['/canonical/<int:page>', 'alias'],
  ]);

  it('uses defaults: the default value picks the short rule, others the long one', () => {
    assert.equal(map.build('all'), '/all/');
    assert.equal(map.build('all', { page: 1 }), '/all/');
    assert.equal(map.build('all', { page: 2 }), '/all/page/2');
    assert.equal(map.build('all', { page: 2, x: 'y' }), '/all/page/2?x=y');
  });

  it('prefers rules for the default (request) method, then any rule', () => {
    assert.equal(map.build('search'), '/search');
    assert.equal(map.build('search', {}, { defaultMethod: 'POST' }), '/search/post');
    assert.equal(map.build('search', {}, { method: 'POST' }), '/search/post');
    assert.equal(map.build('search', {}, { defaultMethod: 'DELETE' }), '/search');
  });

  it('puts alias rules last in build order', () => {
    assert.equal(map.build('alias', { page: 3 }), '/canonical/3');
  });
});

describe('BuildError (spec §6.6)', () => {
  const map = mapOf([
    ['/', 'index'],
    ['/s/<s>', 's'],
    ['/meth', { endpoint: 'meth', methods: ['POST'] }],
  ]);
  const rows: [string, Record<string, unknown>, string | undefined, string][] = [
    ['nope', {}, undefined, "Could not build url for endpoint 'nope'. Did you mean 'index' instead?"],
    ['s', { x: 1 }, undefined, "Could not build url for endpoint 's' with values ['x']. Did you forget to specify values ['s']?"],
    ['meth', {}, 'PUT', "Could not build url for endpoint 'meth' ('PUT'). Did you mean to use methods ['OPTIONS', 'POST']?"],
    ['s', {}, undefined, "Could not build url for endpoint 's'. Did you forget to specify values ['s']?"],
  ];
  for (const [endpoint, values, method, message] of rows) {
    it(message, () => {
      assert.throws(() => map.build(endpoint, values, { method }), (err: BuildError) => {
        assert.ok(err instanceof BuildError);
        assert.equal(err.message, message);
        assert.equal(err.endpoint, endpoint);
        assert.equal(err.method, method);
        return true;
      });
    });
  }

  it('has no suggestion on an empty map', () => {
    assert.throws(() => new RuleMap().build('x'), { message: "Could not build url for endpoint 'x'." });
  });
});
