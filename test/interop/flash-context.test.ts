/**
 * @kolba/context and @kolba/flash on the real @kolba/session: context-local `session` and `g`
 * used from helper functions that never see `ctx`, as Flask code uses its proxies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Koa from 'koa';
import request from 'supertest';
import { context, copyCurrentRequestContext, g, session } from '@kolba/context';
import { flash, flashes } from '@kolba/flash';
import { session as kolbaSession } from '@kolba/session';

/** A "service" module function: Flask style, no ctx parameter. */
function login(name: string): void {
  session.user = name;
  g.user = name;
}

test('context-locals reach the @kolba/session object; flash and g live side by side', async () => {
  let later: Promise<unknown> | undefined;
  const app = new Koa();
  app.use(kolbaSession({ secretKey: 'context flash secret' }));
  app.use(context());
  app.use(flashes());
  app.use((ctx) => {
    if (ctx.method === 'POST') {
      login(String(ctx.query.name));
      flash(ctx, `Welcome ${String(g.user)}`);
      later = new Promise((resolve) => setTimeout(copyCurrentRequestContext(() => resolve(session.get('user'))), 20));
      ctx.redirect('/');
      return;
    }
    ctx.body = { user: session.user ?? null, g: [...ctx.g], messages: ctx.getFlashedMessages() };
  });
  const agent = request.agent(app.callback());
  await agent.post('/login?name=alice').expect(302);
  assert.equal(await later, 'alice', 'a copied context reads the same session object after the request');
  const shown = await agent.get('/');
  assert.deepEqual(shown.body, { user: 'alice', g: [], messages: ['Welcome alice'] });
  const again = await agent.get('/');
  assert.deepEqual(again.body, { user: 'alice', g: [], messages: [] });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The "under load" case with real signed cookies: every user's flash and session data
// round-trip through its own cookie while hundreds of requests interleave their awaits.
test('200 users interleaved: each sees only its own flashes, session and g (real cookies)', async () => {
  const app = new Koa();
  app.use(kolbaSession({ secretKey: 'load secret' }));
  app.use(context());
  app.use(flashes());
  app.use(async (ctx) => {
    const name = String(ctx.query.name);
    if (ctx.method === 'POST') {
      login(name);
      await pause(Math.random() * 5);
      flash(ctx, `hi ${String(g.user)}`, `cat-${name}`);
      await pause(Math.random() * 5);
      ctx.redirect('/');
      return;
    }
    g.user = name;
    await pause(Math.random() * 5);
    const messages = ctx.getFlashedMessages({ withCategories: true });
    await pause(Math.random() * 5);
    ctx.body = { session: session.user, g: g.user, messages };
  });
  const server = app.callback();
  const names = Array.from({ length: 200 }, (_, i) => `user${i}`);
  const agents = names.map(() => request.agent(server));
  await Promise.all(agents.map((agent, i) => agent.post(`/login?name=${names[i]}`).expect(302)));
  const shown = await Promise.all(agents.map((agent, i) => agent.get(`/?name=${names[i]}`)));
  for (const [i, res] of shown.entries()) {
    const name = names[i]!;
    assert.deepEqual(res.body, { session: name, g: name, messages: [[`cat-${name}`, `hi ${name}`]] }, name);
  }
  const after = await Promise.all(agents.map((agent, i) => agent.get(`/?name=${names[i]}`)));
  assert.ok(after.every((res) => res.body.messages.length === 0), 'each flash was shown once');
});
