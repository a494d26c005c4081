/**
 * Real external services for tests: Flask (for cookie interop) and redis-server (for server-side
 * sessions). Each is started for real on a free loopback port and stopped by the test.
 *
 * Policy: in CI (`CI=true`) a missing service is a loud failure, because a green run that skipped
 * the interop tests would prove nothing; on a developer machine the test skips with a message that
 * says how to install the service.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

export type ServiceName = 'flask' | 'redis';

const INSTALL_HINT: Record<ServiceName, string> = {
  flask: 'apt-get update && apt-get install -y python3-flask',
  redis: 'apt-get update && apt-get install -y redis-server',
};

/** True when the service can be started here. */
export function serviceInstalled(name: ServiceName): boolean {
  if (name === 'flask') {
    return spawnSync('/usr/bin/python3', ['-c', 'import flask'], { stdio: 'ignore' }).status === 0;
  }
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Returns true when `name` is available. Otherwise: in CI throws; elsewhere skips `t` and
 * returns false (the caller returns early).
 *
 * @example
 * test('flask reads our cookie', async (t) => {
 *   if (!requireService(t, 'flask')) return;
 *   const flask = await startFlask(APP_SOURCE);
 * });
 */
export function requireService(t: TestContext, name: ServiceName): boolean {
  if (serviceInstalled(name)) return true;
  const msg = `${name} is not installed; install it with: ${INSTALL_HINT[name]}`;
  if (process.env.CI) throw new Error(`CI requires ${name}: ${msg}`);
  t.skip(msg);
  return false;
}

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function waitForPort(port: number, child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    let exited = false;
    child.once('exit', (code) => {
      exited = true;
      reject(new Error(`service exited with code ${code} before listening on ${port}`));
    });
    const attempt = () => {
      if (exited) return;
      const sock = connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`service did not listen on ${port} in ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export interface RunningService {
  port: number;
  /** `http://127.0.0.1:PORT` for Flask, `redis://127.0.0.1:PORT` for Redis. */
  url: string;
  /** Everything the process printed so far (for assertion messages). */
  output(): string;
  stop(): Promise<void>;
}

function track(child: ChildProcess, port: number, url: string, cleanup?: () => void): RunningService {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return {
    port,
    url,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          cleanup?.();
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/**
 * Starts `redis-server` with no persistence on a free loopback port.
 *
 * @example
 * const redis = await startRedis();
 * try { … redis.url … } finally { await redis.stop(); }
 */
export async function startRedis(port?: number): Promise<RunningService> {
  const p = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'kolba-redis-'));
  const child = spawn(
    'redis-server',
    ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const svc = track(child, p, `redis://127.0.0.1:${p}`, () => rmSync(dir, { recursive: true, force: true }));
  await waitForPort(p, child);
  return svc;
}

/**
 * Runs a Flask app given as Python source. The source must define `app`; it is served with
 * Werkzeug's development server on a free loopback port.
 *
 * @example
 * const flask = await startFlask(`
 * from flask import Flask, session
 * app = Flask(__name__)
 * app.secret_key = "dev"
 * @app.get("/read")
 * def read(): return dict(session)
 * `);
 */
export async function startFlask(appSource: string): Promise<RunningService> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kolba-flask-'));
  const file = join(dir, 'kolba_flask_app.py');
  writeFileSync(
    file,
    `${appSource}\n\nif __name__ == "__main__":\n    import logging\n    logging.getLogger("werkzeug").setLevel(logging.ERROR)\n    app.run(host="127.0.0.1", port=${port}, debug=False, use_reloader=False)\n`,
  );
  const child = spawn('/usr/bin/python3', [file], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
  });
  const svc = track(child, port, `http://127.0.0.1:${port}`, () => rmSync(dir, { recursive: true, force: true }));
  await waitForPort(port, child);
  return svc;
}
