/**
 * @module kolba
 * Flask's application object on Koa: `new Kolba(import.meta.url)`, routes, config, hooks,
 * blueprints, a test client and a dev server, plus the Flask helpers of every @kolba package.
 */
import './koa.js';

export { Kolba, type KolbaOptions } from './app.js';
export { Blueprint, type BlueprintOptions, type RegisterOptions } from './blueprint.js';
export { Config, DEFAULT_CONFIG, type ConfigValues } from './config.js';
export { afterThisRequest, type AfterRequestHook, type BeforeRequestHook, type TeardownHook, type UrlValuePreprocessor } from './hooks.js';
export type { KolbaContextProcessor, KolbaErrorHandler, RouteHandlers, ScaffoldShortcut } from './scaffold.js';
export { TestClient, TestResponse, type TestClientOptions } from './test-client.js';
export { KolbaTestClient } from './session-transaction.js';
export type { RunOptions, RunningServer } from './serve.js';
export { urlFor } from './url-for.js';

// The Flask helpers, so `import { … } from 'kolba'` is all a Flask developer needs.
export { abort, redirect, jsonify, makeResponse, escape, Markup, HTTPException, NotFound, Forbidden, Unauthorized, BadRequest, MethodNotAllowed, InternalServerError } from '@kolba/http';
export { flash, getFlashedMessages } from '@kolba/flash';
export { BaseConverter, defineConverter, ValidationError, BuildError } from '@kolba/routing';
export { g, request, session, currentApp, hasRequestContext, copyCurrentRequestContext } from '@kolba/context';
export { renderTemplate, renderTemplateString, streamTemplate, streamTemplateString } from '@kolba/templates';
export { sendFile, sendFromDirectory, safeJoin } from '@kolba/static';
export { secureFilename, setCookie, deleteCookie, FileStorage, MultiDict } from '@kolba/request';
