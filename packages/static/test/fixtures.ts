// A throwaway site for tests: a static folder with a secret next to it.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SECRET = 'TOP-SECRET-7f3a9c';
export const TWENTY = '0123456789abcdefghij';

export interface Site {
  root: string;
  folder: string;
  cleanup(): void;
}

/**
 * ```
 * <root>/secret.txt, <root>/static-secret/secret.txt   ← must never be served
 * <root>/static/{t.txt, css/a b.css, .env, .git/config, sub/.hidden/x.txt, dir/index.html,
 *                ünï.txt, empty.txt, 100%.txt, a%20b.txt, link-in → t.txt,
 *                link-out → ../static-secret/secret.txt, linkdir-out → ../static-secret}
 * ```
 */
export function makeSite(): Site {
  const root = mkdtempSync(join(tmpdir(), 'kolba-static-'));
  const folder = join(root, 'static');
  const files: Record<string, string> = {
    'secret.txt': SECRET,
    'static-secret/secret.txt': SECRET,
    'static/t.txt': TWENTY,
    'static/css/a b.css': 'body { color: red }\n',
    'static/.env': SECRET,
    'static/.git/config': SECRET,
    'static/sub/.hidden/x.txt': SECRET,
    'static/dir/index.html': '<h1>index</h1>',
    'static/ünï.txt': 'unicode name',
    'static/empty.txt': '',
    'static/100%.txt': 'percent',
    'static/a%20b.txt': 'literal percent-two-zero',
  };
  for (const [name, content] of Object.entries(files)) {
    const path = join(root, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }
  symlinkSync('t.txt', join(folder, 'link-in'));
  symlinkSync('../static-secret/secret.txt', join(folder, 'link-out'));
  symlinkSync('../static-secret', join(folder, 'linkdir-out'));
  return { root, folder, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** The response body as text whatever its type (supertest leaves binary types in `body`). */
export function bodyText(res: { text?: string; body?: unknown }): string {
  if (typeof res.text === 'string') return res.text;
  return Buffer.isBuffer(res.body) ? res.body.toString('utf8') : '';
}
