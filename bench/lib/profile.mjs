// Reading V8 CPU profiles (`node --cpu-prof`): the functions with the most self time, so a
// results file can name the file and function a cost comes from.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function where(frame) {
  // No URL: V8 builtins, and code made with `new Function` (nunjucks' compiled templates: `root`).
  if (!frame.url) return '(no file: builtin or generated code)';
  const path = frame.url.startsWith('file:') ? relative(root, fileURLToPath(frame.url)) : frame.url;
  return `${path}:${frame.lineNumber + 1}`;
}

/**
 * Self time per function (name + file:line), largest first, as `{ name, where, percent }`.
 * `(idle)` and `(program)` samples are left out of the total, so percentages are of busy time.
 *
 * @example
 * ```js
 * for (const f of topFunctions('/tmp/prof/CPU.123.cpuprofile', 15)) console.log(f.percent, f.name, f.where);
 * ```
 */
export function topFunctions(file, limit = 20) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const self = new Map();
  let busy = 0;
  for (const node of profile.nodes) {
    const name = node.callFrame.functionName || '(anonymous)';
    if (name === '(idle)' || name === '(program)' || name === '(root)' || !node.hitCount) continue;
    const key = `${name}\t${where(node.callFrame)}`;
    self.set(key, (self.get(key) ?? 0) + node.hitCount);
    busy += node.hitCount;
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, hits]) => {
      const [name, at] = key.split('\t');
      return { name, where: at, percent: (hits / busy) * 100 };
    });
}

/**
 * Self time summed per file (or per package under node_modules), largest first.
 *
 * @example
 * ```js
 * topFiles('/tmp/prof/CPU.123.cpuprofile'); // [{ file: 'packages/templates/dist/engine.js', percent: 12.5 }, …]
 * ```
 */
export function topFiles(file, limit = 15) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const self = new Map();
  let busy = 0;
  for (const node of profile.nodes) {
    const name = node.callFrame.functionName;
    if (name === '(idle)' || name === '(program)' || name === '(root)' || !node.hitCount) continue;
    let at = where(node.callFrame).replace(/:\d+$/, '');
    const nm = at.lastIndexOf('node_modules/');
    if (nm !== -1) at = at.slice(nm + 13).split('/').slice(0, at.slice(nm + 13).startsWith('@') ? 2 : 1).join('/');
    self.set(at, (self.get(at) ?? 0) + node.hitCount);
    busy += node.hitCount;
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([at, hits]) => ({ file: at, percent: (hits / busy) * 100 }));
}
