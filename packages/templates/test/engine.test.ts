import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Markup, escape } from '@kolba/http';
import { TemplateSyntaxError } from '../src/index.js';
import { fixtureEnv } from './helpers.js';

// What attackers put in fields that end up in pages (ecosystem.md §4.6).
const XSS_CORPUS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '</script><script>alert(1)</script>',
  '<!--<script>',
  '&lt;already&gt;',
  '\u2028\u2029<svg onload=alert(1)>',
  '`${alert(1)}`',
];

describe('autoescaped output (MarkupSafe rules)', () => {
  test('every corpus entry is inert in text, double-quoted and single-quoted attributes', async () => {
    const env = fixtureEnv();
    for (const value of XSS_CORPUS) {
      const out = await env.renderString(`<p>{{ v }}</p><a title="{{ v }}" data-x='{{ v }}'>`, { v: value });
      const inner = out.slice('<p>'.length, out.indexOf('</p>'));
      assert.doesNotMatch(inner, /[<>"']/, value);
      const attrs = out.slice(out.indexOf('<a ') + 3, -1);
      assert.equal(attrs, `title="${escape(value).toString()}" data-x='${escape(value).toString()}'`);
    }
  });

  test('uses Jinja\'s table (&#34; &#39;), not nunjucks\' (&quot; &#92;)', async () => {
    assert.equal(await fixtureEnv().renderString('{{ v }}', { v: `<&>"'\\` }), '&lt;&amp;&gt;&#34;&#39;\\');
  });

  test('Markup and any __html__ object print verbatim; |safe marks text safe; |e never double-escapes', async () => {
    const env = fixtureEnv();
    const html = { __html__: () => '<em>duck</em>' };
    const out = await env.renderString('{{ m }}|{{ h }}|{{ s|safe }}|{{ m|e }}|{{ s|e|e }}', {
      m: new Markup('<b>ok</b>'),
      h: html,
      s: '<i>',
    });
    assert.equal(out, '<b>ok</b>|<em>duck</em>|<i>|<b>ok</b>|&lt;i&gt;');
  });

  test('nunjucks built-in filters accept Markup and keep it safe where nunjucks can', async () => {
    const out = await fixtureEnv().renderString('{{ m|upper }}|{{ m|trim }}|{{ m|length }}', { m: new Markup(' <b>x</b> ') });
    // upper drops safety in nunjucks (Jinja's Markup.upper keeps it): escaped, but no crash.
    assert.equal(out, ' &lt;B&gt;X&lt;/B&gt; |<b>x</b>|10');
  });

  test('Markup.concat escapes the plain operand (Markup + str)', async () => {
    const out = await fixtureEnv().renderString('{{ m }}', { m: new Markup('<b>').concat('<script>', new Markup('</b>')) });
    assert.equal(out, '<b>&lt;script&gt;</b>');
  });

  test('an object whose toString returns HTML is escaped', async () => {
    const out = await fixtureEnv().renderString('{{ o }}', { o: { toString: () => '<x>' } });
    assert.equal(out, '&lt;x&gt;');
  });

  test('undefined values and undefined attribute chains render as empty text', async () => {
    assert.equal(await fixtureEnv().renderString('[{{ nope }}|{{ nope.attr.deeper }}|{{ n }}]', { n: null }), '[||]');
  });

  test('a {% set %} block is captured as safe markup, like Jinja (escaped once, not twice)', async () => {
    const src = '{% set x %}<b>{{ y }}</b>{% endset %}{{ x }}|{% autoescape false %}{% set r %}<i>{{ y }}</i>{% endset %}{% endautoescape %}{{ r }}';
    assert.equal(await fixtureEnv().renderString(src, { y: '<y>' }), '<b>&lt;y&gt;</b>|&lt;i&gt;&lt;y&gt;&lt;/i&gt;');
  });

  test('a {% filter %} block body is safe markup for filters that keep safety', async () => {
    assert.equal(await fixtureEnv().renderString('{% filter trim %} <b>{{ y }}</b> {% endfilter %}', { y: '<y>' }), '<b>&lt;y&gt;</b>');
  });

  test('macro and caller output is not escaped again', async () => {
    const src = '{% macro box() %}<div>{{ caller() }}</div>{% endmacro %}{% call box() %}<b>{{ v }}</b>{% endcall %}';
    assert.equal(await fixtureEnv().renderString(src, { v: '<x>' }), '<div><b>&lt;x&gt;</b></div>');
  });
});

describe('{% autoescape %} blocks', () => {
  test('false turns escaping off inside an escaped template, true turns it on in a .txt', async () => {
    const env = fixtureEnv();
    const src = '{{ v }}|{% autoescape false %}{{ v }}{% endautoescape %}|{{ v }}';
    assert.equal(await env.renderString(src, { v: '<' }), '&lt;|<|&lt;');
  });

  test('the innermost block wins; True/False spellings work', async () => {
    const src = '{% autoescape False %}{{ v }}{% autoescape True %}{{ v }}{% endautoescape %}{{ v }}{% endautoescape %}';
    assert.equal(await fixtureEnv().renderString(src, { v: '<' }), '<&lt;<');
  });

  test('|safe inside an escaping block and |e inside a raw block keep their meaning', async () => {
    const src = '{% autoescape false %}{{ v|e }}{% endautoescape %}{% autoescape true %}{{ v|safe }}{% endautoescape %}';
    assert.equal(await fixtureEnv().renderString(src, { v: '<' }), '&lt;<');
  });

  test('a non-constant argument is a syntax error', async () => {
    await assert.rejects(fixtureEnv().renderString('{% autoescape flag %}x{% endautoescape %}'), TemplateSyntaxError);
  });
});

describe('tojson in templates', () => {
  test('is safe in <script> and single-quoted attributes and not escaped again', async () => {
    for (const value of XSS_CORPUS) {
      const out = await fixtureEnv().render('script.html', { data: { value, list: [value] } });
      const [script, attr] = out.split('\n') as [string, string];
      const json = script.slice('<script>var data = '.length, -';</script>'.length);
      assert.doesNotMatch(json, /<\/?script|<!--|[<>&'\u2028\u2029]/i, value);
      assert.deepEqual(new Function(`return ${json};`)(), { value, list: [value] });
      const attrJson = attr.slice("<div data-x='".length, -"'></div>".length);
      assert.equal(attrJson, json);
    }
  });

  test('a |safe string serialises as a string', async () => {
    assert.equal(await fixtureEnv().renderString("{{ ('<b>'|safe)|tojson }}"), '"\\u003cb\\u003e"');
  });

  test('indent as positional or keyword argument', async () => {
    const env = fixtureEnv();
    assert.equal(await env.renderString('{{ v|tojson(2) }}', { v: [1] }), '[\n  1\n]');
    assert.equal(await env.renderString('{{ v|tojson(indent=1) }}', { v: [1] }), '[\n 1\n]');
  });
});
