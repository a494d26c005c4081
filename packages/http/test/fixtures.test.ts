// The committed fixture must be exactly what real Werkzeug/Flask produce today, so the
// byte-for-byte comparisons in the other tests compare against Flask, not against a stale file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireService } from '../../../test/support/services.js';

test('the committed Werkzeug fixture is reproducible with real Flask', (t) => {
  if (!requireService(t, 'flask')) return;
  const dir = mkdtempSync(join(tmpdir(), 'kolba-http-fixtures-'));
  try {
    const out = join(dir, 'fixtures.json');
    const script = fileURLToPath(new URL('./fixtures/generate-fixtures.py', import.meta.url));
    const run = spawnSync('/usr/bin/python3', [script, out], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const committed = readFileSync(new URL('./fixtures/werkzeug-fixtures.json', import.meta.url), 'utf8');
    assert.equal(readFileSync(out, 'utf8'), committed);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
