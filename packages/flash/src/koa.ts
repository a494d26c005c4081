/**
 * What `flashes()` adds to every Koa ctx, for TypeScript.
 */
import type { CategorizedMessage, FlashMessage, GetFlashedMessagesOptions } from './flash.js';

declare module 'koa' {
  interface ExtendableContext {
    /**
     * Flashes a message to the next request (`flash(ctx, message, category)`). Set by `flashes()`.
     *
     * @example
     * ctx.flash('Profile saved', 'info');
     */
    flash(message: FlashMessage, category?: string): void;
    /**
     * Takes this request's flashed messages (`getFlashedMessages(ctx, options)`). Set by `flashes()`.
     *
     * @example
     * const errors = ctx.getFlashedMessages({ categoryFilter: ['error'] });
     */
    getFlashedMessages(options: GetFlashedMessagesOptions & { withCategories: true }): CategorizedMessage[];
    getFlashedMessages(options?: GetFlashedMessagesOptions & { withCategories?: false }): FlashMessage[];
    getFlashedMessages(options?: GetFlashedMessagesOptions): FlashMessage[] | CategorizedMessage[];
  }
}

export {};
