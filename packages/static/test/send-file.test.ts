import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Koa from 'koa';
import request from 'supertest';
import { sendFile, type SendFileOptions, type SendFileSource } from '../src/index.js';
import { makeSite, TWENTY, type Site } from './fixtures.js';

let site: Site;
before(() => (site = makeSite()));
after(() => site.cleanup());

function app(source: () => SendFileSource, options: SendFileOptions = {}) {
  const koa = new Koa();
  koa.use(async function handler(ctx) {
    await sendFile(ctx, source(), options);
  });
  return koa.callback();
}
const file = (name = 't.txt') => () => join(site.folder, name);

describe('sendFile headers (spec §9.5)', () => {
  test('a path gets type, inline disposition, length, Last-Modified, no-cache, ETag, Accept-Ranges', async () => {
    const res = await request(app(file())).get('/');
    assert.equal(res.status, 200);
    assert.equal(res.text, TWENTY);
    assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(res.headers['content-disposition'], 'inline; filename=t.txt');
    assert.equal(res.headers['content-length'], '20');
    assert.match(res.headers['last-modified']!, /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.equal(res.headers.expires, undefined);
    assert.match(res.headers.etag!, /^"\d+\.\d+-20-\d+"$/);
    assert.equal(res.headers['accept-ranges'], 'bytes');
  });

  test('asAttachment and downloadName shape Content-Disposition and the guessed type', async () => {
    const res = await request(app(file(), { asAttachment: true, downloadName: 'résumé (1).csv' })).get('/');
    assert.equal(res.headers['content-disposition'], "attachment; filename=\"resume (1).csv\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%281%29.csv");
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
  });

  test('mimetype overrides the guess', async () => {
    const res = await request(app(file(), { mimetype: 'application/x-custom' })).get('/');
    assert.equal(res.headers['content-type'], 'application/x-custom');
  });

  test('maxAge > 0 → public, max-age=N and Expires now+N; 0 → no-cache, max-age=0', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await request(app(file(), { maxAge: 3600 })).get('/');
    assert.equal(res.headers['cache-control'], 'public, max-age=3600');
    const expires = Date.parse(res.headers.expires!) / 1000;
    assert.ok(expires >= before + 3600 && expires <= before + 3602, res.headers.expires);
    const zero = await request(app(file(), { maxAge: 0 })).get('/');
    assert.equal(zero.headers['cache-control'], 'no-cache, max-age=0');
  });

  test('maxAge as a function gets the path (Flask get_send_file_max_age)', async () => {
    const seen: Array<string | null> = [];
    const res = await request(app(file(), { maxAge: (path) => (seen.push(path), 60) })).get('/');
    assert.equal(res.headers['cache-control'], 'public, max-age=60');
    assert.deepEqual(seen, [join(site.folder, 't.txt')]);
  });

  test('etag: false → none; a string → that tag, quoted', async () => {
    assert.equal((await request(app(file(), { etag: false })).get('/')).headers.etag, undefined);
    assert.equal((await request(app(file(), { etag: 'v1' })).get('/')).headers.etag, '"v1"');
  });

  test('lastModified overrides the mtime', async () => {
    const res = await request(app(file(), { lastModified: new Date('1994-11-06T08:49:37.900Z') })).get('/');
    assert.equal(res.headers['last-modified'], 'Sun, 06 Nov 1994 08:49:37 GMT');
  });

  test('a guessed encoding becomes Content-Encoding, except for attachments', async () => {
    const inline = await request(app(() => Buffer.from('x'), { downloadName: 'a.tar.gz' })).get('/').buffer(true).parse((r, cb) => {
      // superagent hands the raw IncomingMessage; drain it without gunzipping the fake body.
      const raw = r as unknown as NodeJS.ReadableStream;
      raw.resume();
      raw.on('end', () => cb(null, null));
    });
    assert.equal(inline.headers['content-encoding'], 'gzip');
    assert.equal(inline.headers['content-type'], 'application/x-tar');
    const attachment = await request(app(() => Buffer.from('x'), { downloadName: 'a.tar.gz', asAttachment: true })).get('/');
    assert.equal(attachment.headers['content-encoding'], undefined);
  });

  test('unknown types are application/octet-stream', async () => {
    const res = await request(app(() => Buffer.from('x'), { downloadName: 'blob.unknownext' })).get('/');
    assert.equal(res.headers['content-type'], 'application/octet-stream');
  });
});

describe('sendFile conditional answers', () => {
  test('304 for a matching If-None-Match keeps validators, drops entity headers, has no body', async () => {
    const first = await request(app(file())).get('/');
    const res = await request(app(file())).get('/').set('If-None-Match', first.headers.etag!);
    assert.equal(res.status, 304);
    assert.equal(res.text, '');
    assert.equal(res.headers.etag, first.headers.etag);
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.equal(res.headers['content-disposition'], 'inline; filename=t.txt');
    assert.equal(res.headers['accept-ranges'], 'bytes');
    for (const gone of ['content-type', 'content-length', 'last-modified', 'expires']) assert.equal(res.headers[gone], undefined, gone);
  });

  test('304 for If-Modified-Since at or after Last-Modified', async () => {
    const first = await request(app(file())).get('/');
    const res = await request(app(file())).get('/').set('If-Modified-Since', first.headers['last-modified']!);
    assert.equal(res.status, 304);
  });

  test('412 for a failed If-Match, with the full body (Werkzeug keeps it)', async () => {
    const res = await request(app(file())).get('/').set('If-Match', '"stale"');
    assert.equal(res.status, 412);
    assert.equal(res.text, TWENTY);
  });

  test('206 sends exactly the requested bytes', async () => {
    const res = await request(app(file())).get('/').set('Range', 'bytes=5-9');
    assert.equal(res.status, 206);
    assert.equal(res.text, '56789');
    assert.equal(res.headers['content-range'], 'bytes 5-9/20');
    assert.equal(res.headers['content-length'], '5');
    const suffix = await request(app(file())).get('/').set('Range', 'bytes=-3');
    assert.equal(suffix.text, 'hij');
  });

  test('416 with Content-Range: bytes */size and no file bytes', async () => {
    const res = await request(app(file())).get('/').set('Range', 'bytes=20-');
    assert.equal(res.status, 416);
    assert.equal(res.headers['content-range'], 'bytes */20');
    assert.equal(res.headers['accept-ranges'], undefined);
    assert.doesNotMatch(res.text, /0123/);
  });

  test('conditional: false ignores Range and validators', async () => {
    const res = await request(app(file(), { conditional: false })).get('/').set('Range', 'bytes=0-1').set('If-None-Match', '*');
    assert.equal(res.status, 200);
    assert.equal(res.text, TWENTY);
    assert.equal(res.headers['accept-ranges'], undefined);
  });

  test('HEAD answers the GET headers without a body', async () => {
    const res = await request(app(file())).head('/');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-length'], '20');
    assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(res.text, undefined);
  });

  test('an empty file is served whole; a Range on it is ignored', async () => {
    const res = await request(app(file('empty.txt'))).get('/').set('Range', 'bytes=0-1');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-length'], '0');
  });
});

describe('sendFile with in-memory data and streams', () => {
  test('bytes: length known, ranges work, no ETag unless given', async () => {
    const res = await request(app(() => Buffer.from(TWENTY), { downloadName: 'x.txt' })).get('/').set('Range', 'bytes=2-3');
    assert.equal(res.status, 206);
    assert.equal(res.text, '23');
    assert.equal(res.headers.etag, undefined);
    assert.equal(res.headers['last-modified'], undefined);
  });

  test('bytes with a string ETag answer If-None-Match with 304', async () => {
    const res = await request(app(() => new Uint8Array([1, 2]), { mimetype: 'application/octet-stream', etag: 'v2' })).get('/').set('If-None-Match', '"v2"');
    assert.equal(res.status, 304);
  });

  test('a stream is sent without Content-Length and without ranges', async () => {
    const res = await request(app(() => Readable.from([Buffer.from('ab'), Buffer.from('cd')]), { downloadName: 's.txt' })).get('/').set('Range', 'bytes=0-0');
    assert.equal(res.status, 200);
    assert.equal(res.text, 'abcd');
    assert.equal(res.headers['content-length'], undefined);
  });

  test('a stream that is not sent (304, or an error) is destroyed', async () => {
    const streams: Readable[] = [];
    const make = () => {
      const stream = Readable.from(['x']);
      streams.push(stream);
      return stream;
    };
    const res = await request(app(make, { downloadName: 's.txt', etag: 'v' })).get('/').set('If-None-Match', '"v"');
    assert.equal(res.status, 304);
    const koa = new Koa();
    koa.silent = true;
    koa.use(async (ctx) => sendFile(ctx, make()));
    assert.equal((await request(koa.callback()).get('/')).status, 500);
    assert.deepEqual(streams.map((stream) => stream.destroyed), [true, true]);
  });

  test('without a name or mimetype it is a TypeError (500), as in Werkzeug', async () => {
    const koa = new Koa();
    let error: unknown;
    koa.use(async (ctx) => {
      try {
        await sendFile(ctx, Buffer.from('x'));
      } catch (err) {
        error = err;
        throw err;
      }
    });
    koa.silent = true;
    const res = await request(koa.callback()).get('/');
    assert.equal(res.status, 500);
    assert.match(String(error), /Unable to detect the MIME type/);
  });

  test('asAttachment without a name is a TypeError', async () => {
    const koa = new Koa();
    let error: unknown;
    koa.silent = true;
    koa.use(async (ctx) => {
      await sendFile(ctx, Buffer.from('x'), { mimetype: 'text/plain', asAttachment: true }).catch((err: unknown) => {
        error = err;
        throw err;
      });
    });
    await request(koa.callback()).get('/');
    assert.match(String(error), /No name provided for attachment/);
  });

  test('a directory path is a server error, not a listing', async () => {
    const koa = new Koa();
    koa.silent = true;
    koa.use(async (ctx) => sendFile(ctx, site.folder));
    const res = await request(koa.callback()).get('/');
    assert.equal(res.status, 500);
  });
});
