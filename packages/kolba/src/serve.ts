/**
 * The development server behind `app.run()` and `kolba run` (flask.md §13.1): host and port from
 * the options, else `SERVER_NAME`, else `127.0.0.1:5000`; optional TLS; Flask's start-up lines.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

/**
 * Options of `app.run()` (Flask's `app.run` keyword arguments).
 *
 * @example
 * const options: RunOptions = { host: '0.0.0.0', port: 8000, debug: false, ssl: { cert: 'cert.pem', key: 'key.pem' } };
 */
export interface RunOptions {
  /** ← `host`, default the host of `SERVER_NAME`, else `127.0.0.1`. */
  host?: string;
  /** ← `port`, default the port of `SERVER_NAME`, else `5000`; `0` picks a free one. */
  port?: number;
  /** ← `debug`: sets `app.debug` (debug error pages, template reloading). */
  debug?: boolean;
  /** ← `ssl_context=(cert, key)`: PEM file paths (or their contents as Buffers). */
  ssl?: { cert: string | Buffer; key: string | Buffer };
  /**
   * ← `use_reloader`: restart when a source file changes, through `node --watch` (default
   * `false`; Flask defaults it to `debug`, but a reloader forks the process, which a call inside
   * tests or a process manager must not do unasked).
   */
  reload?: boolean;
  /** Do not print Flask's start-up lines (default `false`). */
  quiet?: boolean;
  /** Where the start-up lines go (default `console.log`). */
  log?: (line: string) => void;
}

/**
 * A started server: the Node server, the URL it answers on, and `close()`.
 *
 * @example
 * const running = await app.run({ port: 0, quiet: true });
 * await fetch(running.url);
 * await running.close();
 */
export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

/** What the server needs from the app. */
interface Runnable {
  readonly name: string;
  readonly debug: boolean;
  readonly config: Readonly<Record<string, unknown>>;
  callback(): (req: never, res: never) => unknown;
}

/**
 * Werkzeug's reloader, on Node's own: this process re-runs its command under `node --watch`
 * (which restarts it whenever an imported file changes) and waits; the child, marked with
 * `KOLBA_RUN_MAIN` as Werkzeug marks it with `WERKZEUG_RUN_MAIN`, serves.
 */
function superviseReloads(options: RunOptions): Promise<RunningServer> {
  const log = options.log ?? console.log;
  if (options.quiet !== true) log(' * Restarting with node --watch');
  const child = spawn(process.execPath, [...process.execArgv, '--watch', ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, KOLBA_RUN_MAIN: 'true' },
  });
  const stop = () => child.kill('SIGTERM');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
  // Like Flask's reloader process, this one never serves: the promise stays pending.
  return new Promise<RunningServer>(() => undefined);
}

function fromServerName(serverName: unknown): { host?: string; port?: number } {
  if (typeof serverName !== 'string' || serverName === '') return {};
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(serverName);
  if (!match) return {};
  return { host: match[1], ...(match[2] === undefined ? {} : { port: Number(match[2]) }) };
}

function pem(value: string | Buffer): Buffer {
  return Buffer.isBuffer(value) ? value : readFileSync(value);
}

/**
 * Listens and prints Flask's banner; resolves once the server accepts connections.
 *
 * @throws the listen error (port in use, permission) with the address in the message.
 * @example
 * const running = await runServer(app, { port: 5000 });
 */
export async function runServer(app: Runnable, options: RunOptions = {}): Promise<RunningServer> {
  if (options.reload === true && process.env.KOLBA_RUN_MAIN !== 'true') return superviseReloads(options);
  const named = fromServerName(app.config.SERVER_NAME);
  const host = options.host ?? named.host ?? '127.0.0.1';
  const port = options.port ?? named.port ?? 5000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`app.run(): port must be 0–65535, got ${port}`);
  const handler = app.callback() as Parameters<typeof createHttpServer>[1] & object;
  const server: Server = options.ssl
    ? createHttpsServer({ cert: pem(options.ssl.cert), key: pem(options.ssl.key) }, handler)
    : createHttpServer(handler);
  await new Promise<void>((resolvePromise, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(Object.assign(new Error(`Cannot listen on ${host}:${port}: ${err.message}`, { cause: err }), { code: err.code }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolvePromise();
    });
  });
  const address = server.address() as AddressInfo;
  const scheme = options.ssl ? 'https' : 'http';
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${scheme}://${shownHost}:${address.port}`;
  if (options.quiet !== true) {
    const log = options.log ?? console.log;
    log(` * Serving Kolba app '${app.name}'`);
    log(` * Debug mode: ${app.debug ? 'on' : 'off'}`);
    log('WARNING: This is a development server. Do not use it in a production deployment. Use a production server (app.listen behind a process manager) instead.');
    log(` * Running on ${url}`);
    log('Press CTRL+C to quit');
  }
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolvePromise, reject) => {
        server.close((err) => (err ? reject(err) : resolvePromise()));
        server.closeAllConnections?.();
      }),
  };
}
