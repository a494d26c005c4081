import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../src/app.js';

function agentFor(opts = {}) {
  const app = createApp({ secretKey: 'test key', ...opts });
  app.silent = true; // the 500 tests raise on purpose; keep Koa's error log out of the test output
  return { app, agent: request.agent(app.callback()) };
}

describe('Flaskr', () => {
  test('an empty blog says so, and links are built by url_for', async () => {
    const { agent } = agentFor();
    const res = await agent.get('/').expect(200).expect('Content-Type', 'text/html; charset=utf-8');
    assert.match(res.text, /No entries here so far/);
    assert.match(res.text, /href="\/static\/style.css"/);
    assert.match(res.text, /href="\/login"/);
  });

  test('log in, post (shown once as a flash), log out', async () => {
    const { agent } = agentFor();
    await agent.post('/login').type('form').send({ username: 'admin', password: 'wrong' })
      .expect(200).expect(/Invalid password/);
    await agent.post('/login').type('form').send({ username: 'admin', password: 'default' })
      .expect(302).expect('Location', '/');
    const after = await agent.get('/').expect(200);
    assert.match(after.text, /You were logged in/);
    assert.match(after.text, /class="add-entry"/);

    await agent.post('/add').type('form').send({ title: '<b>Hi</b>', text: 'first & best' })
      .expect(302).expect('Location', '/');
    const page = await agent.get('/').expect(200);
    assert.match(page.text, /New entry was successfully posted/);
    // Autoescape: the title is text, not markup.
    assert.match(page.text, /&lt;b&gt;Hi&lt;\/b&gt;/);
    assert.match(page.text, /first &amp; best/);
    assert.match(page.text, /href="\/entries\/1"/);
    // The flash was consumed: the next page no longer shows it.
    assert.doesNotMatch((await agent.get('/').expect(200)).text, /successfully posted/);

    await agent.get('/logout').expect(302);
    const out = await agent.get('/').expect(200);
    assert.match(out.text, /You were logged out/);
    assert.doesNotMatch(out.text, /class="add-entry"/);
  });

  test('posting without logging in is a 401 with Werkzeug\'s page', async () => {
    const { agent } = agentFor();
    const res = await agent.post('/add').type('form').send({ title: 'x' }).expect(401);
    assert.match(res.text, /<title>401 Unauthorized<\/title>/);
  });

  test('the session cookie is Flask\'s format and HttpOnly', async () => {
    const { agent } = agentFor();
    const res = await agent.post('/login').type('form').send({ username: 'admin', password: 'default' });
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /^session=[A-Za-z0-9_.-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+; HttpOnly; Path=\//);
  });

  test('an unknown page renders the app\'s own 404 template', async () => {
    const { agent } = agentFor();
    const res = await agent.get('/no/such/page').expect(404);
    assert.match(res.text, /Nothing here/);
    assert.match(res.text, /<code>\/no\/such\/page<\/code>/);
  });

  test('a missing entry is a 404; an existing one renders', async () => {
    const { app, agent } = agentFor();
    await agent.get('/entries/7').expect(404);
    app.entries.add('Title', 'Body');
    await agent.get('/entries/1').expect(200).expect(/<h2>Title<\/h2>/);
  });

  test('/api/entries is jsonify output', async () => {
    const { app, agent } = agentFor();
    app.entries.add('T', 'B');
    const res = await agent.get('/api/entries').expect(200).expect('Content-Type', 'application/json');
    assert.equal(res.text, '{"entries":[{"id":1,"text":"B","title":"T"}]}\n');
  });
});

describe('the routing tour', () => {
  test('typed routes convert their values', async () => {
    const { agent } = agentFor();
    await agent.get('/post/42').expect(200, 'Post 42');
    await agent.get('/post/abc').expect(404);
    await agent.get('/add/2/40').expect(200, '42');
    await agent.get('/version/1.50').expect(200, 'Version 1.5');
    await agent.get('/path/a/b/c').expect(200, 'Subpath a/b/c');
    await agent.get('/user/%3Cscript%3E').expect(200, 'User &lt;script&gt;');
  });

  test('precedence is Werkzeug\'s: int beats string whatever the order', async () => {
    const { agent } = agentFor();
    await agent.get('/echo/12/').expect(200, 'echo int 12');
    await agent.get('/echo/ab/').expect(200, 'echo ab');
  });

  test('strict slashes: 308 to the canonical URL keeping the query, and 404 the other way', async () => {
    const { agent } = agentFor();
    await agent.get('/hello/optional_slash?x=1').expect(308).expect('Location', /\/hello\/optional_slash\/\?x=1$/);
    await agent.get('/hello/optional_slash/').expect(200, 'I can have a slash');
    await agent.get('/hello/no_slash/').expect(404);
  });

  test('wrong method is a 405 with Allow; OPTIONS and HEAD are automatic', async () => {
    const { agent } = agentFor();
    const res = await agent.delete('/methods').expect(405);
    assert.equal(res.headers.allow, 'GET, HEAD, OPTIONS, POST, PUT');
    assert.match(res.text, /<title>405 Method Not Allowed<\/title>/);
    await agent.put('/methods').expect(200, 'PUT');
    const opts = await agent.options('/methods').expect(200);
    assert.equal(opts.headers.allow, 'GET, HEAD, OPTIONS, POST, PUT');
    await agent.head('/hello').expect(200);
  });

  test('an exception is a bare 500 page in production, a debug page in debug mode', async () => {
    const prod = await agentFor().agent.get('/div/1/0').expect(500);
    assert.doesNotMatch(prod.text, /division by zero|RangeError|at /);
    const debug = await agentFor({ debug: true }).agent.get('/div/1/0').expect(500);
    assert.match(debug.text, /division by zero/);
    await agentFor().agent.get('/div/9/3').expect(200, '3');
  });
});

describe('request, cookies, g, uploads', () => {
  test('cookies are set with Werkzeug\'s attributes and read back', async () => {
    const { agent } = agentFor();
    const res = await agent.get('/cookie/alice').expect(302);
    assert.match(String(res.headers['set-cookie']), /^username=alice; HttpOnly; Path=\/; SameSite=Lax$/);
    await agent.get('/cookie').expect(200, 'Hello again, alice');
  });

  test('g starts empty on every request', async () => {
    const { agent } = agentFor();
    await agent.get('/g').expect(200, 'g.visits is 1 for this request only');
    await agent.get('/g').expect(200, 'g.visits is 1 for this request only');
  });

  test('the request surface is Flask\'s', async () => {
    const { agent } = agentFor();
    const res = await agent.get('/request?a=1&a=2').expect(200);
    assert.deepEqual(res.body, { method: 'GET', path: '/request', full_path: '/request?a=1&a=2', args: { a: ['1', '2'] }, endpoint: 'request_info' });
  });

  test('an upload is saved under its secure filename', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flagship-up-'));
    try {
      const { agent } = agentFor({ uploadFolder: dir });
      await agent.post('/upload').attach('the_file', Buffer.from('hello'), 'my résumé (1).txt').expect(302);
      assert.equal(readFileSync(join(dir, 'my_resume_1.txt'), 'utf8'), 'hello');
      assert.match((await agent.get('/upload').expect(200)).text, /Uploaded my_resume_1.txt/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
