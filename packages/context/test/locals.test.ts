import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import Koa from 'koa';
import request from 'supertest';
import {
  context,
  copyCurrentRequestContext,
  currentApp,
  g,
  hasRequestContext,
  OutsideContextError,
  request as currentRequest,
  session,
} from '../src/index.js';

const REQUEST_LINE = /^Working outside of request context\.\n/;
const APP_LINE = /^Working outside of application context\.\n/;

test('outside a request every context-local throws Flask’s RuntimeError', () => {
  assert.equal(hasRequestContext(), false);
  assert.throws(() => currentRequest.path, { name: 'RuntimeError', message: REQUEST_LINE });
  assert.throws(() => session.user, { name: 'RuntimeError', message: REQUEST_LINE });
  assert.throws(() => g.user, { name: 'RuntimeError', message: APP_LINE });
  assert.throws(() => currentApp.env, { name: 'RuntimeError', message: APP_LINE });
  assert.throws(() => {
    g.user = 'x';
  }, OutsideContextError);
  // The full first paragraph matches Flask 3.1 word for word.
  assert.throws(() => currentRequest.method, {
    message:
      'Working outside of request context.\n\nThis typically means that you attempted to use functionality that needed\n' +
      'an active HTTP request. Consult the documentation on testing for\ninformation about how to avoid this problem.',
  });
  assert.equal(inspect(g), '<LocalProxy g unbound>');
});

test('copyCurrentRequestContext outside a request throws Flask’s message', () => {
  assert.throws(() => copyCurrentRequestContext(() => 1), {
    name: 'RuntimeError',
    message:
      "'copyCurrentRequestContext' can only be used when a request context is active, such as in a view function.",
  });
});

test('work left running after the request no longer sees it; a copied context does', async () => {
  const app = new Koa();
  let later: Promise<unknown[]> | undefined;
  let copied: Promise<unknown[]> | undefined;
  app.use(async (ctx, next) => {
    ctx.session = { user: 'alice' };
    await next();
  });
  app.use(context());
  app.use((ctx) => {
    g.flag = 'request-g';
    const work = () => [hasRequestContext(), hasRequestContext() ? currentRequest.path : null];
    const copiedWork = copyCurrentRequestContext((suffix: string) => [
      hasRequestContext(),
      currentRequest.path + suffix,
      session.user,
      g.get('flag', 'fresh-g'),
    ]);
    later = sleep(30).then(work);
    copied = sleep(30).then(() => copiedWork('!'));
    ctx.body = 'ok';
  });
  await request(app.callback()).get('/signup').expect(200);
  assert.deepEqual(await later, [false, null], 'un-copied work outlived the request and must not see it');
  // Flask's copy keeps request and session and gets its own g.
  assert.deepEqual(await copied, [true, '/signup!', 'alice', 'fresh-g']);
});

test('the request proxy forwards methods, writes and enumeration to the Koa request', async () => {
  const app = new Koa();
  app.use(context());
  app.use((ctx) => {
    currentRequest.body = { assigned: true };
    ctx.body = {
      header: currentRequest.get('x-test'),
      method: currentRequest.method,
      has: 'method' in currentRequest,
      assigned: (ctx.request as unknown as { body: unknown }).body,
      json: JSON.parse(JSON.stringify({ g })),
      inspect: inspect(g).includes('Globals'),
    };
  });
  const res = await request(app.callback()).post('/x').set('x-test', 'yes');
  assert.deepEqual(res.body, {
    header: 'yes',
    method: 'POST',
    has: true,
    assigned: { assigned: true },
    json: { g: {} },
    inspect: true,
  });
});

test('session works with koa-session-like objects that use private fields', async () => {
  class PrivateSession {
    #data = new Map<string, unknown>();
    get length() {
      return this.#data.size;
    }
    remember(k: string, v: unknown) {
      this.#data.set(k, v);
    }
  }
  const app = new Koa();
  app.use(async (ctx, next) => {
    ctx.session = new PrivateSession();
    await next();
  });
  app.use(context());
  app.use((ctx) => {
    (session as unknown as PrivateSession).remember('a', 1);
    ctx.body = { length: (session as unknown as PrivateSession).length };
  });
  const res = await request(app.callback()).get('/');
  assert.deepEqual(res.body, { length: 1 });
});

test('session without a session middleware names the problem', async () => {
  const app = new Koa();
  app.use(context());
  let message = '';
  app.use((ctx) => {
    try {
      void session.user;
    } catch (err) {
      message = (err as Error).message;
    }
    ctx.body = 'ok';
  });
  await request(app.callback()).get('/').expect(200);
  assert.match(message, /install a session middleware/);
});

test('on Koa’s asyncLocalStorage path too, leftover work loses the request and copies keep it', async () => {
  const app = new Koa({ asyncLocalStorage: true });
  let later: Promise<unknown> | undefined;
  let copied: Promise<unknown> | undefined;
  app.use(context());
  app.use((ctx) => {
    const copy = copyCurrentRequestContext(() => currentRequest.path);
    later = sleep(30).then(() => hasRequestContext());
    copied = sleep(30).then(copy);
    ctx.body = 'ok';
  });
  await request(app.callback()).get('/koa-als').expect(200);
  assert.equal(await later, false);
  assert.equal(await copied, '/koa-als');
});
