import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapOf, outcome } from './support.js';

// Ports of Werkzeug's own tests/test_routing.py cases (spec §11) that apply to the sans-IO core.

const m = (endpoint: string, params: Record<string, unknown> = {}) => ['match', endpoint, params];

describe('Werkzeug test_routing.py', () => {
  it('test_path', () => {
    const map = mapOf([
      ['/', { endpoint: 'page', defaults: { name: 'FrontPage' } }],
      ['/Special', 'special'],
      ['/<int:year>', 'year'],
      ['/<path:name>', 'page'],
      ['/<path:name>/edit', 'editpage'],
      ['/<path:name>/silly/<path:name2>', 'sillypage'],
      ['/<path:name>/silly/<path:name2>/edit', 'editsillypage'],
      ['/Talk:<path:name>', 'talk'],
      ['/User:<username>', 'user'],
      ['/User:<username>/<path:name>', 'userpage'],
      ['/Files/<path:file>', 'files'],
    ]);
    const rows: [string, unknown][] = [
      ['/', m('page', { name: 'FrontPage' })],
      ['/FrontPage', ['redirect', '/', true]],
      ['/Special', m('special')],
      ['/2007', m('year', { year: 2007 })],
      ['/Some/Page', m('page', { name: 'Some/Page' })],
      ['/Some/Page/edit', m('editpage', { name: 'Some/Page' })],
      ['/Foo/silly/bar', m('sillypage', { name: 'Foo', name2: 'bar' })],
      ['/Foo/silly/bar/edit', m('editsillypage', { name: 'Foo', name2: 'bar' })],
      ['/Talk:Foo/Bar', m('talk', { name: 'Foo/Bar' })],
      ['/User:thomas', m('user', { username: 'thomas' })],
      ['/User:thomas/projects/werkzeug', m('userpage', { username: 'thomas', name: 'projects/werkzeug' })],
      ['/Files/downloads/werkzeug/0.2.zip', m('files', { file: 'downloads/werkzeug/0.2.zip' })],
    ];
    for (const [path, expected] of rows) assert.deepEqual(outcome(map.match(path, 'GET')), expected, path);
  });

  it('test_greedy', () => {
    const map = mapOf([['/foo', 'foo'], ['/<path:bar>', 'bar'], ['/<path:bar>/<path:blub>', 'bar']]);
    assert.deepEqual(outcome(map.match('/foo', 'GET')), m('foo'));
    assert.deepEqual(outcome(map.match('/blub', 'GET')), m('bar', { bar: 'blub' }));
    assert.deepEqual(outcome(map.match('/he/he', 'GET')), m('bar', { bar: 'he', blub: 'he' }));
    assert.equal(map.build('foo'), '/foo');
    assert.equal(map.build('bar', { bar: 'blub' }), '/blub');
    assert.equal(map.build('bar', { bar: 'blub', blub: 'bar' }), '/blub/bar');
  });

  it('test_complex_routing_rules', () => {
    const map = mapOf([
      ['/', 'index'],
      ['/<int:blub>', 'an_int'],
      ['/<blub>', 'a_string'],
      ['/foo/', 'nested'],
      ['/foobar/', 'nestedbar'],
      ['/foo/<path:testing>/', 'nested_show'],
      ['/foo/<path:testing>/edit', 'nested_edit'],
      ['/users/', { endpoint: 'users', defaults: { page: 1 } }],
      ['/users/page/<int:page>', 'users'],
      ['/foox', 'foox'],
      ['/<path:bar>/<path:blub>', 'barx_path_path'],
    ]);
    const rows: [string, unknown][] = [
      ['/', m('index')],
      ['/42', m('an_int', { blub: 42 })],
      ['/blub', m('a_string', { blub: 'blub' })],
      ['/foo/', m('nested')],
      ['/foobar/', m('nestedbar')],
      ['/foo/1/2/3/', m('nested_show', { testing: '1/2/3' })],
      ['/foo/1/2/3/edit', m('nested_edit', { testing: '1/2/3' })],
      ['/users/', m('users', { page: 1 })],
      ['/users/page/2', m('users', { page: 2 })],
      ['/foox', m('foox')],
      ['/1/2/3', m('barx_path_path', { bar: '1', blub: '2/3' })],
    ];
    for (const [path, expected] of rows) assert.deepEqual(outcome(map.match(path, 'GET')), expected, path);
    assert.equal(map.build('index'), '/');
    assert.equal(map.build('an_int', { blub: 42 }), '/42');
    assert.equal(map.build('nested_show', { testing: '1/2/3' }), '/foo/1/2/3/');
    assert.equal(map.build('nested_edit', { testing: '1/2/3' }), '/foo/1/2/3/edit');
    assert.equal(map.build('users', { page: 1 }), '/users/');
    assert.equal(map.build('users', { page: 2 }), '/users/page/2');
    assert.equal(map.build('barx_path_path', { bar: '1', blub: '2/3' }), '/1/2/3');
  });

  it('test_method_fallback', () => {
    const map = mapOf([
      ['/', { endpoint: 'index', methods: ['GET'] }],
      ['/<name>', { endpoint: 'hello_name', methods: ['GET'] }],
      ['/select', { endpoint: 'hello_select', methods: ['POST'] }],
      ['/search_get', { endpoint: 'search', methods: ['GET'] }],
      ['/search_post', { endpoint: 'search', methods: ['POST'] }],
    ]);
    assert.equal(map.build('index'), '/');
    assert.equal(map.build('index', {}, { method: 'GET' }), '/');
    assert.equal(map.build('hello_name', { name: 'foo' }), '/foo');
    assert.equal(map.build('hello_select'), '/select');
    assert.equal(map.build('hello_select', {}, { method: 'POST' }), '/select');
    assert.equal(map.build('search'), '/search_get');
    assert.equal(map.build('search', {}, { method: 'GET' }), '/search_get');
    assert.equal(map.build('search', {}, { method: 'POST' }), '/search_post');
  });

  it('test_allowed_methods_querying', () => {
    const map = mapOf([['/<foo>', { endpoint: 'a', methods: ['GET', 'HEAD'], provideAutomaticOptions: false }], ['/foo', { endpoint: 'b', methods: ['POST'], provideAutomaticOptions: false }]]);
    assert.deepEqual(map.allowedMethods('/foo'), ['GET', 'HEAD', 'POST']);
  });

  it('test_alias_redirects', () => {
    const map = mapOf([
      ['/', 'index'],
      ['/index.html', { endpoint: 'index', alias: true }],
      ['/users/', { endpoint: 'users', defaults: { page: 1 } }],
      ['/users/index.html', { endpoint: 'users', defaults: { page: 1 }, alias: true }],
      ['/users/page/<int:page>', 'users'],
      ['/users/page-<int:page>.html', { endpoint: 'users', alias: true }],
    ]);
    assert.deepEqual(outcome(map.match('/index.html', 'GET')), ['redirect', '/', true]);
    assert.deepEqual(outcome(map.match('/users/index.html', 'GET')), ['redirect', '/users/', true]);
    assert.deepEqual(outcome(map.match('/users/page-2.html', 'GET')), ['redirect', '/users/page/2', true]);
    assert.deepEqual(outcome(map.match('/users/page-1.html', 'GET')), ['redirect', '/users/', true]);
    assert.equal(map.build('index'), '/');
    assert.equal(map.build('users', { page: 1 }), '/users/');
    assert.equal(map.build('users', { page: 2 }), '/users/page/2');
  });

  for (const prefix of ['', '/aaa']) {
    it(`test_double_defaults (prefix '${prefix}')`, () => {
      const map = mapOf([
        [`${prefix}/`, { endpoint: 'x', defaults: { foo: 1, bar: false } }],
        [`${prefix}/<int:foo>`, { endpoint: 'x', defaults: { bar: false } }],
        [`${prefix}/bar/`, { endpoint: 'x', defaults: { foo: 1, bar: true } }],
        [`${prefix}/bar/<int:foo>`, { endpoint: 'x', defaults: { bar: true } }],
      ]);
      assert.deepEqual(outcome(map.match(`${prefix}/`, 'GET')), m('x', { foo: 1, bar: false }));
      assert.deepEqual(outcome(map.match(`${prefix}/2`, 'GET')), m('x', { foo: 2, bar: false }));
      assert.deepEqual(outcome(map.match(`${prefix}/bar/`, 'GET')), m('x', { foo: 1, bar: true }));
      assert.deepEqual(outcome(map.match(`${prefix}/bar/2`, 'GET')), m('x', { foo: 2, bar: true }));
      assert.equal(map.build('x', { foo: 1, bar: false }), `${prefix}/`);
      assert.equal(map.build('x', { foo: 2, bar: false }), `${prefix}/2`);
      assert.equal(map.build('x', { bar: false }), `${prefix}/`);
      assert.equal(map.build('x', { foo: 1, bar: true }), `${prefix}/bar/`);
      assert.equal(map.build('x', { foo: 2, bar: true }), `${prefix}/bar/2`);
      assert.equal(map.build('x', { bar: true }), `${prefix}/bar/`);
    });
  }

  it('test_redirect_path_quoting', () => {
    const map = mapOf([['/<category>', { endpoint: 'category', defaults: { page: 1 } }], ['/<category>/page/<int:page>', 'category']]);
    assert.deepEqual(outcome(map.match('/foo bar/page/1', 'GET')), ['redirect', '/foo%20bar', true]);
  });

  it('test_request_redirect_default', () => {
    const map = mapOf([['/foo', { endpoint: 'foo', defaults: { bar: 42 } }], ['/foo/<int:bar>', 'foo']]);
    assert.deepEqual(outcome(map.match('/foo/42', 'GET')), ['redirect', '/foo', true]);
  });

  it('test_unicode_rules', () => {
    const map = mapOf([['/войти/', 'enter'], ['/foo+bar/', 'foobar']]);
    assert.deepEqual(outcome(map.match('/войти', 'GET')), ['redirect', '/%D0%B2%D0%BE%D0%B9%D1%82%D0%B8/', true]);
    assert.deepEqual(outcome(map.match('/войти/', 'GET')), m('enter'));
    assert.deepEqual(outcome(map.match('/foo+bar', 'GET')), ['redirect', '/foo+bar/', true]);
    assert.equal(map.build('enter', {}, { external: true, host: '☃.example.com' }), 'http://xn--n3h.example.com/%D0%B2%D0%BE%D0%B9%D1%82%D0%B8/');
    assert.equal(map.build('foobar', {}, { external: true, host: '☃.example.com' }), 'http://xn--n3h.example.com/foo+bar/');
  });

  it('test_non_string_parts, test_protocol_joining_bug, test_build_append_unknown', () => {
    const map = mapOf([['/<foo>', 'x'], ['/bar/<float:bazf>', 'barf']]);
    assert.equal(map.build('x', { foo: 42 }), '/42');
    assert.equal(map.build('x', { foo: 'x:y' }), '/x:y');
    assert.equal(map.build('x', { foo: 'x:y' }, { external: true, host: 'example.org' }), 'http://example.org/x:y');
    assert.equal(map.build('barf', { bazf: 0.815, bif: 1.5 }), '/bar/0.815?bif=1.5');
    assert.equal(map.build('barf', { bazf: 0.815, bif: 1.5 }, { appendUnknown: false }), '/bar/0.815');
  });

  it('test_external_building_with_port', () => {
    const map = mapOf([['/', 'index']]);
    assert.equal(map.build('index', {}, { external: true, host: 'example.org:5000' }), 'http://example.org:5000/');
  });

  it('test_environ_nonascii_pathinfo', () => {
    const map = mapOf([['/', 'index'], ['/лошадь', 'horse']]);
    assert.deepEqual(outcome(map.match('/лошадь', 'GET')), m('horse'));
    assert.deepEqual(outcome(map.match('/барсук', 'GET')), ['404']);
  });
});
