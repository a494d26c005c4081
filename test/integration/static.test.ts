// The static-file guards end to end: real Koa apps on a real socket, raw request paths (no client
// normalisation), a secret file next to the static folder, and a corpus of hostile paths drawn
// from the advisories in spec/ecosystem.md §4.1. Nothing outside the folder may ever be served.
import assert from 'node:assert/strict';
import { request as httpRequest, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import Koa from 'koa';
import { errorHandlers } from '@kolba/http';
import { Router } from '@kolba/routing';
import { serveStatic, staticFiles } from '@kolba/static';
import { makeSite, SECRET, TWENTY, type Site } from '../../packages/static/test/fixtures.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends `path` byte for byte as the request target. */
function raw(server: Server, path: string, method = 'GET', headers: Record<string, string> = {}): Promise<RawResponse> {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('latin1') }));
    });
    req.on('error', reject);
    req.end();
  });
}

function listen(app: Koa): Promise<Server> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// 40+ hostile request targets: plain, percent-encoded, double-encoded, mixed, overlong UTF-8,
// backslashes, NUL, absolute and drive paths, prefix siblings, symlinks out, dotfiles.
const HOSTILE = [
  '/static/../secret.txt',
  '/static/../../../../../../etc/passwd',
  '/static/%2e%2e/secret.txt',
  '/static/%2E%2E/secret.txt',
  '/static/.%2e/secret.txt',
  '/static/%2e./secret.txt',
  '/static/..%2fsecret.txt',
  '/static/..%2Fsecret.txt',
  '/static/%2e%2e%2fsecret.txt',
  '/static/%2e%2e%2Fstatic-secret%2Fsecret.txt',
  '/static/..%5csecret.txt',
  '/static/..%5Csecret.txt',
  '/static/..\\secret.txt',
  '/static/%2e%2e%5c%2e%2e%5csecret.txt',
  '/static/%252e%252e/secret.txt',
  '/static/%252e%252e%252fsecret.txt',
  '/static/..%252fsecret.txt',
  '/static/%25252e%25252e/secret.txt',
  '/static/t.txt%00.png',
  '/static/..%00/secret.txt',
  '/static/%00../secret.txt',
  '/static//etc/passwd',
  '/static/%2fetc%2fpasswd',
  '/static/%2Fetc/passwd',
  '/static/file%3a///etc/passwd',
  '/static/C:%5cWindows%5cwin.ini',
  '/static/C:/secret.txt',
  '/static/../static-secret/secret.txt',
  '/static-secret/secret.txt',
  '/static/..%2fstatic-secret/secret.txt',
  '/static/link-out',
  '/static/linkdir-out/secret.txt',
  '/static/css/../../secret.txt',
  '/static/css/%2e%2e/%2e%2e/secret.txt',
  '/static/css/..%2f..%2fsecret.txt',
  '/static/./../secret.txt',
  '/static/%2e/%2e%2e/secret.txt',
  '/static/..;/secret.txt',
  '/static/....//secret.txt',
  '/static/%c0%ae%c0%ae/secret.txt',
  '/static/%e0%80%ae%e0%80%ae/secret.txt',
  '/static/..%c0%afsecret.txt',
  '/static/%uff0e%uff0e/secret.txt',
  '/static/%EF%BC%8E%EF%BC%8E/secret.txt',
  '//static/../secret.txt',
  '/static/.env',
  '/static/%2eenv',
  '/static/.git/config',
  '/static/%2egit/config',
  '/static/sub/.hidden/x.txt',
  '/static/sub/%2ehidden/x.txt',
];

/** The escapes alone: with dotfiles allowed these must still fail by confinement, not by the dotfile rule. */
const ESCAPES = HOSTILE.filter((path) => !/\/(?:\.|%2e)(?:env|git|hidden)/i.test(path));

let site: Site;
let plain: Server;
let routed: Server;
let dotfilesAllowed: Server;

before(async () => {
  site = makeSite();

  const koa = new Koa();
  koa.use(serveStatic({ folder: site.folder }));
  plain = await listen(koa);

  const open = new Koa();
  open.use(serveStatic({ folder: site.folder, dotfiles: 'allow' }));
  dotfilesAllowed = await listen(open);

  const router = new Router();
  staticFiles(router, { folder: site.folder });
  const app = new Koa();
  app.use(errorHandlers());
  app.use(router.routes()).use(router.allowedMethods({ throw: true }));
  routed = await listen(app);
});

after(() => {
  plain.close();
  routed.close();
  dotfilesAllowed.close();
  site.cleanup();
});

for (const [name, server] of [['serveStatic()', () => plain], ['staticFiles(router)', () => routed]] as const) {
  describe(`${name}: traversal corpus`, () => {
    test('control: the folder is really being served', async () => {
      const res = await raw(server(), '/static/t.txt');
      assert.equal(res.status, 200);
      assert.equal(res.body, TWENTY);
      assert.equal((await raw(server(), '/static/css/a%20b.css')).status, 200);
      assert.equal((await raw(server(), '/static/link-in')).body, TWENTY);
    });

    test(`${HOSTILE.length} hostile paths: never the secret, never /etc/passwd, never a 2xx`, async () => {
      assert.ok(HOSTILE.length >= 30);
      for (const path of HOSTILE) {
        for (const method of ['GET', 'HEAD']) {
          const res = await raw(server(), path, method);
          assert.ok(!res.body.includes(SECRET), `${method} ${path} leaked the secret`);
          assert.ok(!res.body.includes('root:'), `${method} ${path} leaked /etc/passwd`);
          assert.ok(res.status >= 300, `${method} ${path} → ${res.status}`);
          if (res.status >= 300 && res.status < 400) {
            // Only routing's slash merging may redirect (Werkzeug's 308), and only to this host.
            const address = server().address();
            const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
            const target = new URL(String(res.headers.location), `${origin}${path.startsWith('//') ? '/' : path}`);
            assert.equal(target.origin, origin, `${method} ${path} redirected to ${res.headers.location}`);
            const followed = await raw(server(), target.pathname + target.search, method);
            assert.ok(!followed.body.includes(SECRET), `${path} → ${target.pathname} leaked the secret`);
            assert.equal(followed.status, 404, `${path} → ${target.pathname}`);
          } else {
            assert.equal(res.status, 404, `${method} ${path} → ${res.status}`);
          }
        }
      }
    });

    test('ranges and conditionals on hostile paths are still 404', async () => {
      for (const path of ['/static/..%2fsecret.txt', '/static/link-out', '/static/.env']) {
        for (const headers of [{ Range: 'bytes=0-3' }, { 'If-None-Match': '*' }, { 'If-Match': '*' }]) {
          const res = await raw(server(), path, 'GET', headers);
          assert.equal(res.status, 404, `${path} ${JSON.stringify(headers)}`);
          assert.ok(!res.body.includes(SECRET));
        }
      }
    });

    test('404 pages carry no trace of the requested path (no reflected input)', async () => {
      const res = await raw(server(), '/static/%3Cscript%3Ealert(1)%3C%2Fscript%3E.txt');
      assert.equal(res.status, 404);
      assert.ok(!res.body.includes('<script>'));
      assert.ok(!res.body.includes('alert(1)'));
    });
  });
}

describe("serveStatic({ dotfiles: 'allow' }): confinement alone holds", () => {
  test('control: dotfiles are served in this mode', async () => {
    assert.equal((await raw(dotfilesAllowed, '/static/.env')).status, 200);
  });

  test(`${ESCAPES.length} escape attempts are 404 without the dotfile rule's help`, async () => {
    assert.ok(ESCAPES.length >= 30);
    for (const path of ESCAPES) {
      const res = await raw(dotfilesAllowed, path);
      assert.ok(!res.body.includes(SECRET), `${path} leaked the secret`);
      assert.equal(res.status, 404, `${path} → ${res.status}`);
    }
  });
});

describe('staticFiles(router) behind errorHandlers: Werkzeug pages', () => {
  test('a 404 is Werkzeug\'s Not Found page', async () => {
    const res = await raw(routed, '/static/nope.txt');
    assert.equal(res.status, 404);
    assert.match(res.body, /<title>404 Not Found<\/title>/);
  });

  test('416 keeps Content-Range: bytes */size on the error page', async () => {
    const res = await raw(routed, '/static/t.txt', 'GET', { Range: 'bytes=50-60' });
    assert.equal(res.status, 416);
    assert.equal(res.headers['content-range'], 'bytes */20');
    assert.equal(res.headers['accept-ranges'], undefined);
    assert.ok(!res.body.includes(TWENTY));
  });

  test('206 body bytes are exact', async () => {
    const res = await raw(routed, '/static/t.txt', 'GET', { Range: 'bytes=3-7' });
    assert.equal(res.status, 206);
    assert.equal(res.body, '34567');
    assert.equal(res.headers['content-range'], 'bytes 3-7/20');
  });
});
