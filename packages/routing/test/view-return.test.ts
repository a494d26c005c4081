import { test } from 'node:test';
import assert from 'node:assert/strict';
import Koa from 'koa';
import request from 'supertest';
import { errorHandlers } from '@kolba/http';
import { Router } from '../src/index.js';

function appWith(register: (r: Router) => void) {
  const app = new Koa();
  app.silent = true;
  const router = new Router();
  register(router);
  app.use(errorHandlers());
  app.use(router.routes()).use(router.allowedMethods({ throw: true }));
  app.use(function downstream(ctx) {
    if (ctx.path === '/delegate') ctx.body = 'from downstream';
  });
  return app;
}

test('a view that returns nothing and sets nothing is a 500 with Flask\'s message, not a 404', async () => {
  const errors: Error[] = [];
  const app = appWith((r) => r.get('/forgot', function forgot_return() {}));
  app.on('error', (err: Error) => errors.push(err));
  const res = await request(app.callback()).get('/forgot').expect(500);
  assert.match(res.text, /<title>500 Internal Server Error<\/title>/);
  assert.doesNotMatch(res.text, /forgot_return/); // the message is for the log, not the client
  assert.equal(errors.length, 1);
  assert.match(String(errors[0]?.message ?? (errors[0] as { originalException?: Error }).originalException?.message), /did not return a valid response|forgot_return/);
});

test('Koa-style views keep working: ctx.body, ctx.status, ctx.redirect, next()', async () => {
  const app = appWith((r) => {
    r.get('/body', function body(ctx) { ctx.body = 'set on ctx'; });
    r.get('/status', function status(ctx) { ctx.status = 204; });
    r.get('/redir', function redir(ctx) { ctx.redirect('/body'); });
    r.get('/delegate', async function delegate(_ctx, next) { await next(); });
  });
  const agent = request(app.callback());
  await agent.get('/body').expect(200, 'set on ctx');
  await agent.get('/status').expect(204);
  await agent.get('/redir').expect(302);
  await agent.get('/delegate').expect(200, 'from downstream');
});
