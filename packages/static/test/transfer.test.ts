import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openRegularFile } from '../src/transfer.js';
import { makeSite, type Site } from './fixtures.js';

let site: Site;
before(() => (site = makeSite()));
after(() => site.cleanup());

test('openRegularFile opens a regular file with the stats of that file', async () => {
  const file = await openRegularFile(join(site.folder, 't.txt'));
  assert.ok(file);
  assert.equal(file.stats.size, 20n);
  const { bytesRead } = await file.handle.read(Buffer.alloc(20), 0, 20, 0);
  assert.equal(bytesRead, 20);
  await file.handle.close();
});

test('openRegularFile refuses directories', async () => {
  assert.equal(await openRegularFile(join(site.folder, 'css')), null);
});

test('openRegularFile refuses a FIFO without blocking on it', async () => {
  const fifo = join(site.root, 'pipe');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo (coreutils) must be available');
  assert.equal(await openRegularFile(fifo), null);
});

test('openRegularFile throws the fs error for a missing file', async () => {
  await assert.rejects(openRegularFile(join(site.folder, 'missing.txt')), { code: 'ENOENT' });
});
