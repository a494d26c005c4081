/** The tutorial's `flaskr/auth.py`: register, log in, log out, and `login_required`. */
import type { Context, Next } from 'koa';
import { Blueprint, flash, g, redirect, renderTemplate, urlFor } from 'kolba';
import type { Database } from './db.js';
import { checkPasswordHash, generatePasswordHash } from './passwords.js';

export function authBlueprint(db: Database): Blueprint {
  const bp = new Blueprint('auth', import.meta.url, { urlPrefix: '/auth' });

  bp.route('/register', { methods: ['GET', 'POST'] }, function register(ctx) {
    if (ctx.method === 'POST') {
      const username = ctx.request.form.get('username') ?? '';
      const password = ctx.request.form.get('password') ?? '';
      let error: string | undefined;
      if (!username) error = 'Username is required.';
      else if (!password) error = 'Password is required.';
      else if (db.users.some((u) => u.username === username)) error = `User ${username} is already registered.`;
      if (error === undefined) {
        db.addUser(username, generatePasswordHash(password));
        return redirect(urlFor('auth.login'));
      }
      flash(ctx, error);
    }
    return renderTemplate(ctx, 'auth/register.html');
  });

  bp.route('/login', { methods: ['GET', 'POST'] }, function login(ctx) {
    if (ctx.method === 'POST') {
      const username = ctx.request.form.get('username') ?? '';
      const user = db.users.find((u) => u.username === username);
      let error: string | undefined;
      if (user === undefined) error = 'Incorrect username.';
      else if (!checkPasswordHash(user.password, ctx.request.form.get('password') ?? '')) error = 'Incorrect password.';
      if (error === undefined) {
        ctx.session.clear();
        ctx.session.user_id = user!.id;
        return redirect(urlFor('index'));
      }
      flash(ctx, error);
    }
    return renderTemplate(ctx, 'auth/login.html');
  });

  bp.get('/logout', function logout(ctx) {
    ctx.session.clear();
    return redirect(urlFor('index'));
  });

  // @bp.before_app_request load_logged_in_user
  bp.beforeAppRequest(function loadLoggedInUser(ctx) {
    const userId = ctx.session.user_id;
    g.user = userId === undefined ? undefined : db.users.find((u) => u.id === userId);
  });

  return bp;
}

/** The tutorial's `@login_required` decorator: a route middleware placed before the view. */
export function loginRequired(ctx: Context, next: Next): unknown {
  if (g.user === undefined) {
    ctx.redirect(urlFor('auth.login'));
    return undefined;
  }
  return next();
}
