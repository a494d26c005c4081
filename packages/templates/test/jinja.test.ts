import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Markup } from '@kolba/http';
import { fixtureEnv } from './helpers.js';

test('Jinja tests nunjucks lacks: none, boolean, true, false, integer, float, sequence, escaped (and the in operator)', async () => {
  const env = fixtureEnv();
  const src = [
    '{{ n is none }}{{ 0 is none }}',
    '{{ b is boolean }}{{ 1 is boolean }}',
    '{{ b is true }}{{ 1 is true }}{{ false is false }}',
    '{{ 3 is integer }}{{ 3.5 is integer }}{{ 3.5 is float }}',
    '{{ "ab" is sequence }}{{ [1] is sequence }}{{ 1 is sequence }}',
    '{{ 2 in [1, 2] }}{{ "b" in "abc" }}{{ "k" in d }}{{ 9 in [1] }}',
    '{{ m is escaped }}{{ "x"|safe is escaped }}{{ "x" is escaped }}',
  ].join('|');
  const out = await env.renderString(src, { n: null, b: true, d: { k: 1 }, m: new Markup('x') });
  assert.equal(
    out,
    'truefalse|truefalse|truefalsetrue|truefalsetrue|truetruefalse|truetruetruefalse|truetruefalse',
  );
});

test('Flask\'s template_test.html: {% if value is boolean %}', async () => {
  assert.equal(await fixtureEnv().renderString('{% if value is boolean %}Success!{% endif %}', { value: false }), 'Success!');
});

test('True, False and None are spelled the Python way too', async () => {
  assert.equal(await fixtureEnv().renderString('{{ True == true }}{{ False == false }}{{ None is none }}'), 'truetruetrue');
});

test('forceescape escapes even Markup; e does not', async () => {
  const out = await fixtureEnv().renderString('{{ m|e }}|{{ m|forceescape }}', { m: new Markup('<b>&amp;</b>') });
  assert.equal(out, '<b>&amp;</b>|&lt;b&gt;&amp;amp;&lt;/b&gt;');
});

test('items and count filters', async () => {
  const env = fixtureEnv();
  const out = await env.renderString('{% for k, v in d|items %}{{ k }}={{ v }};{% endfor %}{{ d|count }}{{ [1,2]|count }}', {
    d: { a: 1, b: 2 },
  });
  assert.equal(out, 'a=1;b=2;22');
  assert.equal(await env.renderString('{% for k, v in m|items %}{{ k }}{{ v }}{% endfor %}', { m: new Map([['x', 1]]) }), 'x1');
});

test('dict() global builds an object from keywords', async () => {
  assert.equal(await fixtureEnv().renderString('{{ dict(a=1, b="x").b }}{{ dict({ "c": 2 }).c }}'), 'x2');
});
