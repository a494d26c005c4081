import { test } from 'node:test';
import assert from 'node:assert/strict';
import Koa from 'koa';
import koaSession from 'koa-session';
import request from 'supertest';
import { flash, flashes, getFlashedMessages } from '../src/index.js';

/** An app on koa-session (the session most Koa apps already run), with ctx.flash helpers. */
function koaSessionApp() {
  const app = new Koa();
  app.keys = ['test key'];
  app.use(koaSession({ key: 'koa.sess' }, app));
  app.use(flashes());
  app.use(async (ctx) => {
    if (ctx.method === 'POST' && ctx.path === '/login') {
      ctx.flash('You were logged in');
      flash(ctx, 'Password expires soon', 'warning');
      ctx.redirect('/');
      return;
    }
    if (ctx.path === '/') {
      ctx.body = { messages: ctx.getFlashedMessages({ withCategories: true }), again: getFlashedMessages(ctx) };
      return;
    }
    ctx.body = 'untouched';
  });
  return app;
}

test('POST → 302 → GET shows the flashes once, the next GET shows none (koa-session, real cookies)', async () => {
  const agent = request.agent(koaSessionApp().callback());
  const post = await agent.post('/login');
  assert.equal(post.status, 302);
  assert.equal(post.headers.location, '/');
  assert.ok(
    (post.headers['set-cookie'] as unknown as string[]).some((c) => c.startsWith('koa.sess=')),
    'the flash went into the cookie',
  );

  const shown = await agent.get('/');
  assert.deepEqual(shown.body, {
    messages: [
      ['message', 'You were logged in'],
      ['warning', 'Password expires soon'],
    ],
    again: ['You were logged in', 'Password expires soon'],
  });

  const next = await agent.get('/');
  assert.deepEqual(next.body, { messages: [], again: [] });
});

test('flashes survive requests that do not read them (koa-session)', async () => {
  const agent = request.agent(koaSessionApp().callback());
  await agent.post('/login').expect(302);
  await agent.get('/elsewhere').expect(200, 'untouched');
  const shown = await agent.get('/');
  assert.equal(shown.body.messages.length, 2);
});

test('flashes() is a named middleware and ctx helpers fail loudly without a session', async () => {
  assert.equal(flashes().name, 'kolbaFlashes');
  const app = new Koa();
  app.silent = true;
  app.use(flashes());
  app.use((ctx) => {
    if (ctx.path === '/read') {
      ctx.body = ctx.getFlashedMessages();
      return;
    }
    ctx.flash('no session here');
  });
  const server = app.callback();
  assert.deepEqual((await request(server).get('/read')).body, []);
  const res = await request(server).get('/write');
  assert.equal(res.status, 500);
  assert.equal(res.text, 'Internal Server Error');
});
