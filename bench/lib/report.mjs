// Markdown output: tables and the machine note every results file starts with.
import { execSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { pinning } from './server.mjs';

/**
 * A GitHub markdown table. `align` holds 'l' or 'r' per column (numbers right-aligned).
 *
 * @example
 * ```js
 * console.log(markdownTable(['stack', 'req/s'], [['bare', '36,081']], ['l', 'r']));
 * ```
 */
export function markdownTable(header, rows, align = header.map((_, i) => (i === 0 ? 'l' : 'r'))) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(align.map((a) => (a === 'r' ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

/** Formats a number with thousands separators and no decimals. */
export const int = (x) => Math.round(x).toLocaleString('en-US');

/** Formats a ratio as a percentage with one decimal. */
export const pct = (x) => `${(x * 100).toFixed(1)}%`;

/**
 * The machine note: date, `nproc`, `node -v`, CPU model, load average at start, pinning.
 *
 * @example
 * ```js
 * console.log(machineNote());
 * ```
 */
export function machineNote() {
  let nproc = String(availableParallelism());
  try {
    nproc = execSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // nproc missing: keep Node's count
  }
  const model = cpus()[0]?.model ?? 'unknown CPU';
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  return [
    `- date: ${new Date().toISOString()}`,
    `- machine: nproc ${nproc}, ${model}, node ${process.version}, load average at start ${load}`,
    `- ${pinning ? 'servers pinned to core 0 (`taskset -c 0`), autocannon pinned to core 1' : 'no pinning (taskset missing or one core)'};` +
      ' the cores are shared with other processes on this machine, so absolute numbers drift — compare the ratios, taken within each round',
  ].join('\n');
}
