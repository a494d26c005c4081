import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { formatRoutes } from '../src/routes-table.js';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const NODE_ARGS = ['--conditions=@kolba/source', '--import', 'tsx', 'src/cli.ts'];

function kolba(...args: string[]) {
  return spawnSync(process.execPath, [...NODE_ARGS, ...args], { cwd: PACKAGE, encoding: 'utf8', env: { ...process.env, KOLBA_DEBUG: '' } });
}

// Compared with Flask 2.2's `flask routes` on the same three views.
test('kolba routes prints Flask’s table, sorted by endpoint, HEAD/OPTIONS hidden unless asked', () => {
  const out = kolba('--app', 'test/fixtures/cli-app.ts', 'routes');
  assert.equal(out.status, 0, out.stderr);
  assert.equal(
    out.stdout,
    [
      'Endpoint   Methods    Rule',
      '---------  ---------  -----------------------',
      'index      GET        /',
      'login      GET, POST  /login',
      'show_post  GET        /post/<int:id>',
      'static     GET        /static/<path:filename>',
      '',
    ].join('\n'),
  );
  const all = kolba('routes', '--app', 'test/fixtures/cli-app.ts', '--sort', 'rule', '--all-methods');
  assert.match(all.stdout, /^index {6}GET, HEAD, OPTIONS {8}\/$/m);
  assert.match(all.stdout.split('\n')[3]!, /^login +GET, HEAD, OPTIONS, POST +\/login$/);
});

test('kolba reports a missing app, an unknown command and a bad port with exit code 2', () => {
  const missing = kolba('--app', 'nope.ts', 'routes');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /Could not import 'nope\.ts': no such file\./);
  const unknown = kolba('--app', 'test/fixtures/cli-app.ts', 'frobnicate');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /No such command 'frobnicate'/);
  const port = kolba('--app', 'test/fixtures/cli-app.ts', 'run', '--port', 'http');
  assert.equal(port.status, 2);
  assert.match(port.stderr, /'http' is not a valid port/);
  assert.equal(kolba('--help').status, 0);
});

test('kolba run serves the app and prints Flask’s start-up lines', { timeout: 30_000 }, async () => {
  const child = spawn(process.execPath, [...NODE_ARGS, '--app', 'test/fixtures/cli-app.ts', 'run', '--port', '0'], {
    cwd: PACKAGE,
    env: { ...process.env, KOLBA_DEBUG: '' },
  });
  try {
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = / \* Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`kolba run exited with ${code}: ${output}`)));
    });
    assert.match(output, /^ \* Serving Kolba app 'cli-app'\n \* Debug mode: off\nWARNING: This is a development server\./);
    const res = await fetch(`${url}/post/7`);
    assert.equal(await res.text(), 'post 7');
  } finally {
    child.kill();
  }
});

test('formatRoutes: empty map and bad sort key', () => {
  assert.equal(formatRoutes([]), 'No routes were registered.');
  assert.throws(() => formatRoutes([{ endpoint: 'a', rule: '/', methods: ['GET'] }], { sort: 'size' as never }), /--sort must be one of/);
});

test('run({ reload: true }) serves from a node --watch child that restarts when a file changes', { timeout: 30_000 }, async () => {
  const { utimesSync, readFileSync, writeFileSync } = await import('node:fs');
  const file = fileURLToPath(new URL('./fixtures/reload-app.ts', import.meta.url));
  const child = spawn(process.execPath, ['--conditions=@kolba/source', '--import', 'tsx', file], {
    cwd: PACKAGE,
    env: { ...process.env, KOLBA_DEBUG: '', KOLBA_RUN_MAIN: '' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const waitFor = (pattern: RegExp, count: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if ((output.match(new RegExp(pattern, 'g')) ?? []).length >= count) {
          clearInterval(timer);
          resolve();
        }
      }, 50);
      child.on('exit', (code) => {
        clearInterval(timer);
        reject(new Error(`exited with ${code}: ${output}`));
      });
    });
  try {
    await waitFor(/ \* Running on http:\/\/127\.0\.0\.1:\d+/, 1);
    assert.match(output, /^ \* Restarting with node --watch\n/);
    const url = / \* Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;
    assert.equal(await (await fetch(url)).text(), 'reloadable');
    writeFileSync(file, readFileSync(file, 'utf8')); // same content, new write: a change event
    utimesSync(file, new Date(), new Date());
    await waitFor(/ \* Running on http:\/\/127\.0\.0\.1:\d+/, 2);
  } finally {
    child.kill('SIGTERM');
  }
});

test('--app file:name and file:factory() pick the app as flask --app does', () => {
  const factory = kolba('--app', 'test/fixtures/cli-app.ts:createAdmin()', 'routes');
  assert.equal(factory.status, 0, factory.stderr);
  assert.match(factory.stdout, /^dashboard +GET +\/admin$/m);
  const named = kolba('--app', 'test/fixtures/cli-app.ts:app', 'routes');
  assert.match(named.stdout, /^show_post +GET +\/post\/<int:id>$/m);
  const bad = kolba('--app', 'test/fixtures/cli-app.ts:notAnApp', 'routes');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /'notAnApp' in '.*cli-app\.ts' is not a Kolba app/);
  const missing = kolba('--app', 'test/fixtures/cli-app.ts:nope', 'routes');
  assert.match(missing.stderr, /Failed to find attribute 'nope'/);
});
