import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Koa from 'koa';
import request from 'supertest';
import { errorHandlers } from '@kolba/http';
import {
  TemplateEnvironment,
  renderTemplate,
  renderTemplateString,
  streamTemplate,
  streamTemplateString,
  templates,
} from '../src/index.js';
import { APP_TEMPLATES, BP_TEMPLATES } from './helpers.js';

function app(debug: boolean, route: (ctx: Koa.Context) => Promise<void>): Koa {
  const koa = new Koa();
  koa.silent = true;
  koa.on('error', () => undefined);
  koa.use(errorHandlers({}, { debug }));
  koa.use(templates({ folder: [APP_TEMPLATES, BP_TEMPLATES], config: { DEBUG: debug } }));
  koa.use(async function stand_ins(ctx, next) {
    // Stand-ins for @kolba/context (ctx.g) and @kolba/routing (ctx.urlFor).
    Object.assign(ctx, { g: { user: 'ann' }, urlFor: (endpoint: string) => `/${endpoint}` });
    await next();
  });
  koa.use(route);
  return koa;
}

describe('templates() middleware', () => {
  test('puts the environment on ctx and on the middleware', async () => {
    const mw = templates({ folder: APP_TEMPLATES });
    assert.ok(mw.environment instanceof TemplateEnvironment);
    assert.equal(mw.name, 'kolbaTemplates');
    const shared = new TemplateEnvironment({ folder: APP_TEMPLATES });
    assert.equal(templates(shared).environment, shared);
  });

  test('renderTemplate renders with the request\'s names', async () => {
    const koa = app(false, async function index(ctx) {
      ctx.body = await renderTemplate(ctx, 'nav.html');
    });
    const res = await request(koa.callback()).get('/');
    assert.equal(res.status, 200);
    assert.equal(res.text, '<a href="/index">Home</a>|ann');
  });

  test('renderTemplateString escapes request data passed as context', async () => {
    const koa = app(false, async function hello(ctx) {
      ctx.body = await renderTemplateString(ctx, '<p>Hello {{ name }} at {{ request.path }}</p>', { name: ctx.query['name'] });
    });
    const res = await request(koa.callback()).get('/x').query({ name: '<script>alert(1)</script>' });
    assert.equal(res.text, '<p>Hello &lt;script&gt;alert(1)&lt;/script&gt; at /x</p>');
  });

  test('streamTemplate sends text/html in chunks with the full page', async () => {
    const items = Array.from({ length: 5000 }, (_, i) => `é${i}`);
    const koa = app(false, async function big(ctx) {
      ctx.body = await streamTemplate(ctx, 'loops.html', { items });
    });
    const res = await request(koa.callback()).get('/');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'] ?? '', /^text\/html; charset=utf-8/);
    const once = items.map((i) => `[${i}]`).join('');
    assert.equal(res.text, `${once}\n(${once})`);
  });

  test('streamTemplateString keeps an explicit content type', async () => {
    const koa = app(false, async function csv(ctx) {
      ctx.type = 'text/csv';
      ctx.body = await streamTemplateString(ctx, '{% for r in rows %}{{ r }}\n{% endfor %}', { rows: ['a', 'b'] });
    });
    const res = await request(koa.callback()).get('/');
    assert.match(res.headers['content-type'] ?? '', /^text\/csv/);
    assert.equal(res.text, 'a\nb\n');
  });

  test('a missing streamed template fails before any byte is sent (a clean 500)', async () => {
    const koa = app(false, async function gone(ctx) {
      ctx.body = await streamTemplate(ctx, 'missing.html');
    });
    const res = await request(koa.callback()).get('/');
    assert.equal(res.status, 500);
  });

  test('an error while a streamed template renders is a clean 500, and the server keeps serving', async () => {
    const koa = app(false, async function fails(ctx) {
      ctx.body = await streamTemplateString(ctx, 'x{{ explode() }}', { explode: () => { throw new Error('boom'); } });
    });
    const server = request(koa.callback());
    const res = await server.get('/');
    assert.equal(res.status, 500);
    assert.doesNotMatch(res.text, /boom/);
    assert.equal((await server.get('/')).status, 500);
  });

  test('without templates() the helpers say how to fix it', async () => {
    const koa = new Koa();
    let message = '';
    koa.use(async function probe(ctx) {
      message = await renderTemplate(ctx, 'x.html').catch((e: Error) => e.message);
      ctx.body = 'ok';
    });
    await request(koa.callback()).get('/');
    assert.match(message, /add app\.use\(templates\(\{ folder \}\)\)/);
  });
});

describe('template errors over HTTP (seed 003: a missing {% endif %})', () => {
  const broken = async function missing_endif(ctx: Koa.Context) {
    ctx.body = await renderTemplate(ctx, 'missing_endif.html', { oxford_comma: true });
  };

  test('debug: the 500 page names the template and the line', async () => {
    const res = await request(app(true, broken).callback()).get('/missing_endif/');
    assert.equal(res.status, 500);
    assert.match(res.text, /TemplateSyntaxError/);
    assert.match(res.text, /missing_endif\.html(&#39;)?, line 4/);
  });

  test('production: a generic 500 with no template name, path or stack', async () => {
    const res = await request(app(false, broken).callback()).get('/missing_endif/');
    assert.equal(res.status, 500);
    assert.doesNotMatch(res.text, /missing_endif|endif|line 4|fixtures|\.ts:/);
    assert.match(res.text, /Internal Server Error/);
  });

  test('production: a missing template does not leak the searched folders', async () => {
    const res = await request(
      app(false, async function gone(ctx) {
        ctx.body = await renderTemplate(ctx, 'missing.html');
      }).callback(),
    ).get('/');
    assert.equal(res.status, 500);
    assert.doesNotMatch(res.text, /missing\.html|templates/);
  });

  test('debug: a missing template names itself and the searched folders', async () => {
    const res = await request(
      app(true, async function gone(ctx) {
        ctx.body = await renderTemplate(ctx, 'missing.html');
      }).callback(),
    ).get('/');
    assert.equal(res.status, 500);
    assert.match(res.text, /TemplateNotFound: template not found: &#39;missing\.html&#39;/);
    assert.match(res.text, /fixtures\/app\/templates, .*fixtures\/bp\/templates/);
  });
});

describe('hostile input over HTTP', () => {
  test('request data given as context is printed, never evaluated (no SSTI through arguments)', async () => {
    const koa = app(false, async function echo(ctx) {
      ctx.body = await renderTemplateString(ctx, '[{{ x }}]', { x: ctx.query['x'] });
    });
    for (const payload of ['{{ 7*7 }}', '{% raw %}{{ 7*7 }}', "{{ ''.constructor.constructor('return 1')() }}", '{% include "nav.html" %}']) {
      const res = await request(koa.callback()).get('/').query({ x: payload });
      assert.equal(res.status, 200);
      assert.doesNotMatch(res.text, /49|Home/, payload);
      assert.ok(res.text.startsWith('[{{ ') || res.text.startsWith('[{% '), res.text);
    }
  });

  test('a template name from the URL cannot leave the template folders (.., absolute, NUL, backslash)', async () => {
    const koa = app(true, async function page(ctx) {
      ctx.body = await renderTemplate(ctx, String(ctx.query['name']));
    });
    for (const name of ['../../../package.json', '../templates/nav.html', '/etc/passwd', 'nav.html\0', '..\\..\\package.json', 'C:\\Windows\\win.ini']) {
      const res = await request(koa.callback()).get('/').query({ name });
      assert.equal(res.status, 500, name);
      assert.match(res.text, /TemplateNotFound/, name);
      assert.doesNotMatch(res.text, /"name": "@kolba|root:|Home<\/a>/, name);
    }
  });

  test('a template that recurses without end is a 500 (Jinja: RecursionError), and the server keeps serving', async () => {
    const koa = app(false, async function loop(ctx) {
      ctx.body = await renderTemplateString(ctx, '{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}');
    });
    const server = request(koa.callback());
    assert.equal((await server.get('/')).status, 500);
    assert.equal((await server.get('/')).status, 500);
    const ok = app(false, async function fine(ctx) {
      ctx.body = await renderTemplate(ctx, 'nav.html');
    });
    assert.equal((await request(ok.callback()).get('/')).status, 200);
  });
});
