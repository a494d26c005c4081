import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateNotFound, TemplatesNotFound, TemplateSyntaxError, TemplateRuntimeError } from '../src/index.js';

test('messages name the template, the folders and the line; classes keep Jinja names', () => {
  const notFound = new TemplateNotFound('a.html', ['/t1', '/t2']);
  assert.equal(notFound.name, 'TemplateNotFound');
  assert.equal(notFound.message, "template not found: 'a.html' (searched: /t1, /t2)");
  const list = new TemplatesNotFound(['a.html', 'b.html'], []);
  assert.ok(list instanceof TemplateNotFound);
  assert.equal(list.templateName, 'b.html');
  assert.equal(list.message, 'none of the templates given were found: a.html, b.html (searched: no template folders)');
  const syntax = new TemplateSyntaxError('unexpected end', { templateName: 'p.html', lineno: 3 });
  assert.equal(syntax.message, "unexpected end ('p.html', line 3)");
  assert.equal(new TemplateRuntimeError('boom', {}).message, 'boom (template string)');
});

test('they carry no status or expose flag, so error handlers treat them as 500s that are never shown', () => {
  const err = new TemplateNotFound('a.html', ['/secret/path']);
  assert.equal('status' in err, false);
  assert.equal('expose' in err, false);
});
