import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile, utimes } from 'node:fs/promises';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemplateEnvironment, TemplateNotFound, TemplatesNotFound, TemplateSyntaxError } from '../src/index.js';
import { splitTemplatePath } from '../src/store.js';
import { APP_TEMPLATES, BP_TEMPLATES, fixtureEnv } from './helpers.js';

async function tempFolder(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kolba-templates-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('splitTemplatePath (Jinja split_template_path)', () => {
  test('splits on / and drops empty and . pieces', () => {
    assert.deepEqual(splitTemplatePath('a/./b//c.html'), ['a', 'b', 'c.html']);
    assert.deepEqual(splitTemplatePath('/abs.html'), ['abs.html']);
  });

  test('refuses names that could leave the folder', () => {
    for (const name of ['../secret', 'a/../../b', 'a\\..\\b', 'x\0.html', '', '.']) {
      assert.equal(splitTemplatePath(name), undefined, JSON.stringify(name));
    }
  });

  test('a traversal name is simply not found', async () => {
    const err = await fixtureEnv().render('../templates/shared.html').catch((e: unknown) => e);
    assert.ok(err instanceof TemplateNotFound);
  });
});

describe('folders', () => {
  test('first match wins: the app folder shadows the blueprint folder', async () => {
    assert.equal(await fixtureEnv().render('shared.html'), 'app version');
    const reversed = new TemplateEnvironment({ folder: [BP_TEMPLATES, APP_TEMPLATES] });
    assert.equal(await reversed.render('shared.html'), 'blueprint version');
  });

  test('a directory with a template\'s name is not a match', async (t) => {
    const dir = await tempFolder(t);
    await mkdir(join(dir, 'page.html'));
    const env = new TemplateEnvironment({ folder: [dir, APP_TEMPLATES] });
    await assert.rejects(env.render('page.html'), TemplateNotFound);
    assert.equal(await env.render('shared.html'), 'app version');
  });

  test('a list where nothing exists is TemplatesNotFound naming every candidate', async () => {
    const err = await fixtureEnv().render(['a.html', 'b.html']).catch((e: unknown) => e);
    assert.ok(err instanceof TemplatesNotFound);
    assert.deepEqual(err.templates, ['a.html', 'b.html']);
    assert.match(err.message, /none of the templates given were found: a\.html, b\.html/);
  });
});

describe('caching and reload', () => {
  test('a template missing at first is found once it exists, even without autoReload', async (t) => {
    const dir = await tempFolder(t);
    const env = new TemplateEnvironment({ folder: dir });
    await assert.rejects(env.render('late.html'), TemplateNotFound);
    await writeFile(join(dir, 'late.html'), 'arrived');
    assert.equal(await env.render('late.html'), 'arrived');
  });

  test('many distinct missing names do not break lookups (the absent set is bounded)', async () => {
    const env = fixtureEnv();
    for (let i = 0; i < 1100; i++) await env.render(`nope-${i}.html`).catch(() => undefined);
    assert.equal(await env.render('dynamic.html', { names: ['shared.html'] }), 'app version;');
  });

  test('without autoReload a changed file keeps rendering the cached version', async (t) => {
    const dir = await tempFolder(t);
    await writeFile(join(dir, 'p.html'), 'one');
    const env = new TemplateEnvironment({ folder: dir });
    assert.equal(await env.render('p.html'), 'one');
    await writeFile(join(dir, 'p.html'), 'two');
    assert.equal(await env.render('p.html'), 'one');
    env.clearCache();
    assert.equal(await env.render('p.html'), 'two');
  });

  test('with autoReload (DEBUG) edits to a template and to its parent show up on the next render', async (t) => {
    const dir = await tempFolder(t);
    await writeFile(join(dir, 'base.html'), 'B1[{% block b %}{% endblock %}]');
    await writeFile(join(dir, 'p.html'), '{% extends "base.html" %}{% block b %}one{% endblock %}');
    const env = new TemplateEnvironment({ folder: dir, config: { DEBUG: true } });
    assert.equal(await env.render('p.html'), 'B1[one]');
    await writeFile(join(dir, 'p.html'), '{% extends "base.html" %}{% block b %}two!{% endblock %}');
    assert.equal(await env.render('p.html'), 'B1[two!]');
    await writeFile(join(dir, 'base.html'), 'B2[{% block b %}{% endblock %}]');
    assert.equal(await env.render('p.html'), 'B2[two!]');
  });

  test('with autoReload a same-size edit with an older mtime is still noticed (mtime compared, not ordered)', async (t) => {
    const dir = await tempFolder(t);
    const file = join(dir, 'p.html');
    await writeFile(file, 'aaa');
    const env = new TemplateEnvironment({ folder: dir, autoReload: true });
    assert.equal(await env.render('p.html'), 'aaa');
    await writeFile(file, 'bbb');
    await utimes(file, new Date(2000, 0, 1), new Date(2000, 0, 1));
    assert.equal(await env.render('p.html'), 'bbb');
  });

  test('with autoReload a deleted template becomes TemplateNotFound and a created one appears', async (t) => {
    const dir = await tempFolder(t);
    await writeFile(join(dir, 'p.html'), 'here');
    const env = new TemplateEnvironment({ folder: dir, autoReload: true });
    assert.equal(await env.render('p.html'), 'here');
    await rm(join(dir, 'p.html'));
    await assert.rejects(env.render('p.html'), TemplateNotFound);
    await writeFile(join(dir, 'p.html'), 'back');
    assert.equal(await env.render('p.html'), 'back');
  });

  test('a syntax error fixed on disk renders once reloaded', async (t) => {
    const dir = await tempFolder(t);
    await writeFile(join(dir, 'p.html'), '{% if x %}open');
    const env = new TemplateEnvironment({ folder: dir, autoReload: true });
    await assert.rejects(env.render('p.html'), TemplateSyntaxError);
    await writeFile(join(dir, 'p.html'), '{% if x %}open{% endif %}');
    assert.equal(await env.render('p.html', { x: true }), 'open');
  });

  test('concurrent first renders of one template all get the right output', async () => {
    const env = fixtureEnv();
    const outs = await Promise.all(Array.from({ length: 10 }, (_, i) => env.render('loops.html', { items: [i] })));
    outs.forEach((out, i) => assert.equal(out, `[${i}]\n([${i}])`));
  });
});

describe('EXPLAIN_TEMPLATE_LOADING', () => {
  test('logs every folder tried and the result, like Flask\'s explain_template_loading_attempts', async () => {
    const lines: string[] = [];
    const env = fixtureEnv({ config: { EXPLAIN_TEMPLATE_LOADING: true }, logger: { info: (m) => lines.push(m) } });
    await env.render('bp_only.html');
    await env.render('nope.html').catch(() => undefined);
    const found = lines.find((l) => l.startsWith("Locating template 'bp_only.html'")) ?? '';
    assert.match(found, /1: trying folder '.*app\/templates'\n\s+no match/);
    assert.match(found, /2: trying folder '.*bp\/templates'\n\s+found \('.*bp_only\.html'\)/);
    const missing = lines.find((l) => l.startsWith("Locating template 'nope.html'")) ?? '';
    assert.match(missing, /Error: the template could not be found\.$/);
  });

  test('is silent by default', async () => {
    const lines: string[] = [];
    await fixtureEnv({ logger: { info: (m) => lines.push(m) } }).render('shared.html');
    assert.deepEqual(lines, []);
  });
});

describe('never blocks the event loop on file reads', () => {
  test('loading, including, extending and auto-reloading use no synchronous fs call', async (t) => {
    const dir = await tempFolder(t);
    await writeFile(join(dir, 'base.html'), '<{% block b %}{% endblock %}>');
    await writeFile(join(dir, 'part.html'), 'part');
    await writeFile(join(dir, 'p.html'), '{% extends "base.html" %}{% block b %}{% include "part.html" %}{% include name %}{% endblock %}');
    const fs = createRequire(import.meta.url)('node:fs') as Record<string, unknown>;
    const names = Object.keys(fs).filter((name) => name.endsWith('Sync') && typeof fs[name] === 'function');
    const saved = new Map(names.map((name) => [name, fs[name]]));
    const used: string[] = [];
    for (const name of names) {
      fs[name] = (...args: unknown[]) => {
        used.push(name);
        return (saved.get(name) as (...a: unknown[]) => unknown)(...args);
      };
    }
    syncBuiltinESMExports();
    try {
      const env = new TemplateEnvironment({ folder: dir, config: { DEBUG: true } });
      assert.equal(await env.render('p.html', { name: 'part.html' }), '<partpart>');
      assert.equal(await env.render('p.html', { name: 'part.html' }), '<partpart>');
      await assert.rejects(env.render('nope.html'), TemplateNotFound);
    } finally {
      for (const [name, fn] of saved) fs[name] = fn;
      syncBuiltinESMExports();
    }
    assert.deepEqual(used, []);
  });
});
