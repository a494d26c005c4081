/**
 * @module @kolba/context
 * Flask's g and context-local request/session/g/currentApp for Koa.
 */
import './koa.js';

export { context } from './middleware.js';
export type { ContextOptions } from './middleware.js';
export { Globals, createGlobals } from './globals.js';
export type { AppGlobals, G } from './globals.js';
export { request, session, g, currentApp, hasRequestContext, copyCurrentRequestContext } from './locals.js';
export type { ContextRegistry, CurrentApp, CurrentSession } from './locals.js';
export { teardownRequest } from './teardown.js';
export type { TeardownCallback } from './teardown.js';
export { OutsideContextError } from './errors.js';
