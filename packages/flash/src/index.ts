/**
 * @module @kolba/flash
 * Flask's flash() and get_flashed_messages() for Koa, stored the way Flask stores them.
 */
import './koa.js';

export { flash, getFlashedMessages, FLASHES_KEY, FALLBACK_FLASHES_KEY } from './flash.js';
export type { FlashMessage, HtmlSafe, CategorizedMessage, GetFlashedMessagesOptions, FlashContext } from './flash.js';
export { flashes } from './middleware.js';
export { onMessageFlashed } from './signal.js';
export type { MessageFlashedEvent, MessageFlashedListener } from './signal.js';
