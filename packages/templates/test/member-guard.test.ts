import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateEnvironment } from '../src/index.js';
import { guardMemberKey, guardName, isBlockedMember } from '../src/member-guard.js';

const env = () => new TemplateEnvironment({ folder: [] });

/** Renders, or returns the error's message: either way no code ran. */
async function attempt(source: string, context: Record<string, unknown> = {}): Promise<string> {
  return env()
    .renderString(source, context)
    .catch((error: unknown) => `error: ${(error as Error).message}`);
}

describe('templates cannot reach Function, Object or prototypes', () => {
  // Each of these runs `process`-touching code or reaches Object in plain nunjucks.
  const ESCAPES = [
    "{{ ''.constructor.constructor('return typeof process')() }}",
    "{{ range.constructor('return typeof process')() }}",
    "{{ cycler.constructor('return typeof process')() }}",
    "{{ config.constructor.constructor('return typeof process')() }}",
    "{{ x.__proto__.constructor.constructor('return typeof process')() }}",
    "{{ x['constructor']['constructor']('return typeof process')() }}",
    "{{ x[k][k]('return typeof process')() }}",
    "{{ x[[k]][[k]]('return typeof process')() }}",
    "{{ (x|attr('constructor')|attr('constructor'))('return typeof process')() }}",
    "{{ (xs|map(attribute='constructor.constructor')|first)('return typeof process')() }}",
    "{{ constructor.constructor('return typeof process')() }}",
    "{{ constructor.getPrototypeOf(x) }}",
    "{% macro m() %}{{ ''.constructor.constructor('return typeof process')() }}{% endmacro %}{{ m() }}",
  ];

  for (const source of ESCAPES) {
    test(source, async () => {
      const out = await attempt(source, { x: {}, k: 'constructor', xs: [''] });
      assert.doesNotMatch(out, /object|function/, out);
    });
  }

  test('no template can pollute Object.prototype', async () => {
    await attempt("{{ constructor.assign(constructor.prototype, {polluted: 1}) }}");
    await attempt("{{ x.constructor.assign(x.__proto__, {polluted: 1}) }}", { x: {} });
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  test('blocked names print as undefined (empty), like Jinja sandbox answers unsafe attributes', async () => {
    assert.equal(await attempt('[{{ constructor }}|{{ __proto__ }}|{{ x.constructor }}|{{ x.__proto__ }}|{{ x.prototype }}]', { x: {} }), '[||||]');
    assert.equal(await attempt('[{{ x[k] }}]', { x: { a: 1 }, k: '__proto__' }), '[]');
  });

  test('a key chosen by the request cannot read a function either', async () => {
    for (const k of ['constructor', '__proto__', '__defineGetter__', '__lookupGetter__']) {
      assert.equal(await attempt('{{ row[k] }}', { row: { name: 'ada' }, k }), '', k);
    }
    assert.equal(await attempt('{{ row[k] }}', { row: { name: 'ada' }, k: 'name' }), 'ada');
  });

  test('ordinary members, indexes and names the app defines keep working', async () => {
    assert.equal(await attempt('{{ u.name }} {{ u["name"] }} {{ xs[1] }} {{ xs.length }} {{ s.toUpperCase() }}', { u: { name: 'a' }, xs: [1, 2], s: 'x' }), 'a a 2 2 X');
    assert.equal(await attempt('{{ constructor }}', { constructor: 'mine' }), 'mine');
    assert.equal(await attempt('{% set constructor = "set" %}{{ constructor }}'), 'set');
    assert.equal(await attempt('{% for constructor in ["loop"] %}{{ constructor }}{% endfor %}'), 'loop');
    assert.equal(await attempt('{{ u.prototype }}', { u: Object.create(null, { prototype: { value: 'own' } }) }), '');
  });
});

describe('guard helpers', () => {
  test('isBlockedMember names the constructor and prototype plumbing only', () => {
    for (const name of ['constructor', 'prototype', '__proto__', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']) {
      assert.equal(isBlockedMember(name), true, name);
    }
    for (const name of ['name', 'toString', 'length', 'Constructor']) assert.equal(isBlockedMember(name), false, name);
  });

  test('guardMemberKey turns blocked keys (also as objects) into a key nothing has', () => {
    assert.equal(guardMemberKey('name'), 'name');
    assert.equal(guardMemberKey(2), 2);
    assert.equal(typeof guardMemberKey('constructor'), 'symbol');
    assert.equal(typeof guardMemberKey(['__proto__']), 'symbol');
    assert.equal(({} as Record<PropertyKey, unknown>)[guardMemberKey('constructor') as symbol], undefined);
  });

  test('guardName hides only what Object.prototype supplies', () => {
    assert.equal(guardName(Object, 'constructor'), undefined);
    assert.equal(guardName(Object.prototype, '__proto__'), undefined);
    assert.equal(guardName('mine', 'constructor'), 'mine');
    assert.equal(guardName(Object, 'Object'), Object);
  });
});
