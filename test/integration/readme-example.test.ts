/**
 * The "Adopting one package in a Koa app" example from the root README, run for real: if this
 * test changes, the README must change with it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Koa from 'koa';
import request from 'supertest';
import { Router } from '@kolba/routing';
import { session } from '@kolba/session';
import { flash, flashes, getFlashedMessages } from '@kolba/flash';
import { errorHandlers, abort, redirect } from '@kolba/http';
import { bodies } from '@kolba/request';

function readmeApp() {
  const app = new Koa();
  const router = new Router();
  app.use(errorHandlers({ 404: () => 'nothing here' }));
  app.use(session({ secretKey: 'readme secret' }));
  app.use(flashes()).use(bodies());

  router.get('/post/<int:post_id>', function show_post(ctx) {
    if (ctx.params.post_id > 100) abort(404);
    return `Post ${ctx.params.post_id}`;
  });
  router.post('/login', function login(ctx) {
    ctx.session.username = ctx.request.form.get('username');
    flash(ctx, 'You were logged in', 'info');
    return redirect(router.urlFor('show_post', { post_id: 1 }));
  });
  // Not in the README: lets the test see what the session and flashes hold.
  router.get('/whoami', function whoami(ctx) {
    return { username: ctx.session.username ?? null, flashes: getFlashedMessages(ctx, { withCategories: true }) };
  });
  app.use(router.routes()).use(router.allowedMethods({ throw: true }));
  return app;
}

test('the README example: typed route, abort(404) through the 404 handler, login flow', async () => {
  const agent = request.agent(readmeApp().callback());
  await agent.get('/post/7').expect(200, 'Post 7');
  const missing = await agent.get('/post/101').expect(404);
  assert.equal(missing.text, 'nothing here');
  await agent.get('/post/seven').expect(404, 'nothing here');

  await agent.post('/login').type('form').send({ username: 'alice' }).expect(302).expect('Location', '/post/1');
  const who = await agent.get('/whoami').expect(200);
  assert.deepEqual(who.body, { username: 'alice', flashes: [['info', 'You were logged in']] });
  const again = await agent.get('/whoami').expect(200);
  assert.deepEqual(again.body.flashes, []);
});

test('the README example answers a wrong method with 405 and Allow', async () => {
  const res = await request(readmeApp().callback()).post('/post/1').expect(405);
  assert.equal(res.headers.allow, 'GET, HEAD, OPTIONS');
});
