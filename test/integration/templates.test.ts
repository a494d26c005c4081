/**
 * @kolba/templates with the real packages around it: @kolba/session (Flask cookie), @kolba/flash,
 * @kolba/context (`g`), @kolba/request (`request.args`/`form`), @kolba/routing (`url_for`) and
 * @kolba/http (error handlers, redirect). Templates are written to a temporary folder.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Koa from 'koa';
import request from 'supertest';
import { context } from '@kolba/context';
import { flash } from '@kolba/flash';
import { errorHandlers, redirect } from '@kolba/http';
import { bodies } from '@kolba/request';
import { Router } from '@kolba/routing';
import { session } from '@kolba/session';
import { renderTemplate, templates } from '@kolba/templates';

let folder = '';

const TEMPLATES: Record<string, string> = {
  'layout.html': '<title>{{ config.APP_NAME }}</title>\n{% block body %}{% endblock %}\n',
  'index.html': `{% extends "layout.html" %}
{% block body %}
<ul>{% for category, message in get_flashed_messages(with_categories=True) %}<li class="{{ category }}">{{ message }}</li>{% endfor %}</ul>
user={{ session.user }}
q={{ request.args.get('q') }}
path={{ request.path }}
visits={{ g.visits }}
year={{ year }}
post={{ url_for('show_post', post_id=3, q='a b') }}
external={{ url_for('show_post', post_id=3, _external=True) }}
<script>var boot = {{ boot|tojson }};</script>
{% endblock %}
`,
  'post.html': '{% extends "layout.html" %}{% block body %}post {{ post_id }}{% endblock %}',
  '404.html': 'custom not found: {{ request.path }}',
};

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'kolba-templates-it-'));
  await mkdir(folder, { recursive: true });
  for (const [name, source] of Object.entries(TEMPLATES)) await writeFile(join(folder, name), source);
});
after(() => rm(folder, { recursive: true, force: true }));

function buildApp(): Koa {
  const app = new Koa();
  app.silent = true;
  const router = new Router();
  app.use(
    errorHandlers({
      404: async (_err, ctx) => {
        ctx.body = await renderTemplate(ctx, '404.html');
      },
    }),
  );
  app.use(session({ secretKey: 'integration secret' }));
  app.use(context());
  app.use(bodies());
  app.use(
    templates({
      folder,
      config: { APP_NAME: 'Kolba & Co', DEBUG: false },
      contextProcessors: [() => ({ year: 2026 })],
    }),
  );
  router.get('/', async function index(ctx) {
    (ctx.g as unknown as Record<string, unknown>)['visits'] = 1;
    return renderTemplate(ctx, 'index.html', { boot: { user: ctx.session['user'] ?? null } });
  });
  router.get('/post/<int:post_id>', async function show_post(ctx) {
    return renderTemplate(ctx, 'post.html', { post_id: ctx.params.post_id });
  });
  router.post('/login', function login(ctx) {
    const name = String(ctx.request.form.get('name') ?? '');
    ctx.session['user'] = name;
    flash(ctx, `Welcome, ${name}`, 'info');
    flash(ctx, 'Second <i>message</i>');
    return redirect(ctx.urlFor('index'));
  });
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}

test('a flashed message is shown by a template once, escaped, with every Flask name in scope', async () => {
  const agent = request.agent(buildApp().callback());
  const attacker = `</script><script>alert('x')</script>`;
  const login = await agent.post('/login').type('form').send({ name: attacker });
  assert.equal(login.status, 302);
  assert.equal(login.headers['location'], '/');

  const page = await agent.get('/').query({ q: '<q>' });
  assert.equal(page.status, 200);
  const html = page.text;
  assert.match(html, /<title>Kolba &amp; Co<\/title>/);
  assert.match(
    html,
    /<li class="info">Welcome, &lt;\/script&gt;&lt;script&gt;alert\(&#39;x&#39;\)&lt;\/script&gt;<\/li><li class="message">Second &lt;i&gt;message&lt;\/i&gt;<\/li>/,
  );
  assert.match(html, /user=&lt;\/script&gt;/);
  assert.match(html, /q=&lt;q&gt;\n/);
  assert.match(html, /path=\/\n/);
  assert.match(html, /visits=1\n/);
  assert.match(html, /year=2026\n/);
  assert.match(html, /post=\/post\/3\?q=a\+b\n/);
  assert.match(html, /external=http:\/\/127\.0\.0\.1:\d+\/post\/3\n/);
  // The session value reaches the script through tojson without ending the <script> element.
  assert.match(html, /var boot = \{"user": "\\u003c\/script\\u003e\\u003cscript\\u003ealert\(\\u0027x\\u0027\)/);
  assert.equal(html.match(/<\/script>/g)?.length, 1);

  const again = await agent.get('/');
  assert.match(again.text, /<ul><\/ul>/, 'flashes are consumed by the first page that shows them');
  assert.match(again.text, /user=&lt;\/script&gt;/, 'the rest of the session stays');
});

test('an error handler can render a template and keep its status', async () => {
  const res = await request(buildApp().callback()).get('/nope/<b>');
  assert.equal(res.status, 404);
  assert.equal(res.text, 'custom not found: /nope/%3Cb%3E');
});

test('typed route params reach the template through a layout', async () => {
  const res = await request(buildApp().callback()).get('/post/12');
  assert.equal(res.text, '<title>Kolba &amp; Co</title>\npost 12');
});
