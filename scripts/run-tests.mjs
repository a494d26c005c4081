#!/usr/bin/env node
// Runs every runtime test in the workspace with node's own test runner on the TypeScript sources.
// `--conditions=@kolba/source` makes `@kolba/*` imports resolve to each package's `src/index.ts`
// (see the `exports` maps), so tests never run against a stale `dist/`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// Arguments narrow the run to folders or files, e.g. `node scripts/run-tests.mjs packages/http`.
const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['packages', 'examples', 'test'];

function collect(dir, out) {
  if (!existsSync(dir)) return out;
  if (statSync(dir).isFile()) {
    out.push(relative(root, dir));
    return out;
  }
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) collect(full, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, full));
  }
  return out;
}

const files = roots.flatMap((r) => collect(join(root, r), [])).sort();
if (files.length === 0) {
  console.error('run-tests: no *.test.ts files found under', roots.join(', '));
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--conditions=@kolba/source', '--import', 'tsx', '--test', '--test-reporter=spec', ...files],
  { stdio: 'inherit', cwd: root, env: process.env },
);
process.exit(result.status ?? 1);
