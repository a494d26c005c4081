// The static-file guards end to end: real Koa apps on a real socket, raw request paths (no client
// normalisation), a secret file next to the static folder, and a corpus of hostile paths drawn
// from the advisories in spec/ecosystem.md §4.1. Nothing outside the folder may ever be served.
import assert from 'node:assert/strict';
import { closeSync, existsSync, ftruncateSync, openSync, readdirSync, readlinkSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest, type Server } from 'node:http';
import { join } from 'node:path';
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
  // Unicode look-alikes of "." and "/" (one-dot leader, small full stop, division slash,
  // fullwidth solidus): no normalisation turns them into separators.
  '/static/%E2%80%A4%E2%80%A4/secret.txt',
  '/static/%EF%B9%92%EF%B9%92/secret.txt',
  '/static/..%E2%88%95secret.txt',
  '/static/..%EF%BC%8Fsecret.txt',
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
        for (const headers of [{ Range: 'bytes=0-3' }, { 'If-None-Match': '*' }, { 'If-Match': '*' }] as Array<Record<string, string>>) {
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

describe('files that change or are huge while they are sent', () => {
  /** Reads the first chunk, runs `change`, then reads the rest: what a slow client sees. */
  function readWithChange(server: Server, path: string, change: () => void): Promise<{ received: number; length: number; aborted: boolean }> {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return new Promise((resolve, reject) => {
      // A keep-alive client, as browsers are: it would wait for missing bytes instead of EOF.
      const agent = new Agent({ keepAlive: true });
      const req = httpRequest({ host: '127.0.0.1', port, path, agent }, (res) => {
        let received = 0;
        let changed = false;
        const length = Number(res.headers['content-length']);
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (changed) return;
          changed = true;
          res.pause();
          setTimeout(() => {
            change();
            res.resume();
          }, 50);
        });
        res.on('end', () => {
          agent.destroy();
          resolve({ received, length, aborted: false });
        });
        res.on('error', () => {
          agent.destroy();
          resolve({ received, length, aborted: true });
        });
      });
      req.on('error', reject);
      req.end();
    });
  }

  const BIG = 32 * 1024 * 1024;

  test('a file replaced (renamed over) mid-stream: the old bytes arrive complete', async () => {
    const file = join(site.folder, 'swap.bin');
    writeFileSync(file, Buffer.alloc(BIG, 97));
    const result = await readWithChange(routed, '/static/swap.bin', () => {
      writeFileSync(`${file}.new`, 'short');
      renameSync(`${file}.new`, file);
    });
    assert.equal(result.aborted, false);
    assert.equal(result.received, BIG);
    assert.equal(result.length, BIG);
  });

  test('a file truncated mid-stream: the response is cut off, never padded or left hanging', async () => {
    const file = join(site.folder, 'shrink.bin');
    writeFileSync(file, Buffer.alloc(BIG, 97));
    const started = Date.now();
    const result = await readWithChange(routed, '/static/shrink.bin', () => truncateSync(file, 10));
    assert.equal(result.aborted, true, 'the client must see an incomplete response');
    assert.ok(result.received < BIG);
    assert.ok(Date.now() - started < 2500, 'no wait for the 5 s keep-alive timeout');
    assert.equal((await raw(routed, '/static/t.txt')).status, 200, 'the server keeps serving');
  });

  test('file handles are closed after HEAD, a client that leaves early, and a truncated file', async () => {
    const file = join(site.folder, 'handles.bin');
    writeFileSync(file, Buffer.alloc(BIG, 97));
    /** Open descriptors of this process on `file` (Linux /proc; elsewhere nothing to count). */
    const openOn = (path: string) =>
      existsSync('/proc/self/fd')
        ? readdirSync('/proc/self/fd').filter((fd) => {
            try {
              return readlinkSync(`/proc/self/fd/${fd}`) === path;
            } catch {
              return false;
            }
          }).length
        : 0;
    await raw(routed, '/static/handles.bin', 'HEAD');
    await new Promise<void>((resolve) => {
      const address = routed.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const req = httpRequest({ host: '127.0.0.1', port, path: '/static/handles.bin' }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.end();
    });
    await readWithChange(routed, '/static/handles.bin', () => truncateSync(file, 10));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(openOn(file), 0);
  });

  test('a file larger than 4 GiB (sparse): ranges beyond 2^32 are exact', async () => {
    const file = join(site.folder, 'huge.bin');
    const size = 5 * 1024 ** 3;
    const fd = openSync(file, 'w');
    ftruncateSync(fd, size);
    closeSync(fd);
    const head = await raw(routed, '/static/huge.bin', 'HEAD');
    assert.equal(head.headers['content-length'], String(size));
    const tail = await raw(routed, '/static/huge.bin', 'GET', { Range: `bytes=${size - 4}-` });
    assert.equal(tail.status, 206);
    assert.equal(tail.headers['content-range'], `bytes ${size - 4}-${size - 1}/${size}`);
    assert.equal(tail.body, '\0\0\0\0');
  });

  test('names are matched byte for byte: a decomposed (NFD) spelling is not the NFC file', async () => {
    writeFileSync(join(site.folder, 'caf\u00e9.txt'), 'nfc');
    assert.equal((await raw(routed, '/static/caf%C3%A9.txt')).body, 'nfc');
    assert.equal((await raw(routed, '/static/cafe%CC%81.txt')).status, 404);
  });
});
