// Load generation and statistics: autocannon from this process against 127.0.0.1, median of
// interleaved rounds, ratios taken within each round (a shared machine drifts between rounds far
// more than within one).

// Loaded on first use: server children import this module's neighbours but must not pay for
// (or show in their CPU profiles) the load generator.
let autocannon;

/** The median of a list of numbers (the upper one for even lengths). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * One load slice against one server: requests served, seconds taken, and the server's CPU µs over
 * the slice (a cost that, unlike req/s, barely depends on what else the machine is running or on
 * the load generator's own ceiling). Throws on any non-2xx response, socket error or timeout, so
 * a broken app cannot post a good number.
 *
 * @example
 * ```js
 * const { requests, seconds, cpuMicros } = await load(server, { path: '/', duration: 3 });
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
  const requests = result.requests.total;
  const seconds = result.duration;
  return { requests, seconds, cpuMicros, rps: requests / seconds, cpuPerRequest: cpuMicros / Math.max(1, requests) };
}

/**
 * Measures groups of targets (a group: the stacks compared with each other, e.g. bare and kolba
 * for one scenario). After a warm-up slice per target, each of `rounds` rounds gives every target
 * `duration` seconds of load, cut into `slice`-second pieces that alternate between the group's
 * targets (bare, kolba, kolba, bare, …): the load other processes put on a shared machine changes
 * within seconds, and fine alternation spreads it evenly over the targets compared. Group order
 * is reversed every other round. Returns per target key one value per round:
 * `{ rps: number[], cpu: number[] }` (req/s, server CPU µs per request).
 *
 * @example
 * ```js
 * const series = await interleave([[{ key: 'S1:bare', server }, { key: 'S1:kolba', server: other }]], { rounds: 3 });
 * pairedRatio(series['S1:kolba'].rps, series['S1:bare'].rps);
 * ```
 */
export async function interleave(groups, { rounds = 3, duration = 3, slice = 0.5, warmup = 1, connections = 50, log = () => {} } = {}) {
  for (const t of groups.flat()) await load(t.server, { ...t, duration: warmup, connections }); // JIT warm-up
  const series = Object.fromEntries(groups.flat().map((t) => [t.key, { rps: [], cpu: [] }]));
  const pieces = Math.max(1, Math.round(duration / slice));
  for (let r = 0; r < rounds; r++) {
    for (const group of r % 2 === 0 ? groups : [...groups].reverse()) {
      const sum = Object.fromEntries(group.map((t) => [t.key, { requests: 0, seconds: 0, cpuMicros: 0 }]));
      for (let p = 0; p < pieces; p++) {
        for (const t of (p + r) % 2 === 0 ? group : [...group].reverse()) {
          const m = await load(t.server, { ...t, duration: duration / pieces, connections });
          sum[t.key].requests += m.requests;
          sum[t.key].seconds += m.seconds;
          sum[t.key].cpuMicros += m.cpuMicros;
        }
      }
      for (const t of group) {
        const { requests, seconds, cpuMicros } = sum[t.key];
        series[t.key].rps.push(requests / seconds);
        series[t.key].cpu.push(cpuMicros / Math.max(1, requests));
        log(`round ${r + 1}/${rounds} ${t.key}: ${Math.round(requests / seconds)} req/s, ${(cpuMicros / requests).toFixed(1)} µs CPU/req`);
      }
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
