// Hostile input against bodies(): every case must get the status Flask sends (or the documented
// safer one), never crash the process, never hang past the server's own timeout, and never leave a
// temp file behind. Cases come from the @kolba/request audit (AUDIT.md, part 2).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import Koa from 'koa';
import request from 'supertest';
import { bodies, secureFilename, type BodiesOptions } from '../src/index.js';
import {
  BOUNDARY, MULTIPART, field, file, listen, multipart, rawExchange, sendChunked, split, statusesOf,
  uploadDir, waitForFiles, type Part,
} from './support/multipart.js';

const DIR = uploadDir();
after(() => rmSync(DIR, { recursive: true, force: true }));

/** Echoes what the Flask surface saw; JSON bodies are summarised so huge values are not re-sent. */
function echoApp(options: BodiesOptions = {}): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(bodies({ uploadDir: DIR, ...options }));
  app.use((ctx) => {
    const r = ctx.request;
    ctx.body = {
      args: [...r.args.items({ multi: true })],
      form: [...r.form.items({ multi: true })],
      files: [...r.files.items({ multi: true })].map(([k, f]) => [k, f.filename, f.size]),
    };
  });
  return app;
}

const postMultipart = (app: Koa, body: Buffer) =>
  request(app.callback()).post('/').set('Content-Type', MULTIPART).send(body);

// ---------------------------------------------------------------- JSON

test('JSON __proto__ / constructor.prototype keys stay plain data and never pollute Object.prototype', async () => {
  const app = new Koa();
  app.use(bodies());
  app.use((ctx) => {
    const v = ctx.request.getJson<Record<string, unknown>>();
    const form = ctx.request.form.toDict({ flat: false });
    ctx.body = {
      ownKeys: Object.keys(v),
      protoIsObject: Object.getPrototypeOf(v) === Object.prototype,
      formKeys: Object.keys(form),
      formProto: Object.getPrototypeOf(form),
    };
  });
  const res = await request(app.callback()).post('/').set('Content-Type', 'application/json')
    .send('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}');
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { ownKeys: ['__proto__', 'constructor'], protoIsObject: true, formKeys: [], formProto: null });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);

  const urlencoded = await request(echoApp().callback()).post('/').type('form')
    .send('__proto__[polluted]=1&constructor[prototype][polluted]=1&__proto__=x');
  assert.deepEqual(urlencoded.body.form, [
    ['__proto__[polluted]', '1'], ['constructor[prototype][polluted]', '1'], ['__proto__', 'x'],
  ], 'no PHP-style nesting: bracket keys are plain strings (Werkzeug §8.2)');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('deeply nested JSON parses without exhausting the stack (Flask answers 500 RecursionError)', async () => {
  const app = new Koa();
  app.use(bodies());
  app.use((ctx) => {
    let depth = 0;
    for (let v: unknown = ctx.request.getJson(); Array.isArray(v); v = v[0]) depth++;
    ctx.body = { depth };
  });
  const n = 200_000;
  const res = await request(app.callback()).post('/').set('Content-Type', 'application/json').send(`${'['.repeat(n)}${']'.repeat(n)}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { depth: n });
  const unbalanced = await request(app.callback()).post('/').set('Content-Type', 'application/json').send('['.repeat(n));
  assert.equal(unbalanced.status, 400);
});

test('duplicate JSON keys: the last one wins, as with Python json.loads', async () => {
  const app = new Koa();
  app.use(bodies());
  app.use((ctx) => { ctx.body = ctx.request.getJson(); });
  const res = await request(app.callback()).post('/').set('Content-Type', 'application/json').send('{"a":1,"b":0,"a":2}');
  assert.deepEqual(res.body, { a: 2, b: 0 });
});

// ---------------------------------------------------------------- invalid UTF-8

test('invalid UTF-8 stays %XX in query and urlencoded body (Werkzeug 3.1), becomes U+FFFD in multipart fields', async () => {
  const server = await listen(echoApp());
  try {
    const body = Buffer.concat([Buffer.from('a='), Buffer.from([0xff]), Buffer.from('&b=%ff%C3&'), Buffer.from([0xc3, 0xa9]), Buffer.from('=1')]);
    const res = await sendChunked(server.port, '/?q=%ff%fe&k=%C3&ok=%C3%A9', { 'Content-Type': 'application/x-www-form-urlencoded' }, [body]);
    assert.equal(res.status, 200);
    const seen = JSON.parse(res.body) as { args: unknown; form: unknown };
    assert.deepEqual(seen.args, [['q', '%FF%FE'], ['k', '%C3'], ['ok', 'é']]);
    assert.deepEqual(seen.form, [['a', '%FF'], ['b', '%FF%C3'], ['é', '1']]);
    // Raw (unescaped) bytes ≥ 0x80 in the request line are refused by Node's HTTP parser itself.
    const raw = await rawExchange(server.port, Buffer.concat([Buffer.from('GET /?a='), Buffer.from([0xff]), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]));
    assert.deepEqual(statusesOf(raw.response), [400]);
  } finally {
    await server.close();
  }
  const mp = await postMultipart(echoApp(), multipart([{ headers: ['Content-Disposition: form-data; name="b"'], data: Buffer.from([0xff, 0x41]) }]));
  assert.deepEqual(mp.body.form, [['b', '\ufffdA']], 'Werkzeug decodes fields with errors="replace"');
});

// ---------------------------------------------------------------- many / huge parts

test('10 000 tiny parts: 413 at MAX_FORM_PARTS and no temp file left; without the limit 11 000 parts parse', async () => {
  const dir = uploadDir();
  try {
    const app = echoApp({ uploadDir: dir });
    const fields = multipart(Array.from({ length: 10_000 }, (_, i) => field('f', String(i))));
    assert.equal((await postMultipart(app, fields)).status, 413);
    const files = multipart(Array.from({ length: 10_000 }, (_, i) => file('f', `${i}.txt`, 'x')));
    assert.equal((await postMultipart(app, files)).status, 413);
    const pairs = Array.from({ length: 10_000 }, (_, i) => `k${i}=v`).join('&');
    assert.equal((await request(app.callback()).post('/').type('form').send(pairs)).status, 413);
    assert.deepEqual(await waitForFiles(dir), []);

    // 10 000 fields plus 1 000 files (kept at 1 000 so the shared CI machine is not flooded with temp files).
    const mixed = multipart([
      ...Array.from({ length: 10_000 }, (_, i) => field('f', String(i))),
      ...Array.from({ length: 1_000 }, (_, i) => file('u', `${i}.txt`, 'x')),
    ]);
    const unlimited = await postMultipart(echoApp({ uploadDir: dir, maxFormParts: null }), mixed);
    assert.equal(unlimited.status, 200);
    assert.equal(unlimited.body.form.length, 10_000);
    assert.deepEqual(unlimited.body.form[9_999], ['f', '9999']);
    assert.equal(unlimited.body.files.length, 1_000);
    assert.deepEqual(await waitForFiles(dir), [], 'all 1 000 temp files are removed after the response');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a 1 MB part header is a 413 (part headers count against MAX_FORM_MEMORY_SIZE), not a crash', async () => {
  const app = echoApp();
  const fat: Part = { headers: ['Content-Disposition: form-data; name="a"', `X-Padding: ${'x'.repeat(1_000_000)}`], data: 'v' };
  assert.equal((await postMultipart(app, multipart([fat]))).status, 413);
  const fatName: Part = { headers: [`Content-Disposition: form-data; name="${'n'.repeat(1_000_000)}"; filename="a"`], data: 'v' };
  assert.equal((await postMultipart(app, multipart([fatName]))).status, 413);
  assert.equal((await postMultipart(app, multipart([field('a', 'alive')]))).status, 200);
});

// ---------------------------------------------------------------- filenames

test('hostile filenames reach the handler as sent (like Werkzeug) and secureFilename defuses them', async () => {
  const names = ['../../etc/passwd', 'a\0b.txt', 'a%00b.txt', 'a%0D%0Ab.txt', 'x%22.txt', '..\\..\\win.ini', '/abs/path', '.htaccess'];
  // Werkzeug 3.1 hands filenames over unsanitised; only %22 (the HTML Standard's escape for ")
  // is decoded, by parse_options_header.
  const received = names.map((n) => n.replace('%22', '"'));
  const res = await postMultipart(echoApp(), multipart(names.map((n) => file('f', n, 'x'))));
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.files.map((f: [string, string]) => f[1]), received);
  assert.deepEqual(received.map((n) => secureFilename(n, { windows: false })),
    ['etc_passwd', 'ab.txt', 'a00b.txt', 'a0D0Ab.txt', 'x.txt', 'win.ini', 'abs_path', 'htaccess']);
  for (const n of received) assert.doesNotMatch(secureFilename(n, { windows: true }), /[\\/\0\r\n"]|^\./);
});

test('a bare CR inside a part header is a 400 (Werkzeug silently drops the part: documented safer choice)', async () => {
  const app = echoApp();
  const body = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="f"; filename="a\rb"\r\n\r\nx\r\n--${BOUNDARY}--\r\n`);
  assert.equal((await postMultipart(app, body)).status, 400);
  assert.equal((await postMultipart(app, multipart([field('a', 'alive')]))).status, 200);
});

// ---------------------------------------------------------------- endless and stalled bodies

test('a multipart boundary that never comes: a field stops at MAX_FORM_MEMORY_SIZE, a file at MAX_CONTENT_LENGTH', async () => {
  const dir = uploadDir();
  const server = await listen(echoApp({ uploadDir: dir, maxContentLength: 1_000_000 }));
  try {
    const head = (p: Part) => multipart([p], { end: false }).subarray(0, -2); // drop the part's CRLF
    const endlessField = Buffer.concat([head(field('a', '')), Buffer.alloc(3_000_000, 'a')]);
    const f = await sendChunked(server.port, '/', { 'Content-Type': MULTIPART, 'Transfer-Encoding': 'chunked' }, split(endlessField, 65_536));
    assert.equal(f.status, 413);
    const endlessFile = Buffer.concat([head(file('f', 'x.bin', '')), Buffer.alloc(3_000_000, 'b')]);
    const u = await sendChunked(server.port, '/', { 'Content-Type': MULTIPART, 'Transfer-Encoding': 'chunked' }, split(endlessFile, 65_536));
    assert.equal(u.status, 413);
    assert.deepEqual(await waitForFiles(dir), []);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a client that stops sending is cut by Node\'s requestTimeout with a 408, and its temp files go', async () => {
  const dir = uploadDir();
  // The guard is the HTTP server's own (requestTimeout, 300 s by default since Node 18; README
  // "Security notes"); shortened here so the test is quick.
  const server = http.createServer({ requestTimeout: 600, connectionsCheckingInterval: 100 }, echoApp({ uploadDir: dir }).callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  try {
    const body = multipart([file('a', 'a.bin', Buffer.alloc(100_000, 1)), file('b', 'b.bin', Buffer.alloc(100_000, 2))]);
    const partial = body.subarray(0, 150_000);
    const cases: Array<[string, Buffer]> = [
      ['multipart, Content-Length', Buffer.concat([Buffer.from(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: ${MULTIPART}\r\nContent-Length: ${body.length}\r\n\r\n`), partial])],
      ['multipart, chunked', Buffer.concat([Buffer.from(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: ${MULTIPART}\r\nTransfer-Encoding: chunked\r\n\r\n${partial.length.toString(16)}\r\n`), partial, Buffer.from('\r\n')])],
      ['JSON, Content-Length longer than the body', Buffer.from('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"a":1}')],
      ['urlencoded, headers only', Buffer.from('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10\r\n\r\n')],
    ];
    for (const [name, bytes] of cases) {
      const res = await rawExchange(port, bytes, 5_000);
      assert.ok(res.closed, `${name}: the connection is closed`);
      assert.deepEqual(statusesOf(res.response), [408], `${name}: ${res.response}`);
    }
    assert.deepEqual(await waitForFiles(dir), []);
    const ok = await sendChunked(port, '/', { 'Content-Type': MULTIPART }, [multipart([field('a', 'alive')])]);
    assert.equal(ok.status, 200);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Content-Length mismatches: shorter → 400 and the surplus is never read as body; longer + EOF → 400', async () => {
  const server = await listen(echoApp());
  try {
    const shorter = await rawExchange(server.port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{"a":1}');
    assert.ok(shorter.closed);
    const s = statusesOf(shorter.response);
    assert.ok(s.length >= 1 && s.every((code) => code === 400), shorter.response);
    // The surplus reaches Node's parser as a second request in the same packet: Node answers that
    // framing error with its own 400 and closes (request-smuggling guard) before the first request
    // is answered. Werkzeug's dev server would answer 200 then 400; either way nothing is misread.
    const shorterForm = await rawExchange(server.port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=1&b=2');
    assert.ok(shorterForm.closed);
    assert.doesNotMatch(shorterForm.response, /"b"/, 'bytes past Content-Length never become form data');
    assert.ok(statusesOf(shorterForm.response).includes(400), shorterForm.response);
    const longer = await rawExchange(server.port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"a":1}', 5_000, { halfClose: true });
    assert.ok(longer.closed);
    assert.deepEqual(statusesOf(longer.response), [400], longer.response);
    const mpLonger = await rawExchange(server.port, Buffer.concat([
      Buffer.from(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: ${MULTIPART}\r\nContent-Length: 100000\r\n\r\n`),
      multipart([file('f', 'a.txt', 'abc')]),
    ]), 5_000, { halfClose: true });
    assert.deepEqual(statusesOf(mpLonger.response), [400], mpLonger.response);
  } finally {
    await server.close();
  }
});

// ---------------------------------------------------------------- compressed bodies

test('compressed JSON/text bodies are inflated, but a gzip bomb is a 413, not 200 MB in memory', async () => {
  const app = new Koa();
  app.silent = true;
  app.use(bodies());
  app.use((ctx) => { ctx.body = { bytes: ctx.request.data.length, json: ctx.request.isJson ? ctx.request.getJson() !== undefined : null }; });
  const server = await listen(app);
  const send = (type: string, raw: Buffer, encoding = 'gzip') => {
    const body = encoding === 'gzip' ? gzipSync(raw) : raw;
    return sendChunked(server.port, '/', { 'Content-Type': type, 'Content-Encoding': encoding, 'Content-Length': String(body.length) }, [body]);
  };
  try {
    const ok = await send('application/json', Buffer.from(JSON.stringify({ a: 'x'.repeat(1_000_000) })));
    assert.equal(ok.status, 200);
    assert.deepEqual(JSON.parse(ok.body), { bytes: 1_000_008, json: true });
    // ~20 KB on the wire, 20 MB inflated: over the 16 MiB cap for compressed bodies without MAX_CONTENT_LENGTH.
    const bomb = Buffer.alloc(20_000_000, 0x20);
    assert.equal((await send('application/json', bomb)).status, 413);
    assert.equal((await send('text/plain', bomb)).status, 413);
    assert.equal((await send('application/x-www-form-urlencoded', bomb)).status, 413, 'MAX_FORM_MEMORY_SIZE caps inflated forms');
    assert.equal((await send('application/json', Buffer.from('{}'), 'x-unknown')).status, 415, 'an encoding koa-body cannot decode');
    assert.equal((await send('application/json', Buffer.from('not deflate at all'), 'deflate')).status, 400,
      'a body that does not decompress is the client\'s error');
  } finally {
    await server.close();
  }
  const limited = new Koa();
  limited.use(bodies({ maxContentLength: 1000 }));
  limited.use((ctx) => { ctx.body = String(ctx.request.data.length); });
  const small = await listen(limited);
  try {
    const body = gzipSync(Buffer.from(JSON.stringify('x'.repeat(2000))));
    const res = await sendChunked(small.port, '/', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': String(body.length) }, [body]);
    assert.ok(body.length < 1000);
    assert.equal(res.status, 413, 'MAX_CONTENT_LENGTH applies to the inflated size');
  } finally {
    await small.close();
  }
});
