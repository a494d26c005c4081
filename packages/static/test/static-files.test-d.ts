import { Router } from '@kolba/routing';
import { staticFiles, serveStatic, sendFile, sendFromDirectory, safeJoin, type SendFileOptions } from '../src/index.js';
import type { Context, Middleware } from 'koa';

// staticFiles accepts the real @kolba/routing Router, plain or with routes already typed.
staticFiles(new Router(), { folder: 'static' });
const typed = new Router().get('/post/<int:id>', { endpoint: 'post' }, () => 'x');
staticFiles(typed, { folder: 'static', urlPath: '/assets', endpoint: 'assets', maxAge: 60, dotfiles: 'allow' });
// @ts-expect-error folder is required
staticFiles(new Router(), {});
// @ts-expect-error fallthrough belongs to serveStatic only
staticFiles(new Router(), { folder: 'static', fallthrough: true });

const mw: Middleware = serveStatic({ folder: 'static', fallthrough: true });
void mw;

declare const ctx: Context;
const done: Promise<void> = sendFile(ctx, '/srv/x', { asAttachment: true, downloadName: 'x', etag: 'v1', maxAge: (p) => (p ? 1 : null) });
void done;
void sendFile(ctx, Buffer.from('x'), { mimetype: 'text/plain' });
// @ts-expect-error lastModified is a Date, not a number (no ms/seconds ambiguity)
void sendFile(ctx, '/srv/x', { lastModified: 0 });
void sendFromDirectory(ctx, '/srv', 'a.txt', { dotfiles: 'deny', conditional: false });
const joined: string | null = safeJoin('/srv', 'a');
void joined;
const options: SendFileOptions = { etag: false };
void options;
