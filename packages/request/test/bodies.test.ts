import { after, test } from 'node:test';
import { rmSync } from 'node:fs';
import assert from 'node:assert/strict';
import http from 'node:http';
import Koa from 'koa';
import request from 'supertest';
import { errorHandlers } from '@kolba/http';
import { bodies, type BodiesOptions } from '../src/index.js';
import {
  BOUNDARY, MULTIPART, field, file, listen, multipart, sendChunked, split, uploadDir, type Part,
} from './support/multipart.js';

// One upload directory for the whole file (every temp file in it is removed per response).
const DIR = uploadDir();
after(() => rmSync(DIR, { recursive: true, force: true }));

/** An app that echoes what the Flask surface saw. */
function echoApp(options: BodiesOptions = {}): Koa {
  const app = new Koa();
  app.use(bodies({ uploadDir: DIR, ...options }));
  app.use(async (ctx) => {
    const r = ctx.request;
    const files = await Promise.all([...r.files.items({ multi: true })].map(async ([key, f]) => ({
      key, filename: f.filename, contentType: f.contentType, mimetype: f.mimetype, size: f.size,
      content: (await f.read()).toString('utf8'),
    })));
    ctx.body = {
      form: [...r.form.items({ multi: true })],
      files,
      values: [...r.values.items({ multi: true })],
    };
  });
  return app;
}

const post = (app: Koa, parts: Part[] | Buffer, path = '/') =>
  request(app.callback()).post(path).set('Content-Type', MULTIPART).send(Buffer.isBuffer(parts) ? parts : multipart(parts));

test('multipart fields and files land in form/files as MultiDicts, in order', async () => {
  const res = await post(echoApp(), [
    field('name', 'kolba'),
    file('docs', 'a.txt', 'first'),
    field('tag', 'x'),
    file('docs', 'b.txt', 'second'),
    field('tag', 'y'),
    field('name', 'again'),
  ]);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.form, [['name', 'kolba'], ['name', 'again'], ['tag', 'x'], ['tag', 'y']]);
  assert.deepEqual(res.body.files.map((f: { key: string; filename: string; content: string }) => [f.key, f.filename, f.content]),
    [['docs', 'a.txt', 'first'], ['docs', 'b.txt', 'second']]);
});

test('many files under one field, and many fields, all arrive', async () => {
  const parts: Part[] = [];
  for (let i = 0; i < 40; i++) parts.push(file('photos', `p${i}.bin`, Buffer.alloc(i * 100, i), 'application/octet-stream'));
  for (let i = 0; i < 500; i++) parts.push(field(`f${i}`, String(i)));
  const res = await post(echoApp(), parts);
  assert.equal(res.status, 200);
  assert.equal(res.body.files.length, 40);
  assert.deepEqual(res.body.files.map((f: { size: number }) => f.size), parts.slice(0, 40).map((_, i) => i * 100));
  assert.equal(res.body.form.length, 500);
  assert.deepEqual(res.body.form[499], ['f499', '499']);
});

test('non-ASCII filenames (raw UTF-8 and RFC 5987 filename*) and Windows paths are kept unsanitised', async () => {
  const res = await post(echoApp(), [
    file('a', 'résumé 日本.txt', 'x'),
    { headers: [`Content-Disposition: form-data; name="b"; filename*=UTF-8''r%C3%A9s.txt`], data: 'y' },
    file('c', 'C:\\dir\\x.txt', 'z'),
    { headers: ['Content-Disposition: form-data; name="d"; filename="q\\"x.txt"'], data: 'w' },
  ]);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.files.map((f: { filename: string }) => f.filename), ['résumé 日本.txt', 'rés.txt', 'C:\\dir\\x.txt', 'q"x.txt']);
  const split = await post(echoApp(), [
    { headers: ['Content-Disposition: form-data; name="e"; filename*0="long-"; filename*1="name.txt"'], data: 'v' },
    { headers: ['Content-Disposition: form-data; name="f"; filename="say %22hi%22.txt"'], data: 'v' },
  ]);
  assert.deepEqual(split.body.files.map((f: { filename: string }) => f.filename), ['long-name.txt', 'say "hi".txt'],
    'RFC 2231 continuations and the HTML Standard\'s %22, as Werkzeug 3.1');
});

test('non-ASCII field names (raw UTF-8 in multipart, percent-encoded in urlencoded) are decoded keys', async () => {
  const app = echoApp();
  const mp = await post(app, [field('ü', 'umlaut'), field('日本', '語'), file('фото', 'p.png', 'x', 'image/png')]);
  assert.equal(mp.status, 200);
  assert.deepEqual(mp.body.form, [['ü', 'umlaut'], ['日本', '語']]);
  assert.deepEqual(mp.body.files.map((f: { key: string }) => f.key), ['фото']);
  const form = await request(app.callback()).post('/').type('form').send('%C3%BC=1&%E6%97%A5%E6%9C%AC=%E8%AA%9E');
  assert.deepEqual(form.body.form, [['ü', '1'], ['日本', '語']]);
});

test('empty files: filename="" (an empty file input) and zero-byte uploads are files, not errors', async () => {
  const res = await post(echoApp(), [
    file('empty_input', '', '', 'application/octet-stream'),
    file('zero', 'zero.txt', ''),
  ]);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.files.map((f: { key: string; filename: string; size: number }) => [f.key, f.filename, f.size]),
    [['empty_input', '', 0], ['zero', 'zero.txt', 0]]);
  assert.deepEqual(res.body.form, []);
});

test('a part with a filename but no Content-Type is a file with contentType null (Werkzeug)', async () => {
  const res = await post(echoApp(), [file('f', 'a.txt', 'data', null), file('g', 'b.txt', 'x', 'Text/Plain; charset=UTF-8')]);
  assert.deepEqual(res.body.files.map((f: { contentType: string | null; mimetype: string }) => [f.contentType, f.mimetype]),
    [[null, ''], ['Text/Plain; charset=UTF-8', 'text/plain']]);
});

test('empty and missing field names are kept under "" (multer CVE-2025-48997 crashed on them)', async () => {
  const app = echoApp();
  const res = await post(app, [
    { headers: ['Content-Disposition: form-data; name=""'], data: 'empty' },
    { headers: ['Content-Disposition: form-data'], data: 'none' },
    { headers: ['Content-Disposition: form-data; name=""; filename="f.txt"'], data: 'file' },
  ]);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.form, [['', 'empty'], ['', 'none']]);
  assert.deepEqual(res.body.files.map((f: { key: string }) => f.key), ['']);
  assert.equal((await post(app, [field('ok', '1')])).status, 200, 'the server is still up');
});

test('integer-like and prototype field names keep their order and stay plain keys', async () => {
  const res = await post(echoApp(), [field('1', 'x'), field('0', 'y'), field('__proto__', 'p'), field('1', 'z')]);
  assert.deepEqual(res.body.form, [['1', 'x'], ['1', 'z'], ['0', 'y'], ['__proto__', 'p']]);
});

test('urlencoded bodies fill form with Werkzeug parsing; values is args then form, GET only args', async () => {
  const app = echoApp();
  const res = await request(app.callback()).post('/?q=1&a=0').type('form').send('a=1&b=x+y&a=%E2%98%83&c');
  assert.deepEqual(res.body.form, [['a', '1'], ['a', '☃'], ['b', 'x y'], ['c', '']]);
  assert.deepEqual(res.body.values, [['q', '1'], ['a', '0'], ['a', '1'], ['a', '☃'], ['b', 'x y'], ['c', '']]);
  const get = await request(app.callback()).get('/?q=1').type('form').send('a=1');
  assert.deepEqual(get.body.form, [['a', '1']], 'a form body is parsed whatever the method');
  assert.deepEqual(get.body.values, [['q', '1']], 'but values ignores it for GET');
});

test('other content types leave form and files empty and the body in the stream', async () => {
  const app = new Koa();
  app.use(bodies());
  app.use(async (ctx) => {
    const chunks: Buffer[] = [];
    for await (const c of ctx.req) chunks.push(c as Buffer);
    ctx.body = { form: ctx.request.form.size, streamed: Buffer.concat(chunks).toString() };
  });
  const res = await request(app.callback()).post('/').set('Content-Type', 'application/octet-stream').send(Buffer.from('raw!'));
  assert.deepEqual(res.body, { form: 0, streamed: 'raw!' });
});

// ---------------------------------------------------------------- limits

test('MAX_FORM_MEMORY_SIZE: default 500 000 bytes per field; files are not counted', async () => {
  const app = echoApp();
  assert.equal((await post(app, [field('a', 'x'.repeat(500_000))])).status, 200);
  assert.equal((await post(app, [field('a', 'x'.repeat(500_001))])).status, 413);
  assert.equal((await post(app, [field('a', 'x'.repeat(400_000)), field('b', 'x'.repeat(400_000))])).status, 200,
    'the limit is per field, as in Werkzeug');
  assert.equal((await post(app, [file('f', 'big.bin', Buffer.alloc(2_000_000))])).status, 200);
});

test('MAX_FORM_MEMORY_SIZE also caps the headers of one part (they are held in memory)', async () => {
  const app = echoApp({ maxFormMemorySize: 1000 });
  const fat = { headers: [`Content-Disposition: form-data; name="a"; filename="${'x'.repeat(2000)}.txt"`], data: 'v' };
  assert.equal((await post(app, [fat])).status, 413);
  assert.equal((await post(app, [file('a', 'x'.repeat(500), 'v'), file('b', 'y'.repeat(500), 'v')])).status, 200, 'per part');
});

test('MAX_FORM_MEMORY_SIZE applies to a whole urlencoded body', async () => {
  const app = echoApp({ maxFormMemorySize: 1000 });
  assert.equal((await request(app.callback()).post('/').type('form').send(`a=${'x'.repeat(998)}`)).status, 200);
  assert.equal((await request(app.callback()).post('/').type('form').send(`a=${'x'.repeat(999)}`)).status, 413);
});

test('MAX_FORM_PARTS: default 1 000 parts, fields and files together; urlencoded fields too', async () => {
  const app = echoApp();
  const parts = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? field(`f${i}`, 'v') : file('f', `${i}.txt`, 'v')));
  assert.equal((await post(app, parts(1000))).status, 200);
  assert.equal((await post(app, parts(1001))).status, 413);
  const pairs = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=v`).join('&');
  assert.equal((await request(app.callback()).post('/').type('form').send(pairs(1000))).status, 200);
  assert.equal((await request(app.callback()).post('/').type('form').send(pairs(1001))).status, 413);
  const small = echoApp({ maxFormParts: 2 });
  assert.equal((await post(small, [field('a', '1'), field('b', '2'), field('c', '3')])).status, 413);
});

test('MAX_CONTENT_LENGTH: none by default; a declared length over the limit is 413 for every type', async () => {
  assert.equal((await post(echoApp(), [file('f', 'a.bin', Buffer.alloc(3_000_000))])).status, 200);
  const app = echoApp({ maxContentLength: 1000 });
  assert.equal((await post(app, [file('f', 'a.bin', Buffer.alloc(2000))])).status, 413);
  assert.equal((await request(app.callback()).post('/').type('json').send(JSON.stringify('x'.repeat(2000)))).status, 413);
  assert.equal((await request(app.callback()).post('/').set('Content-Type', 'application/octet-stream').send(Buffer.alloc(2000))).status, 413);
  assert.equal((await post(app, [field('a', 'small')])).status, 200);
});

test('null disables a limit', async () => {
  const app = echoApp({ maxFormMemorySize: null, maxFormParts: null });
  assert.equal((await post(app, [field('a', 'x'.repeat(600_000))])).status, 200);
  assert.equal((await post(app, Array.from({ length: 1100 }, (_, i) => field(`f${i}`, 'v')))).status, 200);
});

test('bad limit values are refused when the middleware is created', () => {
  assert.throws(() => bodies({ maxContentLength: -1 }), /maxContentLength must be a non-negative integer or null/);
  assert.throws(() => bodies({ maxFormParts: 1.5 }), TypeError);
});

test('limits hold for chunked bodies without Content-Length, and the client gets a 413, not a reset', async () => {
  const server = await listen(echoApp({ maxContentLength: 100_000 }));
  try {
    const big = multipart([file('f', 'big.bin', Buffer.alloc(1_000_000, 1))]);
    const mp = await sendChunked(server.port, '/', { 'Content-Type': MULTIPART, 'Transfer-Encoding': 'chunked' }, split(big, 16_384));
    assert.equal(mp.status, 413);
    const json = Buffer.from(JSON.stringify({ a: 'x'.repeat(500_000) }));
    const js = await sendChunked(server.port, '/', { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }, split(json, 16_384));
    assert.equal(js.status, 413);
    const form = Buffer.from(`a=${'x'.repeat(200_000)}`);
    const fm = await sendChunked(server.port, '/', { 'Content-Type': 'application/x-www-form-urlencoded' }, split(form, 8192));
    assert.equal(fm.status, 413);
    const ok = await sendChunked(server.port, '/', { 'Content-Type': MULTIPART }, split(multipart([field('a', 'b')]), 7));
    assert.equal(ok.status, 200);
    assert.deepEqual(JSON.parse(ok.body).form, [['a', 'b']]);
  } finally {
    await server.close();
  }
});

test('a big body over the declared limit is answered with 413 while the client is still sending', async () => {
  const server = await listen(echoApp({ maxContentLength: 1024 }));
  try {
    const body = Buffer.alloc(8 * 1024 * 1024, 'a');
    const res = await sendChunked(server.port, '/', {
      'Content-Type': 'application/json', 'Content-Length': String(body.length),
    }, split(body, 65_536));
    assert.equal(res.status, 413);
  } finally {
    await server.close();
  }
});

test('limit errors render as Werkzeug pages through @kolba/http errorHandlers()', async () => {
  const app = new Koa();
  app.use(errorHandlers());
  app.use(bodies({ maxFormMemorySize: 10 }));
  app.use((ctx) => { ctx.body = 'unreachable'; });
  const res = await request(app.callback()).post('/').set('Content-Type', MULTIPART).send(multipart([field('a', 'x'.repeat(11))]));
  assert.equal(res.status, 413);
  assert.match(res.text, /<title>413 Request Entity Too Large<\/title>/);
});

// ---------------------------------------------------------------- malformed input

test('malformed multipart is a 400, never a crash', async () => {
  const app = echoApp();
  const cb = app.callback();
  const noBoundary = await request(cb).post('/').set('Content-Type', 'multipart/form-data').send(multipart([field('a', '1')]));
  assert.equal(noBoundary.status, 400);
  const truncated = await request(cb).post('/').set('Content-Type', MULTIPART).send(multipart([field('a', '1')], { end: false }));
  assert.equal(truncated.status, 400);
  const garbage = await request(cb).post('/').set('Content-Type', MULTIPART).send(Buffer.from('this is not multipart at all'));
  assert.equal(garbage.status, 400);
  const badHeader = await request(cb).post('/').set('Content-Type', MULTIPART)
    .send(Buffer.from(`--${BOUNDARY}\r\nno colon here\r\n\r\nx\r\n--${BOUNDARY}--\r\n`));
  assert.ok([200, 400].includes(badHeader.status), `got ${badHeader.status}`);
  const badEncoding = await post(app, [{ headers: ['Content-Disposition: form-data; name="a"; filename="a"', 'Content-Transfer-Encoding: rot13'], data: 'x' }]);
  assert.equal(badEncoding.status, 400);
  assert.equal((await post(app, [field('still', 'alive')])).status, 200);
});

test('a Content-Length shorter or longer than the body is a 400, not a hang', async () => {
  const server = await listen(echoApp());
  try {
    const body = Buffer.from('{"a":1}');
    const res = await new Promise<number>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1', port: server.port, method: 'POST', path: '/',
        headers: { 'Content-Type': 'application/json', 'Content-Length': '100' },
      }, (r) => { r.resume(); resolve(r.statusCode ?? 0); });
      req.on('error', reject);
      req.write(body);
      // Never send the remaining bytes; end the socket's write side instead.
      setTimeout(() => req.socket?.end(), 50);
    }).catch((err: Error) => err.message);
    // The client half-closed: either the server answers 400 or the socket closes; the process lives.
    assert.ok(res === 400 || typeof res === 'string', `got ${res}`);
    const ok = await sendChunked(server.port, '/', { 'Content-Type': 'application/json' }, [body]);
    assert.equal(ok.status, 200);
  } finally {
    await server.close();
  }
});

test('a body already read by an upstream parser is skipped, not waited for', async () => {
  const app = new Koa();
  app.use(async (ctx, next) => {
    for await (const _chunk of ctx.req) { /* another body parser consumed it */ }
    await next();
  });
  app.use(bodies());
  app.use((ctx) => { ctx.body = { form: ctx.request.form.size }; });
  const res = await request(app.callback()).post('/').type('form').send('a=1');
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { form: 0 });
});

test('getJson after an upstream parser took the body names the set-up problem (not a false 415)', async () => {
  const app = new Koa();
  app.silent = true;
  let message = '';
  app.use(async (ctx, next) => {
    for await (const _chunk of ctx.req) { /* another body parser consumed it */ }
    try { await next(); } catch (err) { message = (err as Error).message; throw err; }
  });
  app.use(bodies());
  app.use((ctx) => { ctx.body = { value: ctx.request.getJson() ?? null }; });
  const res = await request(app.callback()).post('/').set('Content-Type', 'application/json').send('{"a":1}');
  assert.equal(res.status, 500);
  assert.match(message, /read by another body parser before bodies\(\)/);
});

test('an unwritable upload directory is a server error (500), not a crash or a client error', async () => {
  const app = new Koa();
  app.silent = true;
  app.use(bodies({ uploadDir: '/nonexistent/kolba/uploads' }));
  app.use((ctx) => { ctx.body = ctx.request.form.get('a') ?? 'no form'; });
  const res = await post(app, [file('f', 'a.txt', 'data')]);
  assert.equal(res.status, 500);
  assert.doesNotMatch(res.text, /nonexistent/, 'no path leaks into the response');
  const fields = await post(app, [field('a', 'fields need no disk')]);
  assert.equal(fields.text, 'fields need no disk');
});
