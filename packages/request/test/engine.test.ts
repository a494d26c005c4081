import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import Koa from 'koa';
import { bodies } from '../src/index.js';
import { BOUNDARY, MULTIPART, field, file, listen, multipart, sendChunked, split, uploadDir, waitForFiles } from './support/multipart.js';

// Deterministic PRNG (mulberry32) so a failure can be replayed.
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [`--${BOUNDARY}`, `--${BOUNDARY}--`, '\r\n', '\r\n\r\n', 'Content-Disposition: form-data', '; name=""', '; filename="', '"', ';', 'Content-Type: ', '\0', '\xff', 'Content-Transfer-Encoding: base64'];

function mutate(base: Buffer, next: () => number): Buffer {
  let buf = Buffer.from(base);
  const edits = 1 + Math.floor(next() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(next() * buf.length);
    const kind = Math.floor(next() * 4);
    if (kind === 0) buf = buf.subarray(0, at); // truncate
    else if (kind === 1) buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at + 1 + Math.floor(next() * 20))]); // delete
    else if (kind === 2) buf[at] = Math.floor(next() * 256); // flip a byte
    else buf = Buffer.concat([buf.subarray(0, at), Buffer.from(TOKENS[Math.floor(next() * TOKENS.length)]!, 'latin1'), buf.subarray(at)]);
  }
  return buf;
}

test('300 mangled multipart bodies: only 200/400/413 answers, no crash, no hang, no leaked temp file', async () => {
  const dir = uploadDir();
  const app = new Koa();
  app.silent = true;
  app.use(bodies({ uploadDir: dir, maxFormMemorySize: 4096, maxFormParts: 20 }));
  app.use((ctx) => { ctx.body = { form: ctx.request.form.size, files: ctx.request.files.size }; });
  const server = await listen(app);
  const base = multipart([
    field('title', 'hello'),
    file('a', 'ü.txt', 'x'.repeat(3000)),
    { headers: ['Content-Disposition: form-data; name="b"; filename="b.bin"', 'Content-Transfer-Encoding: base64'], data: 'aGVsbG8=' },
    field('', 'empty name'),
    file('a', '', ''),
  ]);
  const next = rng(20250521);
  const statuses = new Map<number, number>();
  try {
    for (let i = 0; i < 300; i++) {
      const body = mutate(base, next);
      const chunked = next() < 0.5;
      const headers: Record<string, string> = { 'Content-Type': MULTIPART };
      if (!chunked) headers['Content-Length'] = String(body.length);
      const res = await sendChunked(server.port, '/', headers, chunked ? split(body, 1 + Math.floor(next() * 500)) : [body]);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      assert.ok([200, 400, 413].includes(res.status), `body #${i} got ${res.status}`);
    }
    assert.ok((statuses.get(200) ?? 0) > 0 && (statuses.get(400) ?? 0) > 0, JSON.stringify([...statuses]));
    assert.deepEqual(await waitForFiles(dir), []);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true });
  }
});
