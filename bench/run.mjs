#!/usr/bin/env node
// `pnpm bench`: builds the kolba packages (benchmarks import them from `dist`), then runs every
// bench/*.mjs except this file, one after another (never in parallel: they would measure each
// other), or only the ones named on the command line. Scratch files named *.tmp.mjs are skipped.
//
//   pnpm bench                          # all benchmarks
//   pnpm bench stack session            # bench/stack.mjs, then bench/session.mjs
//   pnpm bench stack -- --rounds 5      # arguments after -- go to every benchmark run
//   pnpm bench --no-build routing       # skip `tsc -b tsconfig.build.json`
//
// Exits non-zero if the build or any benchmark fails (the others still run).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);

const argv = process.argv.slice(2);
const dashes = argv.indexOf('--');
const own = dashes === -1 ? argv : argv.slice(0, dashes);
const passThrough = dashes === -1 ? [] : argv.slice(dashes + 1);
const build = !own.includes('--no-build');
const named = own.filter((a) => !a.startsWith('--'));

const all = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs' && !f.endsWith('.tmp.mjs'))
  .sort();
const chosen = named.length ? named.map((n) => basename(n).replace(/\.mjs$/, '') + '.mjs') : all;
const missing = chosen.filter((f) => !existsSync(join(here, f)) || f === 'run.mjs');
if (missing.length) {
  console.error(`bench: no such benchmark: ${missing.join(', ')} (available: ${all.map((f) => f.replace(/\.mjs$/, '')).join(', ')})`);
  process.exit(2);
}

if (build) {
  // Resolve tsc from the workspace instead of `npx` (no network, no npm start-up cost).
  const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  console.error('bench: tsc -b tsconfig.build.json');
  const r = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('bench: build failed; the benchmarks import packages/*/dist, so they were not run');
    process.exit(r.status ?? 1);
  }
}

const failed = [];
for (const file of chosen) {
  console.error(`\nbench: ${file} ${passThrough.join(' ')}`.trimEnd());
  const started = Date.now();
  const r = spawnSync(process.execPath, [join(here, file), ...passThrough], { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (r.status !== 0) failed.push(file);
  console.error(`bench: ${file} ${r.status === 0 ? 'done' : `FAILED (${r.signal ?? `exit ${r.status}`})`} in ${seconds} s`);
}
if (failed.length) {
  console.error(`\nbench: failed: ${failed.join(', ')}`);
  process.exit(1);
}
