/**
 * The migration story on the `kolba` facade: a Flask app and a Kolba app configured with the
 * same Flask config keys share one login, both ways (real Flask under /usr/bin/python3).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Kolba } from 'kolba';
import { requireService, startFlask } from '../support/services.js';

const CONFIG = {
  SECRET_KEY: 'shared secret for the migration',
  SESSION_COOKIE_NAME: 'shared_login',
  SESSION_COOKIE_SAMESITE: 'Lax',
};

const FLASK_APP = `
from flask import Flask, session, jsonify
app = Flask(__name__)
app.config.update(SECRET_KEY=${JSON.stringify(CONFIG.SECRET_KEY)}, SESSION_COOKIE_NAME="shared_login", SESSION_COOKIE_SAMESITE="Lax")

@app.post("/login")
def login():
    session["user"] = "alice"
    session["roles"] = ("reader",)
    session.permanent = True
    return "ok"

@app.get("/whoami")
def whoami():
    return jsonify(user=session.get("user"), roles=list(session.get("roles", ())), tuple=isinstance(session.get("roles"), tuple), plan=session.get("plan"))
`;

function kolbaApp() {
  const app = new Kolba(fileURLToPath(new URL('.', import.meta.url)), { config: CONFIG, staticFolder: null, templateFolder: null });
  app.get('/whoami', function whoami(ctx) {
    return { user: ctx.session.user ?? null, roles: ctx.session.roles ?? [], permanent: ctx.session.permanent };
  });
  app.post('/upgrade', function upgrade(ctx) {
    ctx.session.plan = 'pro';
    return 'upgraded';
  });
  return app;
}

test('log in on Flask, continue on the kolba facade, and back (same config keys)', async (t) => {
  if (!requireService(t, 'flask')) return;
  const flask = await startFlask(FLASK_APP);
  try {
    const login = await fetch(`${flask.url}/login`, { method: 'POST' });
    assert.equal(login.status, 200, flask.output());
    const setCookie = login.headers.getSetCookie().find((c) => c.startsWith('shared_login='));
    assert.ok(setCookie, 'Flask set the shared cookie');
    assert.match(setCookie, /SameSite=Lax/);

    const client = kolbaApp().testClient();
    client.setCookie('shared_login', setCookie.split(';')[0]!.slice('shared_login='.length));
    assert.deepEqual((await client.get('/whoami')).json, { user: 'alice', roles: ['reader'], permanent: true });
    const upgraded = await client.post('/upgrade');
    assert.match(upgraded.headers.getSetCookie().join('\n'), /^shared_login=[^;]+; Expires=[^;]+; HttpOnly; Path=\/; SameSite=Lax$/m);

    const cookie = client.getCookie('shared_login');
    assert.ok(cookie);
    const back = await fetch(`${flask.url}/whoami`, { headers: { cookie: `shared_login=${cookie.value}` } });
    assert.deepEqual(await back.json(), { user: 'alice', roles: ['reader'], tuple: true, plan: 'pro' });
  } finally {
    await flask.stop();
  }
});
