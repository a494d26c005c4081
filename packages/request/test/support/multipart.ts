/** Builds real multipart/form-data bodies byte by byte, so tests control every header. */
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Koa from 'koa';

export const BOUNDARY = '----kolbaBoundary7MA4YWxkTrZu0gW';
export const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

export interface Part {
  /** Raw header lines (without CRLF), e.g. `Content-Disposition: form-data; name="a"`. */
  headers: string[];
  data: string | Buffer;
}

export const field = (name: string, value: string): Part => ({
  headers: [`Content-Disposition: form-data; name="${name}"`],
  data: value,
});

export const file = (name: string, filename: string, data: string | Buffer, type: string | null = 'text/plain'): Part => ({
  headers: [
    `Content-Disposition: form-data; name="${name}"; filename="${filename}"`,
    ...(type === null ? [] : [`Content-Type: ${type}`]),
  ],
  data,
});

/** The body of the given parts; `end: false` leaves out the closing boundary. */
export function multipart(parts: Part[], options: { end?: boolean } = {}): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    // Header bytes are written as UTF-8, as browsers send non-ASCII filenames.
    chunks.push(Buffer.from(`--${BOUNDARY}\r\n${p.headers.join('\r\n')}\r\n\r\n`, 'utf8'));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data, 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  if (options.end !== false) chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

/** A fresh, dedicated upload directory. */
export function uploadDir(): string {
  return mkdtempSync(join(tmpdir(), 'kolba-request-test-'));
}

/** Waits (up to 10 s, the machine may be busy) until `dir` holds `count` entries; returns what is there. */
export async function waitForFiles(dir: string, count = 0): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const files = readdirSync(dir);
    if (files.length === count || Date.now() > deadline) return files;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts the app on 127.0.0.1; returns the port and a close function. */
export async function listen(app: Koa): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export interface RawResponse { status: number; body: string; headers: http.IncomingHttpHeaders }

/**
 * Sends a request whose body is written chunk by chunk (no Content-Length unless given), as a
 * streaming client would; resolves with the response or rejects with the socket error.
 */
export function sendChunked(
  port: number,
  path: string,
  headers: Record<string, string>,
  chunks: Buffer[],
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    let i = 0;
    const writeNext = (): void => {
      if (i === chunks.length) { req.end(); return; }
      const ok = req.write(chunks[i++]);
      if (ok) setImmediate(writeNext);
      else req.once('drain', writeNext);
    };
    writeNext();
  });
}

/** Splits a buffer into `size`-byte chunks. */
export function split(buf: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

/**
 * Writes raw bytes to a fresh socket and collects everything the server sends until it closes the
 * connection (or `giveUpMs` passes, then `closed` is false). For requests no HTTP client would send.
 * The socket allows half-open use so a half-closed client still reads the answer.
 */
export function rawExchange(
  port: number,
  bytes: Buffer | string,
  giveUpMs = 5_000,
  options: { halfClose?: boolean } = {},
): Promise<{ response: string; closed: boolean; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    // halfClose: send FIN after the bytes (the client is done sending but still listening).
    const sock = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true }, () => (options.halfClose ? sock.end(bytes) : sock.write(bytes)));
    let response = '';
    let done = false;
    const finish = (closed: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ response, closed, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), giveUpMs);
    sock.on('data', (c: Buffer) => { response += c.toString('latin1'); });
    sock.on('error', () => finish(true));
    sock.on('end', () => finish(true)); // the server's FIN: with allowHalfOpen, 'close' would wait for ours
    sock.on('close', () => finish(true));
  });
}

/** The status codes of every HTTP response in a raw exchange, in order. */
export const statusesOf = (response: string): number[] =>
  [...response.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
