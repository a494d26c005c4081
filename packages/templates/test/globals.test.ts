import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { flash } from '@kolba/flash';
import { templateFlashedMessages, templateUrlFor } from '../src/globals.js';
import { fixtureEnv } from './helpers.js';

describe('url_for from templates', () => {
  const calls: unknown[][] = [];
  const ctx = { urlFor: (...args: unknown[]) => (calls.push(args), '/u') };

  test('Flask keywords: values, and _external/_anchor/_method/_scheme as options', () => {
    calls.length = 0;
    templateUrlFor(ctx, undefined, ['show', { post_id: 1, q: 'x', _external: true, _anchor: 'top', _method: 'POST', _scheme: 'https', __keywords: true }]);
    assert.deepEqual(calls[0], ['show', { post_id: 1, q: 'x' }, { external: true, anchor: 'top', method: 'POST', scheme: 'https' }]);
  });

  test('keywords that are Object.prototype names (constructor, toString) are URL values', () => {
    calls.length = 0;
    templateUrlFor(ctx, undefined, ['show', { constructor: 'c', toString: 't', __keywords: true }]);
    assert.deepEqual(calls[0], ['show', { constructor: 'c', toString: 't' }, {}]);
  });

  test('JavaScript style: values and options objects', () => {
    calls.length = 0;
    templateUrlFor(ctx, undefined, ['show', { post_id: 2 }, { external: true }]);
    assert.deepEqual(calls[0], ['show', { post_id: 2 }, { external: true }]);
  });

  test('ctx.urlFor wins over the fallback builder', () => {
    assert.equal(templateUrlFor(ctx, () => '/fallback', ['x']), '/u');
    assert.equal(templateUrlFor(undefined, () => '/fallback', ['x']), '/fallback');
  });
});

describe('get_flashed_messages from templates (real @kolba/flash on a plain session)', () => {
  function flashedCtx() {
    const ctx = { session: {} as Record<string, unknown> };
    flash(ctx, 'Hello');
    flash(ctx, 'Oops <b>', 'error');
    return ctx;
  }

  test('positional, Jinja keyword and camelCase spellings', () => {
    assert.deepEqual(templateFlashedMessages(flashedCtx(), []), ['Hello', 'Oops <b>']);
    assert.deepEqual(templateFlashedMessages(flashedCtx(), [true]), [['message', 'Hello'], ['error', 'Oops <b>']]);
    assert.deepEqual(templateFlashedMessages(flashedCtx(), [{ with_categories: true, category_filter: ['error'], __keywords: true }]), [
      ['error', 'Oops <b>'],
    ]);
    assert.deepEqual(templateFlashedMessages(flashedCtx(), [{ withCategories: false, categoryFilter: ['message'] }]), ['Hello']);
    assert.deepEqual(templateFlashedMessages(flashedCtx(), [false, ['error']]), ['Oops <b>']);
  });

  test('outside a request there is nothing flashed', () => {
    assert.deepEqual(templateFlashedMessages(undefined, []), []);
  });

  test('a template shows the messages once, escaped, and they leave the session', async () => {
    const ctx = flashedCtx();
    const env = fixtureEnv();
    const out = await env.render('flashes.html', {}, ctx);
    assert.equal(out, '<li class="message">Hello</li>\n<li class="error">Oops &lt;b&gt;</li>\n');
    assert.equal('_flashes' in ctx.session, false);
  });
});
