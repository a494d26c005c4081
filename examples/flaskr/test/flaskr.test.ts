/**
 * The Flask tutorial's tests (tests/test_auth.py, tests/test_blog.py), ported to
 * app.testClient(): same requests, same assertions.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../src/app.js';
import { generatePasswordHash } from '../src/passwords.js';

/** The tutorial's conftest: an app with user "test" / "other" and one post by "test". */
function setup() {
  const app = createApp({ TESTING: true, SECRET_KEY: 'test' });
  app.db.addUser('test', generatePasswordHash('test'));
  app.db.addUser('other', generatePasswordHash('other'));
  app.db.addPost(1, 'test title', 'test\nbody');
  const client = app.testClient();
  const auth = {
    login: (username = 'test', password = 'test') => client.post('/auth/login', { data: { username, password } }),
    logout: () => client.get('/auth/logout'),
  };
  return { app, client, auth };
}

describe('auth', () => {
  test('register', async () => {
    const { app, client } = setup();
    assert.equal((await client.get('/auth/register')).status, 200);
    const res = await client.post('/auth/register', { data: { username: 'a', password: 'a' } });
    assert.equal(res.headers.get('location'), '/auth/login');
    assert.ok(app.db.users.some((u) => u.username === 'a'));
  });

  for (const [username, password, message] of [
    ['', '', 'Username is required.'],
    ['a', '', 'Password is required.'],
    ['test', 'test', 'User test is already registered.'],
  ] as const) {
    test(`register validates input: ${message}`, async () => {
      const { client } = setup();
      const res = await client.post('/auth/register', { data: { username, password }, followRedirects: true });
      assert.ok(res.text.includes(message), res.text);
    });
  }

  test('login sets the session and g.user; logout clears it', async () => {
    const { client, auth } = setup();
    assert.equal((await client.get('/auth/login')).status, 200);
    const res = await auth.login();
    assert.equal(res.headers.get('location'), '/');
    assert.equal(await client.sessionTransaction((s) => s.user_id), 1);
    const home = await client.get('/', { followRedirects: true });
    assert.match(home.text, /<span>test<\/span>/);
    await auth.logout();
    assert.equal(await client.sessionTransaction((s) => s.user_id), undefined);
  });

  for (const [username, password, message] of [
    ['a', 'test', 'Incorrect username.'],
    ['test', 'a', 'Incorrect password.'],
  ] as const) {
    test(`login validates input: ${message}`, async () => {
      const { auth } = setup();
      assert.ok((await auth.login(username, password)).text.includes(message));
    });
  }
});

describe('blog', () => {
  test('index shows posts, and the edit link only to their author', async () => {
    const { client, auth } = setup();
    const anonymous = (await client.get('/')).text;
    assert.match(anonymous, /Log In/);
    assert.match(anonymous, /Register/);
    await auth.login();
    const page = (await client.get('/')).text;
    assert.match(page, /Log Out/);
    assert.match(page, /test title/);
    assert.match(page, /by test/);
    assert.match(page, /test\nbody/);
    assert.match(page, /href="\/1\/update"/);
  });

  for (const path of ['/create', '/1/update', '/1/delete']) {
    test(`login required: ${path}`, async () => {
      const { client } = setup();
      const res = await client.post(path);
      assert.equal(res.headers.get('location'), '/auth/login');
    });
  }

  test('author required: another user gets 403 and no edit link', async () => {
    const { app, client, auth } = setup();
    app.db.posts[0]!.authorId = 2;
    await auth.login();
    assert.equal((await client.post('/1/update')).status, 403);
    assert.equal((await client.post('/1/delete')).status, 403);
    assert.doesNotMatch((await client.get('/')).text, /href="\/1\/update"/);
  });

  for (const path of ['/2/update', '/2/delete']) {
    test(`exists required: ${path} is a 404`, async () => {
      const { client, auth } = setup();
      await auth.login();
      assert.equal((await client.post(path)).status, 404);
    });
  }

  test('create, update, delete', async () => {
    const { app, client, auth } = setup();
    await auth.login();
    assert.equal((await client.get('/create')).status, 200);
    await client.post('/create', { data: { title: 'created', body: '' } });
    assert.equal(app.db.posts.length, 2);
    assert.equal((await client.get('/1/update')).status, 200);
    await client.post('/1/update', { data: { title: 'updated', body: '' } });
    assert.equal(app.db.posts[0]!.title, 'updated');
    const res = await client.post('/1/delete');
    assert.equal(res.headers.get('location'), '/');
    assert.equal(app.db.posts.some((p) => p.id === 1), false);
  });

  for (const path of ['/create', '/1/update']) {
    test(`create/update validate the title: ${path}`, async () => {
      const { client, auth } = setup();
      await auth.login();
      const res = await client.post(path, { data: { title: '', body: '' } });
      assert.match(res.text, /Title is required\./);
    });
  }
});
