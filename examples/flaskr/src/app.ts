/**
 * Flaskr, the Flask tutorial's blog, on the kolba facade: `create_app()` with the `auth` and
 * `blog` blueprints, `app.add_url_rule('/', endpoint='index')`, and config from a mapping and
 * the environment, as `flaskr/__init__.py` does.
 */
import { Kolba } from 'kolba';
import { authBlueprint } from './auth.js';
import { blogBlueprint } from './blog.js';
import { Database } from './db.js';

export function createApp(testConfig?: Record<string, unknown>) {
  const app = new Kolba(new URL('..', import.meta.url), { config: { SECRET_KEY: 'dev' } });
  if (testConfig === undefined) app.config.fromPrefixedEnv('FLASKR'); // FLASKR_SECRET_KEY=…
  else app.config.fromMapping(testConfig);
  const db = new Database();
  app.registerBlueprint(authBlueprint(db));
  app.registerBlueprint(blogBlueprint(db));
  // Flask: app.add_url_rule("/", endpoint="index") — a second name for '/', used only to build URLs.
  app.addUrlRule('/', 'index', (ctx) => ctx.redirect(ctx.urlFor('blog.index')), { buildOnly: true });
  return Object.assign(app, { db });
}
