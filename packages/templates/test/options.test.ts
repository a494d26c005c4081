import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectJinjaAutoescape } from '../src/index.js';
import { resolveFolders } from '../src/options.js';

describe('selectJinjaAutoescape (Flask select_jinja_autoescape)', () => {
  test('escapes .html .htm .xml .xhtml .svg and string templates, case-sensitively', () => {
    for (const name of ['a.html', 'a.htm', 'a.xml', 'a.xhtml', 'a.svg', undefined]) assert.equal(selectJinjaAutoescape(name), true, String(name));
    for (const name of ['a.txt', 'a.js', 'a.css', 'a.HTML', 'html']) assert.equal(selectJinjaAutoescape(name), false, name);
  });
});

describe('resolveFolders', () => {
  test('relative folders resolve against root, import.meta.url against its directory, absolute stay', () => {
    const here = fileURLToPath(new URL('.', import.meta.url));
    assert.deepEqual(resolveFolders('templates', import.meta.url), [resolve(here, 'templates')]);
    assert.deepEqual(resolveFolders(['a', '/abs/b'], '/srv/app'), ['/srv/app/a', '/abs/b']);
    assert.deepEqual(resolveFolders(new URL('file:///x/y'), undefined), ['/x/y']);
    assert.deepEqual(resolveFolders('t', undefined), [resolve(process.cwd(), 't')]);
  });

  test('a directory URL (ending in /) is the base itself, not a file inside its parent', () => {
    assert.deepEqual(resolveFolders('templates', new URL('file:///srv/app/')), ['/srv/app/templates']);
    assert.deepEqual(resolveFolders('templates', 'file:///srv/app/'), ['/srv/app/templates']);
    assert.deepEqual(resolveFolders('templates', new URL('file:///srv/app/main.js')), ['/srv/app/templates']);
  });
});
