import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Koa from 'koa';
import request from 'supertest';
import { sendFromDirectory, type SendFromDirectoryOptions } from '../src/index.js';
import { bodyText, makeSite, SECRET, TWENTY, type Site } from './fixtures.js';

let site: Site;
before(() => (site = makeSite()));
after(() => site.cleanup());

/** The filename comes from the query string so tests control it exactly, bytes and all. */
function app(options: SendFromDirectoryOptions = {}, directory = () => site.folder) {
  const koa = new Koa();
  koa.use(async function handler(ctx) {
    await sendFromDirectory(ctx, directory(), String(ctx.query.f), options);
  });
  return koa.callback();
}
const get = (filename: string, options?: SendFromDirectoryOptions) => request(app(options)).get('/').query({ f: filename });

describe('sendFromDirectory serves files inside the folder', () => {
  test('a file, a nested file with a space, a non-ASCII name, a literal % name', async () => {
    assert.equal((await get('t.txt')).text, TWENTY);
    assert.equal((await get('css/a b.css')).text, 'body { color: red }\n');
    const unicode = await get('ünï.txt');
    assert.equal(unicode.text, 'unicode name');
    assert.equal(unicode.headers['content-disposition'], "inline; filename=uni.txt; filename*=UTF-8''%C3%BCn%C3%AF.txt");
    assert.equal((await get('100%.txt')).text, 'percent');
    assert.equal((await get('a%20b.txt')).text, 'literal percent-two-zero');
  });

  test('a symlink that stays inside the folder is followed', async () => {
    assert.equal(bodyText(await get('link-in')), TWENTY);
  });

  test('the ETag is computed from the joined path, not the symlink target', async () => {
    const direct = await get('t.txt');
    const linked = await get('link-in');
    assert.notEqual(direct.headers.etag, linked.headers.etag);
  });
});

describe('sendFromDirectory answers 404 (never 403, never the file) for', () => {
  const refused: Record<string, string> = {
    traversal: '../secret.txt',
    'deep traversal': 'css/../../secret.txt',
    'prefix sibling': '../static-secret/secret.txt',
    'absolute path': '/etc/passwd',
    backslash: '..\\secret.txt',
    'NUL byte': 't.txt\0.png',
    'symlink to a file outside': 'link-out',
    'symlink to a directory outside': 'linkdir-out/secret.txt',
    dotfile: '.env',
    'dot directory': '.git/config',
    'nested dot directory': 'sub/.hidden/x.txt',
    directory: 'css',
    'the folder itself': '.',
    'folder via ..': 'css/..',
    'missing file': 'nope.txt',
    'file used as a directory': 't.txt/x',
    'empty name': '',
  };
  for (const [what, filename] of Object.entries(refused)) {
    test(`${what}: ${JSON.stringify(filename)}`, async () => {
      const res = await get(filename);
      assert.equal(res.status, 404);
      assert.ok(!bodyText(res).includes(SECRET));
    });
  }

  test('a folder that does not exist', async () => {
    const res = await request(app({}, () => `${site.root}/no-such-folder`)).get('/').query({ f: 't.txt' });
    assert.equal(res.status, 404);
  });
});

describe('dotfiles option', () => {
  test("dotfiles: 'allow' serves them, as Flask does", async () => {
    const res = await get('.env', { dotfiles: 'allow' });
    assert.equal(res.status, 200);
    assert.equal(bodyText(res), SECRET);
  });

  test("dotfiles: 'allow' still never leaves the folder", async () => {
    assert.equal((await get('../secret.txt', { dotfiles: 'allow' })).status, 404);
    assert.equal((await get('link-out', { dotfiles: 'allow' })).status, 404);
  });
});

test('sendFile options pass through (asAttachment, maxAge)', async () => {
  const res = await get('t.txt', { asAttachment: true, maxAge: 10 });
  assert.equal(res.headers['content-disposition'], 'attachment; filename=t.txt');
  assert.equal(res.headers['cache-control'], 'public, max-age=10');
});
