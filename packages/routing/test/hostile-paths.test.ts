// Hostile request paths over real HTTP: each gets the answer Werkzeug 3.1 gives (probed against
// Flask 3.1.3 / Werkzeug 3.1.8 behind its dev server with raw sockets) and never a 500.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { errorHandlers } from '@kolba/http';
import { Router } from '../src/index.js';

const router = new Router()
  .get('/', function index() {
    return 'index';
  })
  .get('/post/<int:id>', function post(ctx) {
    return { id: ctx.params.id };
  })
  .get('/user/<name>', function user(ctx) {
    return { name: ctx.params.name };
  })
  .get('/files/<path:p>', function files(ctx) {
    return { p: ctx.params.p };
  })
  .get('/dir/', function dir() {
    return 'dir';
  });

const app = new Koa();
app.silent = true;
app.use(errorHandlers());
app.use(router.routes()).use(router.allowedMethods({ throw: true }));
let server: http.Server;
let port: number;

before(async () => {
  server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** GET with the path sent byte for byte (no client-side URL normalisation). */
function rawGet(path: string, host = 'localhost'): Promise<{ status: number; location?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', headers: { Host: host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, location: res.headers.location, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('hostile paths get Werkzeug’s answers', () => {
  const json = (value: unknown): string => JSON.stringify(value);
  const cases: [path: string, status: number, body?: string, location?: string][] = [
    ['/', 200, json('index')],
    // Invalid percent escapes are kept literally (no URIError → 500).
    ['/%zz', 404],
    ['/user/%zz', 200, json({ name: '%zz' })],
    ['/user/%', 200, json({ name: '%' })],
    ['/user/a%2', 200, json({ name: 'a%2' })],
    // Invalid UTF-8 becomes U+FFFD.
    ['/%ff', 404],
    ['/user/%ff', 200, json({ name: '\uFFFD' })],
    ['/user/%E2%82', 200, json({ name: '\uFFFD' })],
    ['/user/%C3%BC', 200, json({ name: 'ü' })],
    // NUL is just a character to the router.
    ['/user/%00', 200, json({ name: '\u0000' })],
    ['/user/a%00b', 200, json({ name: 'a\u0000b' })],
    // An encoded slash separates segments, as in WSGI.
    ['/user/%2F', 404],
    ['/user/a%2Fb', 404],
    // Dot segments are not resolved: they are plain segments.
    ['/dir/../dir/', 404],
    ['/user/../user/x', 404],
    ['/user/..', 200, json({ name: '..' })],
    ['/files/../../etc/passwd', 200, json({ p: '../../etc/passwd' })],
    // Leading slashes are collapsed silently, inner runs redirect, path values keep theirs.
    ['//user/x', 200, json({ name: 'x' })],
    ['/user//x', 308, undefined, `http://localhost/user/x`],
    ['/files/a//b', 200, json({ p: 'a//b' })],
    // Encoded digits still match int.
    ['/post/%31', 200, json({ id: 1 })],
    ['/post/1.0', 404],
    ['/post/-1', 404],
    // Python ints are unbounded; kolba refuses ids past 2^53 instead of rounding them (README, "Differences from Flask").
    ['/post/99999999999999999999', 404],
    // Long paths (Node itself refuses request heads over 16 KiB with 431).
    [`/user/${'a'.repeat(8000)}`, 200, json({ name: 'a'.repeat(8000) })],
    [`/${'a'.repeat(8000)}`, 404],
    [`/files/${'a/'.repeat(3000)}x`, 200, json({ p: `${'a/'.repeat(3000)}x` })],
  ];
  for (const [path, status, body, location] of cases) {
    it(`${path.length > 40 ? `${path.slice(0, 40)}…` : path} → ${status}`, async () => {
      const res = await rawGet(path);
      assert.equal(res.status, status);
      if (body !== undefined) assert.deepEqual(res.body.startsWith('{') ? JSON.parse(res.body) : res.body, JSON.parse(body));
      if (location !== undefined) assert.equal(res.location, location);
    });
  }

  it('never answers 5xx for a sweep of malformed paths', async () => {
    const pieces = ['%', '%%', '%0', '%zz', '%ff%fe', '%C0%AF', '%E0%80%AF', '..', '.', '//', '%2e%2e', '%00', '~', ';', '%5C', '<', '>'];
    for (const a of pieces) {
      for (const b of pieces) {
        for (const prefix of ['/', '/user/', '/files/']) {
          const path = `${prefix}${a}x${b}`;
          const res = await rawGet(path);
          assert.ok(res.status < 500, `${path} → ${res.status}`);
        }
      }
    }
  });

  it('hostile Host headers: only a valid host reaches the Location (Werkzeug 3.1.8 get_host)', async () => {
    const cases: [host: string, location: string][] = [
      ['example.com:8080', 'http://example.com:8080/dir/'],
      ['localhost:80', 'http://localhost/dir/'],
      ['[::1]:5000', 'http://[::1]:5000/dir/'],
      // Werkzeug treats these as no host at all (and sends `http:///dir/`); kolba stays relative.
      ['a\tb', '/dir/'],
      ['x"y', '/dir/'],
      ['ex<am>ple', '/dir/'],
      ['a/b', '/dir/'],
    ];
    for (const [host, location] of cases) {
      const res = await rawGet('/dir', host);
      assert.equal(res.status, 308, host);
      assert.equal(res.location, location, host);
    }
  });
});
