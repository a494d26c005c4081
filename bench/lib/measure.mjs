// Load generation and statistics: autocannon from this process against 127.0.0.1, median of
// interleaved rounds, ratios taken within each round (a shared machine drifts between rounds far
// more than within one).

// Loaded on first use: server children import this module's neighbours but must not pay for
// (or show in their CPU profiles) the load generator.
let autocannon;

/** The median of a list of numbers (the upper one for even lengths). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * One load slice against one server: requests/s and the server's CPU µs per request (a cost that,
 * unlike req/s, barely depends on what else the machine is running or on the load generator's
 * own ceiling). Throws on any non-2xx response or socket error, so a broken app cannot post a
 * good number.
 *
 * @example
 * ```js
 * const { rps, cpuPerRequest } = await load(server, { path: '/', duration: 3 });
 * ```
 */
export async function load(server, { path = '/', headers = {}, duration = 3, connections = 50 } = {}) {
  autocannon ??= (await import('autocannon')).default;
  await server.cpuStart();
  const result = await autocannon({ url: server.url + path, connections, duration, headers });
  const cpuMicros = await server.cpuStop();
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(`${server.name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return { rps: result.requests.average, cpuPerRequest: cpuMicros / Math.max(1, result.requests.total) };
}

/**
 * Runs every target once for warm-up, then `rounds` rounds in which every target gets one slice,
 * reversing the order every other round so neither side of a pair always goes first. Returns the
 * raw series per target key: `{ rps: number[], cpu: number[] }`.
 *
 * @example
 * ```js
 * const series = await interleave([{ key: 'bare', server, path: '/' }], { rounds: 3, duration: 3 });
 * median(series.bare.rps);
 * ```
 */
export async function interleave(targets, { rounds = 3, duration = 3, warmup = 1, connections = 50, log = () => {} } = {}) {
  for (const t of targets) await load(t.server, { ...t, duration: warmup, connections }); // JIT warm-up
  const series = Object.fromEntries(targets.map((t) => [t.key, { rps: [], cpu: [] }]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order) {
      const m = await load(t.server, { ...t, duration, connections });
      series[t.key].rps.push(m.rps);
      series[t.key].cpu.push(m.cpuPerRequest);
      log(`round ${r + 1}/${rounds} ${t.key}: ${Math.round(m.rps)} req/s, ${m.cpuPerRequest.toFixed(1)} µs CPU/req`);
    }
  }
  return series;
}

/**
 * Median over rounds of the per-round ratio `a[i] / b[i]` (both measured in the same round).
 *
 * @example
 * ```js
 * pairedRatio(series.kolba.rps, series.bare.rps); // 0.91 → kolba serves 91% of bare's req/s
 * ```
 */
export function pairedRatio(a, b) {
  return median(a.map((x, i) => x / b[i]));
}
