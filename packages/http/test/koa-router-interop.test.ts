// errorHandlers() in a plain Koa + @koa/router app (a Koa team adopting one kolba package).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Koa from 'koa';
import Router from '@koa/router';
import request from 'supertest';
import { abort, errorHandlers, MethodNotAllowed, NotFound } from '../src/index.js';

function app(options: { throw?: boolean }, handlers?: Parameters<typeof errorHandlers>[0]): Koa {
  const router = new Router();
  router.get('/post/:id', (ctx) => {
    if (Number(ctx.params.id) > 100) abort(404, `No post ${ctx.params.id}`);
    ctx.body = `Post ${ctx.params.id}`;
  });
  router.post('/post/:id', (ctx) => {
    ctx.throw(400, 'title is required');
  });
  const koa = new Koa();
  koa.silent = true;
  koa.use(errorHandlers(handlers));
  koa.use(router.routes()).use(router.allowedMethods(options));
  return koa;
}

for (const throwing of [false, true]) {
  test(`@koa/router allowedMethods({ throw: ${throwing} }): Werkzeug 404/405 pages`, async () => {
    const agent = request(app({ throw: throwing }).callback());
    const missing = await agent.get('/nope');
    assert.equal(missing.status, 404);
    assert.equal(missing.text, new NotFound().getBody());
    const wrongMethod = await agent.delete('/post/1');
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.text, new MethodNotAllowed().getBody());
    if (throwing) {
      // @koa/router 15 throws its 405 before setting Allow, so there is nothing to keep.
      assert.equal(wrongMethod.headers.allow, undefined);
    } else {
      assert.deepEqual(wrongMethod.headers.allow!.split(', ').sort(), ['GET', 'HEAD', 'POST']);
    }
  });
}

test('abort() and ctx.throw() inside @koa/router handlers', async () => {
  const agent = request(app({}, { 404: (err, ctx) => `${ctx.path}: ${err.description}` }).callback());
  assert.equal((await agent.get('/post/1')).text, 'Post 1');
  const big = await agent.get('/post/500');
  assert.equal(big.status, 404);
  assert.equal(big.text, '/post/500: No post 500');
  const bad = await agent.post('/post/1');
  assert.equal(bad.status, 400);
  assert.match(bad.text, /<p>title is required<\/p>/);
});
