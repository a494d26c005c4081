/**
 * `kolba routes`: the URL map as Flask's `flask routes` prints it (Endpoint, Methods, Rule).
 */

/** The part of a rule the table shows. */
interface RuleLike {
  readonly endpoint: string;
  readonly rule: string;
  readonly methods: readonly string[] | undefined;
}

/**
 * Options of {@link formatRoutes} (`flask routes --sort … --all-methods`).
 *
 * @example
 * formatRoutes(app.router.map.rules, { sort: 'rule', allMethods: true });
 */
export interface RoutesTableOptions {
  /** ← `--sort`: `endpoint` (default), `methods`, `rule`, or `match` (the map's order). */
  sort?: 'endpoint' | 'methods' | 'rule' | 'match';
  /** ← `--all-methods`: also list HEAD and OPTIONS. */
  allMethods?: boolean;
}

const HIDDEN = new Set(['HEAD', 'OPTIONS']);

/**
 * The table Flask's `flask routes` prints, as one string (no trailing newline); "No routes were
 * registered." for an empty map.
 *
 * @example
 * console.log(formatRoutes(app.router.map.rules));
 * // Endpoint  Methods  Rule
 * // --------  -------  -----------------------
 * // index     GET      /
 * // static    GET      /static/<path:filename>
 */
export function formatRoutes(rules: readonly RuleLike[], options: RoutesTableOptions = {}): string {
  if (rules.length === 0) return 'No routes were registered.';
  const sort = options.sort ?? 'endpoint';
  if (!['endpoint', 'methods', 'rule', 'match'].includes(sort)) {
    throw new TypeError(`--sort must be one of endpoint, methods, rule, match; got '${String(sort)}'`);
  }
  const rows = rules.map((r) => {
    const methods = [...(r.methods ?? ['(any)'])].filter((m) => options.allMethods === true || !HIDDEN.has(m)).sort();
    return { endpoint: r.endpoint, methods: methods.join(', '), rule: r.rule };
  });
  if (sort !== 'match') {
    rows.sort((a, b) => (a[sort] < b[sort] ? -1 : a[sort] > b[sort] ? 1 : 0));
  }
  const headers = { endpoint: 'Endpoint', methods: 'Methods', rule: 'Rule' };
  const width = (key: keyof typeof headers) => Math.max(headers[key].length, ...rows.map((r) => r[key].length));
  const widths = { endpoint: width('endpoint'), methods: width('methods'), rule: width('rule') };
  const line = (r: typeof headers) => `${r.endpoint.padEnd(widths.endpoint)}  ${r.methods.padEnd(widths.methods)}  ${r.rule}`.trimEnd();
  return [
    line(headers),
    line({ endpoint: '-'.repeat(widths.endpoint), methods: '-'.repeat(widths.methods), rule: '-'.repeat(widths.rule) }),
    ...rows.map(line),
  ].join('\n');
}
