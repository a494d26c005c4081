import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NotFound, abort } from '@kolba/http';
import { TemplateNotFound, TemplateRuntimeError, TemplateSyntaxError } from '../src/index.js';
import { fixtureEnv } from './helpers.js';

describe('errors', () => {
  test('a missing template names itself and the searched folders', async () => {
    const err = await fixtureEnv().render('missing.html').catch((e: unknown) => e);
    assert.ok(err instanceof TemplateNotFound);
    assert.equal(err.templateName, 'missing.html');
    assert.equal(err.searched.length, 2);
    assert.match(err.message, /missing\.html/);
    assert.match(err.message, /fixtures\/app\/templates/);
  });

  test('a missing included template is a TemplateNotFound too', async () => {
    const err = await fixtureEnv().render('includes_missing.html').catch((e: unknown) => e);
    assert.ok(err instanceof TemplateNotFound);
    assert.equal(err.templateName, 'nowhere.html');
  });

  test('a missing {% endif %} is a TemplateSyntaxError naming the template and the line', async () => {
    const err = await fixtureEnv().render('missing_endif.html').catch((e: unknown) => e);
    assert.ok(err instanceof TemplateSyntaxError);
    assert.equal(err.templateName, 'missing_endif.html');
    assert.equal(err.lineno, 4);
    assert.match(err.message, /endif/);
    assert.match(err.message, /'missing_endif\.html', line 4/);
    assert.match(err.filename ?? '', /missing_endif\.html$/);
  });

  test('a syntax error in the middle of a file reports that line', async () => {
    const err = await fixtureEnv().renderString('ok\nok\n{{ a b }}').catch((e: unknown) => e);
    assert.ok(err instanceof TemplateSyntaxError);
    assert.equal(err.lineno, 3);
    assert.equal(err.templateName, undefined);
  });

  test('nunjucks runtime errors name the template and line', async () => {
    const err = await fixtureEnv().renderString('one\n{{ nope() }}').catch((e: unknown) => e);
    assert.ok(err instanceof TemplateRuntimeError);
    assert.match(err.message, /Unable to call `nope`/);
    assert.equal(err.lineno, 2);
  });

  test('errors raised by your own code propagate unchanged (abort(404) in a template is a 404)', async () => {
    const env = fixtureEnv({ globals: { deny: () => abort(404) } });
    const err = await env.renderString('{{ deny() }}').catch((e: unknown) => e);
    assert.ok(err instanceof NotFound);
  });
});

test('an error inside an included template names the included template', async () => {
  const err = await fixtureEnv().renderString('a\n{% include "sub/calls_nope.html" %}').catch((e: unknown) => e);
  assert.ok(err instanceof TemplateRuntimeError);
  assert.equal(err.templateName, 'sub/calls_nope.html');
  assert.match(err.message, /Unable to call `nope`/);
});

test('Jinja syntax nunjucks chokes on is still a TemplateSyntaxError naming the template', async () => {
  const err = await fixtureEnv().renderString('{% set ns = {} %}{% set ns.a = 2 %}').catch((e: unknown) => e);
  assert.ok(err instanceof TemplateSyntaxError);
  assert.match(err.message, /could not compile/);
});

test('endless self-include and self-extends fail with an error instead of hanging or crashing', async (t) => {
  const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { TemplateEnvironment } = await import('../src/index.js');
  const dir = await mkdtemp(join(tmpdir(), 'kolba-templates-loop-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'self.html'), 'x{% include "self.html" %}');
  await writeFile(join(dir, 'ext.html'), '{% extends "ext.html" %}');
  await writeFile(join(dir, 'a.html'), '{% include "b.html" %}');
  await writeFile(join(dir, 'b.html'), '{% include "a.html" %}');
  await writeFile(join(dir, 'ok.html'), 'ok');
  const env = new TemplateEnvironment({ folder: dir });
  for (const name of ['self.html', 'ext.html', 'a.html']) {
    const err = await env.render(name).catch((e: unknown) => e);
    assert.ok(err instanceof Error, name);
  }
  assert.equal(await env.render('ok.html'), 'ok');
});
