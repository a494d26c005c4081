import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escape, isHtmlSafe, Markup } from '../src/index.js';

test('escape uses MarkupSafe entities for exactly & < > " \'', () => {
  assert.equal(escape(`<a href="x">'&'</a> \`=/\\`).toString(), '&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt; `=/\\');
});

test('safe values are not escaped twice, including duck-typed __html__ objects', () => {
  const m = new Markup('<b>x</b>');
  assert.equal(escape(m), m);
  assert.equal(escape(escape('<')).toString(), '&lt;');
  const duck = { __html__: () => '<i>duck</i>' };
  assert.ok(isHtmlSafe(duck));
  assert.equal(escape(duck).toString(), '<i>duck</i>');
  assert.equal(isHtmlSafe('<b>'), false);
  assert.equal(isHtmlSafe({ __html__: 'not callable' }), false);
});

test('non-strings are stringified before escaping', () => {
  assert.equal(escape(5).toString(), '5');
  assert.equal(escape(null).toString(), 'null');
});

test('Markup.concat and join escape only unsafe operands', () => {
  assert.equal(new Markup('<p>').concat('a & b', new Markup('</p>')).toString(), '<p>a &amp; b</p>');
  assert.equal(new Markup('<br>').join(['<', new Markup('<hr>')]).toString(), '&lt;<br><hr>');
});

test('Markup.striptags and unescape', () => {
  assert.equal(new Markup('<p>a  <!-- c --> <b>b</b>\n&amp; c</p>').striptags(), 'a b & c');
  assert.equal(new Markup('&lt;&#39;&#x41;&#34;&gt;&bogus;').unescape(), `<'A">&bogus;`);
});

test('Markup prints verbatim in template literals and JSON', () => {
  const m = new Markup('<b>');
  assert.equal(`${m}`, '<b>');
  assert.equal(JSON.stringify({ m }), '{"m":"<b>"}');
  assert.equal(m.length, 3);
});
