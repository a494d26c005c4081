import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Koa from 'koa';
import request from 'supertest';
import { bodies, FileStorage } from '../src/index.js';
import { MULTIPART, multipart, uploadDir } from './support/multipart.js';

const DIR = uploadDir();
after(() => rmSync(DIR, { recursive: true, force: true }));

test('FileStorage exposes Werkzeug\'s fields from the part headers', async () => {
  const app = new Koa();
  app.use(bodies({ uploadDir: DIR }));
  app.use((ctx) => {
    const f = ctx.request.files.getItem('doc');
    assert.ok(f instanceof FileStorage);
    ctx.body = {
      name: f.name, filename: f.filename, contentType: f.contentType, mimetype: f.mimetype,
      mimetypeParams: f.mimetypeParams, contentLength: f.contentLength, size: f.size, header: f.headers['x-extra'],
      other: ctx.request.files.getItem('other').contentLength,
    };
  });
  const body = multipart([
    { headers: ['Content-Disposition: form-data; name="doc"; filename="Report.TXT"', 'Content-Type: Text/Plain; charset=utf-8', 'Content-Length: 5', 'X-Extra: yes'], data: 'hello' },
    { headers: ['Content-Disposition: form-data; name="other"; filename="o.bin"'], data: 'abc' },
  ]);
  const res = await request(app.callback()).post('/').set('Content-Type', MULTIPART).send(body);
  assert.deepEqual(res.body, {
    name: 'doc', filename: 'Report.TXT', contentType: 'Text/Plain; charset=utf-8', mimetype: 'text/plain',
    mimetypeParams: { charset: 'utf-8' }, contentLength: 5, size: 5, header: 'yes',
    other: 0, // browsers send no part Content-Length: Werkzeug reports 0
  });
});

test('save() writes to a path or into a stream it leaves open; stream and read() give the bytes', async () => {
  const out = uploadDir();
  const app = new Koa();
  app.use(bodies({ uploadDir: DIR }));
  app.use(async (ctx) => {
    const f = ctx.request.files.getItem('f');
    await f.save(join(out, 'copy.bin'));
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    await f.save(sink);
    const streamed: Buffer[] = [];
    for await (const c of f.stream) streamed.push(c as Buffer);
    ctx.body = {
      sinkOpen: sink.writable, sink: Buffer.concat(chunks).toString('hex'),
      streamed: Buffer.concat(streamed).toString('hex'), read: (await f.read()).toString('hex'),
    };
  });
  const bytes = Buffer.from([0, 1, 2, 255, 13, 10, 45, 45]);
  const res = await request(app.callback()).post('/').set('Content-Type', MULTIPART)
    .send(multipart([{ headers: ['Content-Disposition: form-data; name="f"; filename="b.bin"', 'Content-Type: application/octet-stream'], data: bytes }]));
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { sinkOpen: true, sink: bytes.toString('hex'), streamed: bytes.toString('hex'), read: bytes.toString('hex') });
  assert.deepEqual(readFileSync(join(out, 'copy.bin')), bytes);
  rmSync(out, { recursive: true });
});

test('contentLength reads the part header as Werkzeug\'s int() does (junk → 0), checked with /usr/bin/python3', () => {
  const length = (value: string) => new FileStorage({
    name: 'f', filename: 'a', contentType: null, headers: { 'content-length': value }, tempPath: '/nonexistent', size: 0,
  }).contentLength;
  // FileStorage(headers=Headers({'Content-Length': v})).content_length in Werkzeug
  assert.deepEqual(['12abc', '-5', ' 7 ', '1_0', '', '0x10', '+3', '42'].map(length), [0, -5, 7, 10, 0, 0, 3, 42]);
});
