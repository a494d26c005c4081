// Shared test helpers: a Koa app with session(), and Set-Cookie parsing.
import Koa from 'koa';
import { session, type SessionOptions } from '../src/index.js';

export function appWith(options: SessionOptions, handler: (ctx: Koa.Context) => unknown | Promise<unknown>): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(session(options));
  app.use(async (ctx) => {
    const out = await handler(ctx);
    if (out !== undefined) ctx.body = out;
    else if (ctx.body === undefined) ctx.body = 'ok';
  });
  return app;
}

/** The cookie value from the first Set-Cookie header named `name`. */
export function cookieValue(setCookie: string[] | string | undefined, name = 'session'): string | undefined {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const line = list.find((l) => l.startsWith(`${name}=`));
  return line?.slice(name.length + 1).split(';')[0];
}

export function setCookies(res: { headers: Record<string, unknown> }): string[] {
  const v = res.headers['set-cookie'];
  return Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : [];
}
