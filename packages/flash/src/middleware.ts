/**
 * `flashes()`: adds `ctx.flash()` and `ctx.getFlashedMessages()` for Koa-style code.
 */
import type { Context, Middleware, Next } from 'koa';
import { flash, getFlashedMessages, type GetFlashedMessagesOptions, type FlashMessage } from './flash.js';

function ctxFlash(this: Context, message: FlashMessage, category?: string): void {
  flash(this, message, category);
}

function ctxGetFlashedMessages(this: Context, options?: GetFlashedMessagesOptions) {
  return getFlashedMessages(this, options);
}

/**
 * Middleware that exposes {@link flash} and {@link getFlashedMessages} on the context. Install it
 * after the session middleware. The functions work without it (`flash(ctx, …)`).
 *
 * @example
 * app.use(session({ secretKey }));
 * app.use(flashes());
 * router.post('/save', (ctx) => { ctx.flash('Saved'); ctx.redirect('/'); });
 * router.get('/', (ctx) => { ctx.body = ctx.getFlashedMessages().join('\n'); });
 */
export function flashes(): Middleware {
  return function kolbaFlashes(ctx: Context, next: Next) {
    ctx.flash = ctxFlash;
    ctx.getFlashedMessages = ctxGetFlashedMessages as Context['getFlashedMessages'];
    return next();
  };
}
