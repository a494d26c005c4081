// The static endpoint as pages use it: a real @kolba/routing Router carrying the app's `static`
// endpoint and a blueprint's `admin.static` (Flask §10), and @kolba/templates rendering
// `url_for('static', filename=…)` — the URLs a template prints must serve the right files.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Koa from 'koa';
import request from 'supertest';
import { errorHandlers } from '@kolba/http';
import { Router } from '@kolba/routing';
import { staticFiles } from '@kolba/static';
import { renderTemplate, renderTemplateString, templates } from '@kolba/templates';

let root = '';

before(() => {
  root = mkdtempSync(join(tmpdir(), 'kolba-static-templates-'));
  const files: Record<string, string> = {
    'static/css/site.css': 'app css',
    'static/a b.txt': 'app space',
    'static/shared.txt': 'app shared',
    'admin/static/admin.js': 'admin js',
    'admin/static/shared.txt': 'admin shared',
    'reports/static/r.txt': 'reports r',
    'templates/page.html':
      '<link href="{{ url_for(\'static\', filename=\'css/site.css\') }}">\n' +
      '<a href="{{ url_for(\'static\', filename=\'a b.txt\') }}">\n' +
      '<script src="{{ url_for(\'admin.static\', filename=\'admin.js\') }}"></script>\n' +
      '<img src="{{ url_for(\'static\', filename=name, v=3) }}">\n' +
      '{{ url_for(\'static\', filename=\'css/site.css\', _external=True) }}\n',
  };
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), content);
  }
});
after(() => rmSync(root, { recursive: true, force: true }));

/** An app with the `static` endpoint and a blueprint-style `admin.static` on one router. */
function buildApp(extra?: (router: Router) => void): { app: Koa; router: Router } {
  const router = new Router();
  extra?.(router);
  staticFiles(router, { folder: join(root, 'static') });
  staticFiles(router, { folder: join(root, 'admin/static'), urlPath: '/admin/static', endpoint: 'admin.static', maxAge: 60 });
  router.get('/page', async function page(ctx) {
    return renderTemplate(ctx, 'page.html', { name: String(ctx.query['name'] ?? 'x.png') });
  });
  const app = new Koa();
  app.silent = true;
  app.use(errorHandlers());
  app.use(templates({ folder: join(root, 'templates') }));
  app.use(router.routes()).use(router.allowedMethods({ throw: true }));
  return { app, router };
}

describe("url_for('static', filename=…) in a rendered page", () => {
  test('prints Flask URLs (quoted, extra values as query, external) that serve the right files', async () => {
    const { app } = buildApp();
    const server = request(app.callback());
    const res = await server.get('/page').query({ name: '<évil>"&.png' });
    assert.equal(res.status, 200);
    const links = [...res.text.matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(links, [
      '/static/css/site.css',
      '/static/a%20b.txt',
      '/admin/static/admin.js',
      // Percent-encoded by url_for, then HTML-escaped by autoescape: the attribute cannot be broken.
      '/static/%3C%C3%A9vil%3E%22&amp;.png?v=3',
    ]);
    assert.match(res.text, /^http:\/\/127\.0\.0\.1:\d+\/static\/css\/site\.css$/m);
    assert.equal((await server.get(links[0]!)).text, 'app css');
    assert.equal((await server.get(links[1]!)).text, 'app space');
    const admin = await server.get(links[2]!);
    assert.equal(admin.text, 'admin js');
    assert.equal(admin.headers['cache-control'], 'public, max-age=60');
  });

  test('renderTemplateString sees url_for too; an unknown endpoint is a 500 that names nothing in production', async () => {
    const { app } = buildApp((router) => {
      router.get('/s', async function s(ctx) {
        return renderTemplateString(ctx, "{{ url_for('static', filename='shared.txt') }}");
      });
      router.get('/bad', async function bad(ctx) {
        return renderTemplateString(ctx, "{{ url_for('nope.static', filename='x') }}");
      });
    });
    const server = request(app.callback());
    assert.equal((await server.get('/s')).text, '/static/shared.txt');
    const res = await server.get('/bad');
    assert.equal(res.status, 500);
    assert.doesNotMatch(res.text, /nope/);
  });
});

describe('blueprint static folders (Flask: endpoint <bp>.static)', () => {
  test('a second staticFiles on the same router serves its own folder under its own URL', async () => {
    const { app, router } = buildApp();
    const server = request(app.callback());
    assert.equal(router.urlFor('admin.static', { filename: 'shared.txt' }), '/admin/static/shared.txt');
    assert.equal((await server.get('/admin/static/shared.txt')).text, 'admin shared');
    assert.equal((await server.get('/static/shared.txt')).text, 'app shared');
    // Each endpoint is confined to its own folder.
    assert.equal((await server.get('/static/admin.js')).status, 404);
    assert.equal((await server.get('/admin/static/css/site.css')).status, 404);
    assert.equal((await server.get('/admin/static/..%2f..%2fstatic/css/site.css')).status, 404);
    assert.equal((await server.get('/admin/static/../../static/css/site.css')).status, 404);
  });

  test('a mounted child router (blueprint with url_prefix) carries its static endpoint', async () => {
    const router = new Router();
    staticFiles(router, { folder: join(root, 'static') });
    const reports = new Router();
    staticFiles(reports, { folder: join(root, 'reports/static'), endpoint: 'reports.static' });
    router.use('/reports', reports);
    const app = new Koa();
    app.use(router.routes()).use(router.allowedMethods());
    assert.equal(router.urlFor('reports.static', { filename: 'r.txt' }), '/reports/static/r.txt');
    const server = request(app.callback());
    assert.equal((await server.get('/reports/static/r.txt')).text, 'reports r');
    assert.equal((await server.get('/static/css/site.css')).text, 'app css');
    assert.equal((await server.get('/reports/static/site.css')).status, 404);
  });

  test('registering the same endpoint twice is refused at registration, naming it', () => {
    const router = new Router();
    staticFiles(router, { folder: join(root, 'static') });
    assert.throws(() => staticFiles(router, { folder: join(root, 'admin/static'), urlPath: '/other' }), /static/);
  });
});
