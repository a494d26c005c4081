import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import Koa from 'koa';
import request from 'supertest';
import { bodies, type BodiesOptions } from '../src/index.js';
import {
  MULTIPART, field, file, listen, multipart, sendChunked, split, uploadDir, waitForFiles,
} from './support/multipart.js';

function app(dir: string, options: BodiesOptions = {}, handler?: Koa.Middleware): Koa {
  const a = new Koa();
  a.silent = true;
  a.use(bodies({ uploadDir: dir, ...options }));
  a.use(handler ?? (async (ctx) => {
    let total = 0;
    for (const [, f] of ctx.request.files.items({ multi: true })) total += (await f.read()).length;
    ctx.body = String(total);
  }));
  return a;
}

const send = (a: Koa, body: Buffer) => request(a.callback()).post('/').set('Content-Type', MULTIPART).send(body);

test('temp files are removed after every response, successful or failed', async () => {
  const dir = uploadDir();
  const a = app(dir, { maxFormParts: 50, maxFormMemorySize: 1000, maxContentLength: 2_000_000 });
  const statuses: number[] = [];
  for (let i = 0; i < 20; i++) {
    // successful: several files, one of them empty
    statuses.push((await send(a, multipart([file('f', 'a.txt', 'x'.repeat(i * 1000)), file('f', 'b.txt', ''), field('n', String(i))]))).status);
    // 413 after some files were written: too many parts
    statuses.push((await send(a, multipart(Array.from({ length: 60 }, (_, k) => file('f', `${k}.txt`, 'data'))))).status);
    // 413 after a file: a field over MAX_FORM_MEMORY_SIZE
    statuses.push((await send(a, multipart([file('f', 'a.txt', 'data'), field('big', 'x'.repeat(2000))]))).status);
    // 400 after a file: the body stops before the closing boundary
    statuses.push((await send(a, multipart([file('f', 'a.txt', 'data'), file('g', 'b.txt', 'more')], { end: false }))).status);
  }
  assert.deepEqual([...new Set(statuses)].sort(), [200, 400, 413]);
  assert.deepEqual(await waitForFiles(dir), []);
  rmSync(dir, { recursive: true });
});

test('MAX_CONTENT_LENGTH hit mid-file on a chunked upload leaves no temp file', async () => {
  const dir = uploadDir();
  const server = await listen(app(dir, { maxContentLength: 200_000 }));
  try {
    for (let i = 0; i < 5; i++) {
      const body = multipart([file('a', 'small.bin', Buffer.alloc(50_000)), file('b', 'big.bin', Buffer.alloc(1_000_000))]);
      const res = await sendChunked(server.port, '/', { 'Content-Type': MULTIPART, 'Transfer-Encoding': 'chunked' }, split(body, 32_768));
      assert.equal(res.status, 413);
    }
    assert.deepEqual(await waitForFiles(dir), []);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true });
  }
});

test('uploads aborted half-way neither crash the server nor leak temp files', async () => {
  const dir = uploadDir();
  const server = await listen(app(dir));
  try {
    const body = multipart([file('a', 'a.bin', Buffer.alloc(200_000, 1)), file('b', 'b.bin', Buffer.alloc(2_000_000, 2))]);
    for (let i = 0; i < 10; i++) {
      await new Promise<void>((resolve) => {
        const req = http.request({
          host: '127.0.0.1', port: server.port, method: 'POST', path: '/',
          headers: { 'Content-Type': MULTIPART, 'Content-Length': String(body.length) },
        });
        req.on('error', () => resolve());
        req.on('close', () => resolve());
        // Send the first file and part of the second, then vanish.
        req.write(body.subarray(0, 200_000 + 100_000 * (i + 1)), () => setTimeout(() => req.destroy(), 20));
      });
    }
    assert.deepEqual(await waitForFiles(dir), []);
    const ok = await sendChunked(server.port, '/', { 'Content-Type': MULTIPART }, [multipart([file('f', 'a.txt', 'abc')])]);
    assert.equal(ok.status, 200);
    assert.equal(ok.body, '3');
  } finally {
    await server.close();
    rmSync(dir, { recursive: true });
  }
});

test('a handler that throws still gets its temp files removed', async () => {
  const dir = uploadDir();
  const a = app(dir, {}, () => { throw new Error('boom'); });
  for (let i = 0; i < 5; i++) assert.equal((await send(a, multipart([file('f', 'a.txt', 'data')]))).status, 500);
  assert.deepEqual(await waitForFiles(dir), []);
  rmSync(dir, { recursive: true });
});

test('temp names are unguessable (formidable ≥3.5.4 cuid2, CVE-2025-46653) and carry no extension', async () => {
  const dir = uploadDir();
  const kept: string[] = [];
  const a = app(dir, {}, (ctx) => {
    kept.push(ctx.request.files.getItem('f').keep());
    ctx.body = 'kept';
  });
  for (let i = 0; i < 5; i++) await send(a, multipart([file('f', 'shell.php', '<?php ?>')]));
  const names = kept.map((p) => basename(p));
  assert.equal(new Set(names).size, 5);
  for (const name of names) {
    assert.match(name, /^[a-z0-9]{25,}$/, name);
    assert.ok(!name.includes('.'), 'no extension from the client filename');
  }
  assert.deepEqual((await waitForFiles(dir, 5)).sort(), [...names].sort(), 'kept files stay');
  rmSync(dir, { recursive: true });
});

test('keep() keeps a file; save() copies it and the temp file still goes', async () => {
  const dir = uploadDir();
  const out = uploadDir();
  let keptPath = '';
  const a = app(dir, {}, async (ctx) => {
    const files = ctx.request.files;
    keptPath = files.getItem('keep').keep();
    await files.getItem('save').save(join(out, 'saved.txt'));
    ctx.body = 'ok';
  });
  const res = await send(a, multipart([file('keep', 'k.txt', 'kept!'), file('save', 's.txt', 'saved!'), file('drop', 'd.txt', 'x')]));
  assert.equal(res.status, 200);
  assert.deepEqual(await waitForFiles(dir, 1), [basename(keptPath)]);
  assert.equal(readFileSync(keptPath, 'utf8'), 'kept!');
  assert.equal(readFileSync(join(out, 'saved.txt'), 'utf8'), 'saved!');
  assert.ok(existsSync(keptPath));
  rmSync(dir, { recursive: true });
  rmSync(out, { recursive: true });
});

test('concurrent uploads (successful, over a limit, malformed, aborted chunked) leave no temp file', async () => {
  const dir = uploadDir();
  const server = await listen(app(dir, { maxContentLength: 400_000 }));
  const abortChunked = () => new Promise<string>((resolve) => {
    const req = http.request({
      host: '127.0.0.1', port: server.port, method: 'POST', path: '/',
      headers: { 'Content-Type': MULTIPART, 'Transfer-Encoding': 'chunked' },
    });
    req.on('error', () => resolve('aborted'));
    req.on('close', () => resolve('aborted'));
    const body = multipart([file('a', 'a.bin', Buffer.alloc(150_000, 1)), file('b', 'b.bin', Buffer.alloc(150_000, 2))]);
    req.write(body.subarray(0, 200_000), () => setTimeout(() => req.destroy(), 10));
  });
  const post = (body: Buffer) => sendChunked(server.port, '/', { 'Content-Type': MULTIPART }, split(body, 32_768))
    .then((r) => String(r.status), () => 'reset');
  try {
    const jobs: Array<Promise<string>> = [];
    for (let i = 0; i < 8; i++) {
      jobs.push(post(multipart([file('f', 'ok.bin', Buffer.alloc(50_000, i)), file('f', 'empty.bin', '')])));
      jobs.push(post(multipart([file('f', 'a.bin', Buffer.alloc(100_000)), file('g', 'big.bin', Buffer.alloc(500_000))])));
      jobs.push(post(multipart([file('f', 'a.bin', Buffer.alloc(10_000))], { end: false })));
      jobs.push(abortChunked());
    }
    const outcomes = await Promise.all(jobs);
    assert.deepEqual([...new Set(outcomes)].sort(), ['200', '400', '413', 'aborted']);
    assert.deepEqual(await waitForFiles(dir), []);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true });
  }
});
