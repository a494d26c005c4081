// Benchmark servers: each app runs in its own child process so that one stack's process-wide
// state (AsyncLocalStorage promise hooks, JIT feedback, GC heap) cannot slow another's numbers.
// The child is pinned to core 0 with `taskset -c 0` when taskset exists and the machine has
// another core for the load generator (the shape of /work/shared/spec/performance-anchors.md:
// server on one core, load generator on the other).
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const hasTaskset = spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;

/** True when servers are pinned to core 0 and the load generator to core 1. */
export const pinning = hasTaskset && availableParallelism() >= 2;

/**
 * Pins the calling (load-generating) process to core 1, away from the servers on core 0.
 * Returns false when pinning is unavailable (no taskset, or a single core).
 *
 * @example
 * ```js
 * pinLoadGenerator(); // autocannon in this process now runs on core 1
 * ```
 */
export function pinLoadGenerator() {
  if (!pinning) return false;
  return spawnSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' }).status === 0;
}

/**
 * Starts `node [nodeArgs] <file> --serve <name>` in a child process (pinned to core 0 when
 * possible) and resolves once the child listens. The child must call {@link serveApp}.
 *
 * @example
 * ```js
 * const server = await startServer(import.meta.url, 'S1 bare');
 * await fetch(server.url);
 * server.close();
 * ```
 */
export async function startServer(file, name, { nodeArgs = [] } = {}) {
  const script = file.startsWith('file:') ? fileURLToPath(file) : file;
  const args = [...process.execArgv, ...nodeArgs, script, '--serve', name];
  const [cmd, argv] = pinning ? ['taskset', ['-c', '0', process.execPath, ...args]] : [process.execPath, args];
  // 'ipc' works through taskset: it execs node with the inherited NODE_CHANNEL_FD.
  const child = spawn(cmd, argv, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`server "${name}" exited with code ${code} before listening`)));
    child.once('message', (msg) => resolve(msg.port));
  });
  child.removeAllListeners('exit');
  // A child that dies mid-run (an app crash) must fail the benchmark, not hang it.
  const request = (msg) =>
    new Promise((resolve, reject) => {
      const died = (code) => reject(new Error(`server "${name}" exited with code ${code}`));
      child.once('exit', died);
      child.once('message', (reply) => {
        child.off('exit', died);
        resolve(reply);
      });
      child.send(msg);
    });
  return {
    name,
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    /** Starts counting the server's CPU time. */
    cpuStart: () => request('cpu-start'),
    /** Server CPU µs (user + system) since cpuStart. */
    cpuStop: () => request('cpu-stop').then((m) => m.cpuMicros),
    /** Disconnects the child (it exits on its own); resolves when it has exited. */
    close: () => {
      const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
      if (child.connected) child.disconnect();
      return exited;
    },
  };
}

/**
 * Child side: listens on 127.0.0.1 (random port), tells the parent the port, answers CPU-time
 * queries, and exits when the parent goes away.
 *
 * @example
 * ```js
 * if (process.argv[2] === '--serve') serveApp(buildApp(process.argv[3]));
 * ```
 */
export function serveApp(app) {
  const server = app.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  let mark = process.cpuUsage();
  process.on('message', (msg) => {
    if (msg === 'cpu-start') {
      mark = process.cpuUsage();
      process.send({ ok: true });
    } else if (msg === 'cpu-stop') {
      const { user, system } = process.cpuUsage(mark);
      process.send({ cpuMicros: user + system });
    }
  });
  process.on('disconnect', () => process.exit(0));
  return server;
}
