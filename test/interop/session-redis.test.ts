/**
 * Server-side sessions across processes: two separate Node processes, each a Koa app with its own
 * Redis connection, share one session through a real redis-server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { requireService, startRedis } from '../support/services.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SESSION_SRC = fileURLToPath(new URL('../../packages/session/src/index.ts', import.meta.url));

// The child app: counts visits per session and reports which process answered.
const CHILD = `
import Koa from 'koa';
import { session, RedisStore } from ${JSON.stringify(SESSION_SRC)};
const app = new Koa();
app.use(session({ secretKey: 'multi-process-key', store: new RedisStore({ url: process.env.REDIS_URL }) }));
app.use((ctx) => {
  ctx.session.visits = Number(ctx.session.visits ?? 0) + 1;
  ctx.body = process.pid + ':' + ctx.session.visits;
});
const server = app.listen(0, '127.0.0.1', () => console.log('PORT=' + server.address().port));
`;

function startApp(redisUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--conditions=@kolba/source', '--import', 'tsx', '--input-type=module', '-e', CHILD], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: redisUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT=(\d+)/.exec(out);
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}` });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`app exited (${code}): ${out}`)));
  });
}

test('two app processes share a Redis-backed session', async (t) => {
  if (!requireService(t, 'redis')) return;
  const redis = await startRedis();
  t.after(() => redis.stop());
  const [a, b] = await Promise.all([startApp(redis.url), startApp(redis.url)]);
  t.after(() => {
    a.child.kill();
    b.child.kill();
  });
  let cookie = '';
  const seen: string[] = [];
  for (const app of [a, b, a, b]) {
    const res = await fetch(app.url, { headers: cookie ? { Cookie: cookie } : {} });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    seen.push(await res.text());
  }
  const [pidA, pidB] = [seen[0]!.split(':')[0], seen[1]!.split(':')[0]];
  assert.notEqual(pidA, pidB, 'two different processes answered');
  assert.deepEqual(seen.map((s) => s.split(':')[1]), ['1', '2', '3', '4'], 'one session counted across both');
});
