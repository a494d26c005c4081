// The same raw requests sent to real Flask (Debian's 2.2, /usr/bin/python3) and to kolba must be
// read the same way. Only inputs where Werkzeug 2.2 and 3.1 agree are used (spec §10): not
// invalid UTF-8 in queries, not get_json content-type errors, not 3.1-only cookie quoting.
import { test } from 'node:test';
import http from 'node:http';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import Koa from 'koa';
import { requireService, startFlask } from '../../../test/support/services.js';
import { bodies, setCookie } from '../src/index.js';
import { MULTIPART, field, file, listen, multipart, uploadDir, type Part } from './support/multipart.js';

const FLASK_APP = `
from flask import Flask, request, jsonify, make_response
app = Flask(__name__)

@app.route("/echo", methods=["GET", "POST"])
def echo():
    return jsonify(
        args=[[k, v] for k, v in request.args.items(multi=True)],
        form=[["" if k is None else k, v] for k, v in request.form.items(multi=True)],
        files=[["" if k is None else k, f.filename, f.content_type, f.mimetype, len(f.read())]
               for k, f in request.files.items(multi=True)],
        values=[["" if k is None else k, v] for k, v in request.values.items(multi=True)],
        cookies=[[k, v] for k, v in request.cookies.items(multi=True)],
        full_path=request.full_path,
    )

@app.route("/u/<path:p>")
def urls(p):
    return jsonify(full_path=request.full_path, base_url=request.base_url, url_root=request.url_root,
                   host_url=request.host_url, script_root=request.script_root)

@app.route("/cookies")
def cookies():
    resp = make_response("ok")
    resp.set_cookie("plain", "v")
    resp.set_cookie("session", "eyJ4IjoxfQ.Zx.sig-_", httponly=True, samesite="Lax", secure=True)
    resp.set_cookie("scoped", "1", max_age=60, expires=0, path="/app", domain="example.com")
    resp.delete_cookie("old", path="/x", domain="example.com", samesite="Strict")
    return resp
`;

function kolbaApp(dir: string): Koa {
  const app = new Koa();
  app.use(bodies({ uploadDir: dir }));
  app.use(async (ctx) => {
    const r = ctx.request;
    if (ctx.path.startsWith('/u/')) {
      ctx.body = { full_path: r.fullPath, base_url: r.baseUrl, url_root: r.urlRoot, host_url: r.hostUrl, script_root: r.scriptRoot };
      return;
    }
    if (ctx.path === '/cookies') {
      setCookie(ctx, 'plain', 'v');
      setCookie(ctx, 'session', 'eyJ4IjoxfQ.Zx.sig-_', { httpOnly: true, sameSite: 'Lax', secure: true });
      setCookie(ctx, 'scoped', '1', { maxAge: 60, expires: 0, path: '/app', domain: 'example.com' });
      setCookie(ctx, 'old', '', { maxAge: 0, expires: 0, path: '/x', domain: 'example.com', sameSite: 'Strict' });
      ctx.body = 'ok';
      return;
    }
    ctx.body = {
      args: [...r.args.items({ multi: true })],
      form: [...r.form.items({ multi: true })],
      files: await Promise.all([...r.files.items({ multi: true })].map(async ([k, f]) =>
        [k, f.filename, f.contentType, f.mimetype, (await f.read()).length])),
      values: [...r.values.items({ multi: true })],
      cookies: [...r.cookies.items({ multi: true })],
      full_path: r.fullPath,
    };
  });
  return app;
}

const CASES: Array<{ name: string; path: string; headers: Record<string, string>; body?: Buffer }> = [
  {
    name: 'multipart fields, files, repeated keys, integer-like keys',
    path: '/echo?x=1&x=2&sp=a+b',
    headers: { 'Content-Type': MULTIPART },
    body: multipart([field('1', 'a'), field('0', 'b'), file('docs', 'a.txt', 'first'), field('1', 'c'), file('docs', 'b.bin', 'xx', 'application/octet-stream')]),
  },
  {
    name: 'filenames: UTF-8, RFC 5987, Windows path, escaped quote, empty, no Content-Type',
    path: '/echo',
    headers: { 'Content-Type': MULTIPART },
    body: multipart([
      file('a', 'résumé 日本.txt', 'x'),
      { headers: [`Content-Disposition: form-data; name="b"; filename*=UTF-8''r%C3%A9s.txt`], data: 'y' },
      file('c', 'C:\\dir\\x.txt', 'z'),
      { headers: ['Content-Disposition: form-data; name="d"; filename="q\\"x.txt"'], data: 'w' },
      file('e', '', '', 'application/octet-stream'),
      file('f', 'n.txt', 'data', null),
      file('g', 'U.TXT', 'u', 'Text/Plain; charset=UTF-8'),
    ] as Part[]),
  },
  {
    name: 'empty and missing field names',
    path: '/echo',
    headers: { 'Content-Type': MULTIPART },
    body: multipart([
      { headers: ['Content-Disposition: form-data; name=""'], data: 'empty' },
      { headers: ['Content-Disposition: form-data'], data: 'none' },
      field('ok', 'yes'),
    ]),
  },
  {
    name: 'urlencoded body, values = args then form, cookies',
    path: '/echo?q=1&a=0&a%5B%5D=x&semi=a;b&&=v',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: 'a=1; b="x\\054y"; a=2; c; =d; q="x;y"' },
    body: Buffer.from('a=1&b=x+y&a=%E2%98%83&c&%zz=%2B'),
  },
  {
    name: 'non-ASCII field names, hostile filenames, part charsets (latin-1 honoured, unknown → UTF-8)',
    path: '/echo',
    headers: { 'Content-Type': MULTIPART },
    body: multipart([
      field('ü', 'umlaut'),
      field('日本', '語'),
      file('f', '../../etc/passwd', 'x'),
      file('f', 'a%00b%0D%0A.txt', 'y'), // not %22: Werkzeug ≥2.3 decodes it to ", 2.2 keeps it
      file('f', 'a\0b.txt', 'z'),
      { headers: ['Content-Disposition: form-data; name="latin"', 'Content-Type: text/plain; charset=ISO-8859-1'], data: Buffer.from([0xe9, 0xff]) },
      { headers: ['Content-Disposition: form-data; name="utf"', 'Content-Type: text/plain; charset=utf-8'], data: Buffer.from('é', 'utf8') },
      { headers: ['Content-Disposition: form-data; name="bad"'], data: Buffer.from([0xff, 0x41, 0xc3]) },
    ]),
  },
  {
    name: 'GET values ignore the body; full_path without a query',
    path: '/echo',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: Buffer.from('a=1'),
  },
];

test('request parsing matches real Flask on the same raw requests', async (t) => {
  if (!requireService(t, 'flask')) return;
  const flask = await startFlask(FLASK_APP);
  const dir = uploadDir();
  const kolba = await listen(kolbaApp(dir));
  const flaskPort = Number(new URL(flask.url).port);
  try {
    for (const c of CASES) {
      const method = c.name.startsWith('GET') ? 'GET' : 'POST';
      const send = (port: number) => new Promise<{ status: number; body: string }>((resolve, reject) => {
        const headers = { ...c.headers, 'Content-Length': String(c.body?.length ?? 0) };
        const req = http.request({ host: '127.0.0.1', port, method, path: c.path, headers }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => { body += d; });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end(c.body);
      });
      const [fromFlask, fromKolba] = await Promise.all([send(flaskPort), send(kolba.port)]);
      assert.equal(fromKolba.status, fromFlask.status, c.name);
      assert.deepEqual(JSON.parse(fromKolba.body), JSON.parse(fromFlask.body), c.name);
    }
  } finally {
    await kolba.close();
    await flask.stop();
    rmSync(dir, { recursive: true });
  }
});

test('Set-Cookie headers match the ones Flask writes, byte for byte', async (t) => {
  if (!requireService(t, 'flask')) return;
  const flask = await startFlask(FLASK_APP);
  const dir = uploadDir();
  const kolba = await listen(kolbaApp(dir));
  try {
    const get = async (port: number) => {
      const res = await fetch(`http://127.0.0.1:${port}/cookies`);
      return res.headers.getSetCookie();
    };
    const [fromFlask, fromKolba] = await Promise.all([get(Number(new URL(flask.url).port)), get(kolba.port)]);
    assert.equal(fromFlask.length, 4);
    assert.deepEqual(fromKolba, fromFlask);
  } finally {
    await kolba.close();
    await flask.stop();
    rmSync(dir, { recursive: true });
  }
});

test('URL properties match Flask for encoded, non-ASCII paths and default ports', async (t) => {
  if (!requireService(t, 'flask')) return;
  const flask = await startFlask(FLASK_APP);
  const dir = uploadDir();
  const kolba = await listen(kolbaApp(dir));
  try {
    const cases: Array<[string, string]> = [
      ['/u/p%20q/%C3%BC/%E2%98%83?x=1&y=%2F', 'example.com:8080'],
      ['/u/a', 'example.com:80'],
      ['/u/a?', 'Example.COM'],
    ];
    for (const [path, host] of cases) {
      const get = (port: number) => new Promise<unknown>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path, headers: { Host: host } }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => { body += d; });
          res.on('end', () => resolve(JSON.parse(body)));
        }).on('error', reject);
      });
      const [fromFlask, fromKolba] = await Promise.all([get(Number(new URL(flask.url).port)), get(kolba.port)]);
      assert.deepEqual(fromKolba, fromFlask, `${path} (Host: ${host})`);
    }
  } finally {
    await kolba.close();
    await flask.stop();
    rmSync(dir, { recursive: true });
  }
});
