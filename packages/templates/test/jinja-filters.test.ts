import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureEnv } from './helpers.js';

test('xmlattr escapes values, drops null, and refuses attribute names that inject (CVE-2024-22195, CVE-2024-34064)', async () => {
  const env = fixtureEnv();
  assert.equal(await env.renderString('<a{{ a|xmlattr }}>', { a: { href: '"><script>', n: null } }), '<a href="&#34;&gt;&lt;script&gt;">');
  for (const key of ['onclick x', 'a/b', 'a>b', 'a=b']) {
    await assert.rejects(env.renderString('<a{{ a|xmlattr }}>', { a: { [key]: 1 } }), /Invalid character in attribute name/);
  }
});

test('map, unique, min, max, attr, format, filesizeformat', async () => {
  const env = fixtureEnv();
  const users = [{ name: 'Bo', age: 3 }, { name: 'al', age: 1 }];
  assert.equal(await env.renderString('{{ users|map(attribute="name")|join(",") }}', { users }), 'Bo,al');
  assert.equal(await env.renderString('{{ (users|min(attribute="age")).name }}|{{ (users|max(attribute="name")).name }}', { users }), 'al|Bo');
  assert.equal(await env.renderString('{{ ["x","X","y"]|unique|join }}|{{ u|attr("name") }}', { u: { name: 'n' } }), 'xy|n');
  assert.equal(await env.renderString('{{ "%-4s|%+d|%03d"|format("a", 5, -7) }}'), 'a   |+5|-07');
  assert.equal(await env.renderString('{{ "%(k)s!"|format(k="v") }}|{{ 5000000000|filesizeformat }}'), 'v!|5.0 GB');
});
