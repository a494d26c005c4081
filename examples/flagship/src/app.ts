/**
 * Flaskr on kolba. The Flask tutorial blog (log in, post entries, log out) plus the tour of
 * Flask features from the notes kolba was born from (`../shared/seeds`): typed routes and their
 * precedence, strict slashes, methods, `url_for`, cookies, sessions, `flash`, `g`, templates, JSON,
 * uploads and error pages, each built from one kolba package on plain Koa.
 *
 * Where a note and real Flask disagree, real Flask wins and the comment says so.
 */
import Koa from 'koa';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { context } from '@kolba/context';
import { flash, flashes } from '@kolba/flash';
import { abort, errorHandlers, escape, jsonify, makeResponse, redirect } from '@kolba/http';
import { bodies, secureFilename, setCookie } from '@kolba/request';
import { Router } from '@kolba/routing';
import { session } from '@kolba/session';
import { staticFiles } from '@kolba/static';
import { renderTemplate, templates } from '@kolba/templates';
import { EntryStore } from './entries.js';

export interface FlagshipOptions {
  /** Flask `SECRET_KEY`. The default is for local play only. */
  secretKey?: string;
  /** Flask `DEBUG`: debug error pages and template reloading. */
  debug?: boolean;
  /** Flaskr's single user. */
  username?: string;
  password?: string;
  /** Where uploads are saved. */
  uploadFolder?: string;
}

/**
 * Builds the flagship app; `server.ts` listens on 127.0.0.1:5000, tests call `app.callback()`.
 *
 * @example
 * const app = createApp({ secretKey: 'dev' });
 * app.listen(5000, '127.0.0.1');
 */
export function createApp(options: FlagshipOptions = {}) {
  const config = {
    SECRET_KEY: options.secretKey ?? 'development key',
    DEBUG: options.debug ?? false,
    USERNAME: options.username ?? 'admin',
    PASSWORD: options.password ?? 'default',
    UPLOAD_FOLDER: options.uploadFolder ?? join(tmpdir(), 'kolba-flagship-uploads'),
  };
  mkdirSync(config.UPLOAD_FOLDER, { recursive: true });
  const entries = new EntryStore();
  const app = new Koa();
  const router = new Router();
  const root = fileURLToPath(new URL('..', import.meta.url));

  // Order matters as in any Koa app: errors outermost, then request state, then routes.
  app.use(
    errorHandlers(
      {
        404: async (_err, ctx) => makeResponse(await renderTemplate(ctx, 'errors/404.html'), 404),
      },
      { debug: config.DEBUG },
    ),
  );
  app.use(session({ secretKey: config.SECRET_KEY }));
  app.use(context({ app }));
  app.use(flashes());
  app.use(bodies({ maxContentLength: 16 * 1024 * 1024 }));
  app.use(templates({ root, folder: 'templates', debug: config.DEBUG, config }));
  staticFiles(router, { folder: join(root, 'static') });

  // ---- Flaskr ---------------------------------------------------------------------------------
  router.get('/', async function show_entries(ctx) {
    return renderTemplate(ctx, 'show_entries.html', { entries: entries.list() });
  });

  router.post('/add', async function add_entry(ctx) {
    if (!ctx.session.logged_in) abort(401);
    const title = ctx.request.form.get('title') ?? '';
    const text = ctx.request.form.get('text') ?? '';
    if (!title.trim()) {
      flash(ctx, 'An entry needs a title', 'error');
      return redirect(router.urlFor('show_entries'));
    }
    entries.add(title, text);
    flash(ctx, 'New entry was successfully posted');
    return redirect(router.urlFor('show_entries'));
  });

  router.get('/entries/<int:entry_id>', async function show_entry(ctx) {
    const entry = entries.get(ctx.params.entry_id) ?? abort(404);
    return renderTemplate(ctx, 'entry.html', { entry });
  });

  router.route('/login', { methods: ['GET', 'POST'] }, async function login(ctx) {
    let error: string | undefined;
    if (ctx.method === 'POST') {
      if (ctx.request.form.get('username') !== config.USERNAME) error = 'Invalid username';
      else if (ctx.request.form.get('password') !== config.PASSWORD) error = 'Invalid password';
      else {
        ctx.session.logged_in = true;
        ctx.session.username = config.USERNAME;
        flash(ctx, 'You were logged in');
        return redirect(router.urlFor('show_entries'));
      }
    }
    return renderTemplate(ctx, 'login.html', { error });
  });

  router.get('/logout', function logout(ctx) {
    ctx.session.pop('logged_in', null);
    ctx.session.pop('username', null);
    flash(ctx, 'You were logged out');
    return redirect(router.urlFor('show_entries'));
  });

  // ---- The tour: routes and precedence (seed 003) ----------------------------------------------
  router.get('/hello', function hello_page() {
    return "I'm a hello page";
  });
  // A rule ending in `/` answers `/hello/optional_slash` with a 308 to the canonical URL.
  router.get('/hello/optional_slash/', function optional_extra_slash() {
    return 'I can have a slash';
  });
  // The reverse is a 404: `/hello/no_slash/` does not exist.
  router.get('/hello/no_slash', function no_extra_slash() {
    return 'No slash for you.';
  });
  router.get('/user/<username>', function show_user_profile(ctx) {
    // escape() as in the quickstart: a string return value is HTML.
    return `User ${escape(ctx.params.username)}`;
  });
  router.get('/post/<int:post_id>', function show_post(ctx) {
    return `Post ${ctx.params.post_id}`;
  });
  router.get('/path/<path:subpath>', function show_subpath(ctx) {
    return `Subpath ${escape(ctx.params.subpath)}`;
  });
  // The talk says "typed wildcards first"; Werkzeug really tries static segments first, then
  // converters by weight (int before string). `/echo/12/` → echo_only_ints, `/echo/ab/` → echo.
  router.get('/echo/<text_to_echo>/', function echo(ctx) {
    return `echo ${escape(ctx.params.text_to_echo)}`;
  });
  router.get('/echo/<int:int_to_echo>/', function echo_only_ints(ctx) {
    return `echo int ${ctx.params.int_to_echo}`;
  });
  router.get('/add/<int:int_left>/<int:int_right>', function add_ints(ctx) {
    return String(ctx.params.int_left + ctx.params.int_right);
  });
  router.get('/div/<int:int_left>/<int:int_right>', function div_ints(ctx) {
    // Python raises ZeroDivisionError here (a 500); JavaScript would answer Infinity, so the
    // example raises the same way to show the production error page.
    if (ctx.params.int_right === 0) throw new RangeError('division by zero');
    return String(ctx.params.int_left / ctx.params.int_right);
  });
  router.get('/version/<float:v>', function show_version(ctx) {
    return `Version ${ctx.params.v}`;
  });
  // GET, POST and PUT answer; DELETE gets 405 with `Allow`, OPTIONS is automatic.
  router.route('/methods', { methods: ['GET', 'POST', 'PUT'] }, function get_or_post(ctx) {
    return ctx.method;
  });

  // ---- Request, cookies, g, JSON, uploads (seeds 000 and 002) ----------------------------------
  router.get('/cookie', function read_cookie(ctx) {
    const username = ctx.request.cookies.get('username');
    return username ? `Hello again, ${escape(username)}` : 'No username cookie yet';
  });
  router.get('/cookie/<username>', function store_cookie(ctx) {
    setCookie(ctx, 'username', ctx.params.username, { httpOnly: true, sameSite: 'Lax' });
    return redirect(router.urlFor('read_cookie'));
  });
  router.get('/api/entries', function api_entries() {
    return jsonify({ entries: entries.list() });
  });
  router.get('/request', function request_info(ctx) {
    // A plain object becomes JSON, as a dict does in Flask ≥ 2.2.
    return {
      method: ctx.method,
      path: ctx.request.path,
      full_path: ctx.request.fullPath,
      args: ctx.request.args.toDict({ flat: false }),
      endpoint: ctx.request.endpoint ?? null,
    };
  });
  router.get('/g', function g_demo(ctx) {
    // `g` lives for one request: set, read, pop — never subscripted (`g["key"]` is a TypeError
    // in Flask, despite the talk's example).
    ctx.g.visits = (ctx.g.get('visits', 0) as number) + 1;
    return `g.visits is ${String(ctx.g.visits)} for this request only`;
  });
  router.route('/upload', { methods: ['GET', 'POST'] }, async function upload_file(ctx) {
    if (ctx.method === 'POST') {
      const file = ctx.request.files.get('the_file');
      if (!file || !file.filename) {
        flash(ctx, 'No file selected', 'error');
        return redirect(router.urlFor('upload_file'));
      }
      const name = secureFilename(file.filename);
      if (!name) abort(400, 'That file name cannot be stored safely.');
      await file.save(join(config.UPLOAD_FOLDER, name));
      flash(ctx, `Uploaded ${name}`);
      return redirect(router.urlFor('upload_file'));
    }
    return renderTemplate(ctx, 'upload.html');
  });

  // `throw: true`: a wrong method raises MethodNotAllowed, so errorHandlers renders Werkzeug's page.
  app.use(router.routes()).use(router.allowedMethods({ throw: true }));
  return Object.assign(app, { router, entries, config });
}
