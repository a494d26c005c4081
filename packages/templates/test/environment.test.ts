import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Markup } from '@kolba/http';
import { TemplateEnvironment, TemplateNotFound } from '../src/index.js';
import { APP_TEMPLATES, fakeCtx, fixtureEnv } from './helpers.js';

describe('autoescape by template name (Flask select_jinja_autoescape)', () => {
  test('templates are escaped or not by their own name', async () => {
    const env = fixtureEnv();
    const value = '<b>&"\'';
    const escaped = '&lt;b&gt;&amp;&#34;&#39;';
    for (const name of ['escape.xml', 'escape.svg', 'escape.htm', 'escape.xhtml']) {
      assert.equal(await env.render(name, { value }), escaped, name);
    }
    for (const name of ['escape.HTML', 'escape.js']) assert.equal(await env.render(name, { value }), value, name);
    assert.equal(await env.render('escape.html', { value }), `${escaped}|${escaped}|${value}`);
    // |e still escapes where autoescape is off, |safe is a no-op there (Flask test_no_escaping).
    assert.equal(await env.render('escape.txt', { value }), `${value}|${escaped}|${value}`);
  });

  test('an included .txt keeps its own setting inside an .html page', async () => {
    const out = await fixtureEnv().render('mixed.html', { value: '<i>' });
    assert.equal(out, '&lt;i&gt;|<i>|&lt;i&gt;|<i>');
  });

  test('selectAutoescape option replaces the rule', async () => {
    const env = fixtureEnv({ selectAutoescape: () => true });
    assert.equal(await env.render('escape.js', { value: '<' }), '&lt;');
  });
});

describe('template context (Flask update_template_context)', () => {
  test('every Flask name is available: request, session, g, config, url_for, urlFor, get_flashed_messages', async () => {
    const flashes = [['message', 'Saved <ok>']];
    const ctx = fakeCtx({ session: { test: 'sess', _flashes: flashes } });
    const out = await fixtureEnv({ config: { DEBUG: false } }).render('standard.html', {}, ctx);
    assert.match(out, /<title>Base \/ standard<\/title>/);
    assert.match(out, /request\.path=\/here\n/);
    assert.match(out, /request\.query\.foo=42\n/);
    assert.match(out, /g\.foo=gee\n/);
    assert.match(out, /config\.DEBUG=false\n/);
    assert.match(out, /session\.test=sess\n/);
    assert.match(out, /url_for=\/show_post\?post_id=7#c\n/);
    assert.match(out, /urlFor=\/show_post\?post_id=8\n/);
    assert.match(out, /flash=Saved &lt;ok&gt;\n/);
  });

  test('explicit arguments win over context processors, which win over ctx.state and globals', async () => {
    const env = fixtureEnv({
      config: { X: 1 },
      globals: { who: 'global' },
      contextProcessors: [() => ({ a: 'p1', b: 'p1', who: 'processor' }), async () => ({ b: 'p2' })],
    });
    const ctx = fakeCtx({ state: { a: 'state', s: 'state' } });
    assert.equal(await env.renderString('{{ a }}|{{ b }}|{{ s }}|{{ who }}', {}, ctx), 'p1|p2|state|processor');
    assert.equal(await env.renderString('{{ b }}|{{ config }}', { b: 'explicit', config: 42 }, ctx), 'explicit|42');
  });

  test('mergeState: false keeps ctx.state out of templates', async () => {
    const env = fixtureEnv({ mergeState: false });
    assert.equal(await env.renderString('[{{ s }}]', {}, fakeCtx({ state: { s: 'x' } })), '[]');
  });

  test('context processors receive the Koa context (undefined outside a request)', async () => {
    const seen: unknown[] = [];
    const env = fixtureEnv({ contextProcessors: [(ctx) => void seen.push(ctx)] });
    const ctx = fakeCtx();
    await env.renderString('x', {}, ctx);
    await env.renderString('x');
    assert.deepEqual(seen, [ctx, undefined]);
  });

  test('renders without a request: config and processors work, request/session/g are empty', async () => {
    const env = fixtureEnv({ config: { NAME: 'app' }, contextProcessors: [() => ({ p: 1 })] });
    assert.equal(await env.renderString('{{ config.NAME }}{{ p }}[{{ request }}{{ session }}{{ g }}]'), 'app1[]');
  });

  test('macros imported without context still see Flask globals (they are Jinja globals)', async () => {
    const out = await fixtureEnv().render('nav.html', {}, fakeCtx({ g: { user: 'ann' } }));
    assert.equal(out, '<a href="/index">Home</a>|ann');
  });

  test('url_for outside a request uses the urlFor option, or says what is missing', async () => {
    const env = fixtureEnv({ urlFor: (endpoint) => `https://example.com/${endpoint}` });
    assert.equal(await env.renderString("{{ url_for('index') }}"), 'https://example.com/index');
    await assert.rejects(fixtureEnv().renderString("{{ url_for('index') }}"), /needs the templates\(\{ urlFor \}\) option/);
    await assert.rejects(fixtureEnv().renderString("{{ url_for('index') }}", {}, {}), /ctx\.urlFor is not set/);
  });

  test('two concurrent renders never see each other\'s request values', async () => {
    const env = fixtureEnv({ contextProcessors: [async () => { await new Promise((r) => setTimeout(r, 5)); return {}; }] });
    const renders = Array.from({ length: 20 }, (_, i) =>
      env.render('nav.html', { n: i }, fakeCtx({ g: { user: `user${i}` } })),
    );
    const outputs = await Promise.all(renders);
    outputs.forEach((out, i) => assert.ok(out.endsWith(`|user${i}`), out));
  });
});

describe('registration (add_template_filter / test / global)', () => {
  test('options and methods register filters, tests and globals; a global can replace a Flask one', async () => {
    const env = fixtureEnv({ filters: { reverse: (s: string) => [...s].reverse().join('') } });
    env.addTest('boring', (v: unknown) => v === 'boring');
    env.addGlobal('answer', () => 42);
    env.addGlobal('url_for', () => '/replaced');
    const out = await env.renderString(
      "{{ 'abc'|reverse }}|{{ 'boring' is boring }}|{{ answer() }}|{{ url_for('x') }}",
      {},
      fakeCtx(),
    );
    assert.equal(out, 'cba|true|42|/replaced');
  });

  test('addContextProcessor appends a processor', async () => {
    const env = fixtureEnv();
    env.addContextProcessor(() => ({ late: 'yes' }));
    assert.equal(await env.renderString('{{ late }}'), 'yes');
  });

  test('filter output is escaped unless it returns Markup', async () => {
    const env = fixtureEnv({ filters: { bold: (s: string) => `<b>${s}</b>` } });
    assert.equal(await env.renderString("{{ 'x'|bold }}|{{ 'x'|bold|safe }}"), '&lt;b&gt;x&lt;/b&gt;|<b>x</b>');
  });
});

describe('loading', () => {
  test('includes inside loops and set blocks render (preloaded, unlike nunjucks async loaders)', async () => {
    const out = await fixtureEnv().render('loops.html', { items: [1, 2] });
    assert.equal(out, '[1][2]\n([1][2])');
  });

  test('a template named at render time is loaded on demand', async () => {
    const env = fixtureEnv();
    assert.equal(await env.render('dynamic.html', { names: ['shared.html', 'bp_only.html'] }), 'app version;only in blueprint;');
  });

  test('a list of names renders the first that exists (Flask render_template([...]))', async () => {
    assert.equal(await fixtureEnv().render(['nope.html', 'bp_only.html', 'shared.html']), 'only in blueprint');
  });

  test('one trailing newline is dropped, as Jinja does (keep_trailing_newline=False)', async () => {
    assert.equal(await fixtureEnv().render('shared.html'), 'app version');
    assert.equal(await fixtureEnv().renderString('a\n\n'), 'a\n');
  });

  test('addTemplateFolder appends a folder searched last', async () => {
    const env = new TemplateEnvironment({ folder: APP_TEMPLATES });
    await assert.rejects(env.render('bp_only.html'), TemplateNotFound);
    env.addTemplateFolder(new URL('./fixtures/bp/templates', import.meta.url));
    assert.equal(await env.render('bp_only.html'), 'only in blueprint');
  });

  test('folder resolves against root (a directory or import.meta.url)', async () => {
    const env = new TemplateEnvironment({ folder: 'fixtures/app/templates', root: import.meta.url });
    assert.equal(await env.render('shared.html'), 'app version');
  });
});

describe('reload', () => {
  test('autoReload follows TEMPLATES_AUTO_RELOAD, then DEBUG (Flask test_templates_auto_reload matrix)', () => {
    assert.equal(new TemplateEnvironment().autoReload, false);
    assert.equal(new TemplateEnvironment({ config: { DEBUG: true } }).autoReload, true);
    assert.equal(new TemplateEnvironment({ debug: true }).autoReload, true);
    assert.equal(new TemplateEnvironment({ config: { DEBUG: true, TEMPLATES_AUTO_RELOAD: false } }).autoReload, false);
    assert.equal(new TemplateEnvironment({ config: { DEBUG: false, TEMPLATES_AUTO_RELOAD: true } }).autoReload, true);
    assert.equal(new TemplateEnvironment({ config: { TEMPLATES_AUTO_RELOAD: null, DEBUG: true } }).autoReload, true);
    const config: Record<string, unknown> = { DEBUG: false };
    const env = new TemplateEnvironment({ config });
    config['DEBUG'] = true; // app.debug = True later turns reloading on
    assert.equal(env.autoReload, true);
  });
});

describe('getTemplateAttribute (Flask get_template_attribute, test_macros)', () => {
  test('returns macros as functions returning Markup, and top-level variables', async () => {
    const env = fixtureEnv();
    const hello = (await env.getTemplateAttribute('_macro.html', 'hello')) as (name: string) => unknown;
    const out = hello('<World>');
    assert.ok(out instanceof Markup);
    assert.equal(String(out), 'Hello &lt;World&gt;!');
    assert.equal(await env.getTemplateAttribute('_macro.html', 'version'), 3);
    assert.equal(await env.getTemplateAttribute('_macro.html', 'nope'), undefined);
  });

  test('only names the template exports: inherited ones (constructor, toString) are undefined', async () => {
    const env = fixtureEnv();
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      assert.equal(await env.getTemplateAttribute('_macro.html', name), undefined, name);
    }
  });

  test('macros see the request passed in (url_for, g)', async () => {
    const link = (await fixtureEnv().getTemplateAttribute('macros.html', 'link', fakeCtx())) as (e: string, t: string) => unknown;
    assert.equal(String(link('index', 'Home')), '<a href="/index">Home</a>');
  });
});
