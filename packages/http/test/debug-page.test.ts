import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugPage } from '../src/index.js';

test('the debug page escapes the message, the stack and causes', () => {
  const inner = new Error('<img src=x onerror=alert(1)>');
  const outer = new TypeError('"quoted" & <b>', { cause: inner });
  const html = debugPage(outer);
  assert.ok(html.startsWith('<!doctype html>'));
  assert.match(html, /<h1>TypeError: &#34;quoted&#34; &amp; &lt;b&gt;<\/h1>/);
  assert.match(html, /Caused by/);
  assert.ok(!html.includes('<img'));
  assert.ok(!html.includes('<b>'));
});

test('non-errors are shown as text', () => {
  assert.match(debugPage('<oops>'), /Error: &lt;oops&gt;/);
});
