/**
 * Jinja filters that Flask templates use and nunjucks lacks (flask.md §9.6): `attr`, `map`,
 * `unique`, `min`, `max`, `format`, `filesizeformat`, `xmlattr`. Each follows Jinja 3.1's
 * definition in `jinja2/filters.py`; keyword arguments arrive as nunjucks' trailing
 * `__keywords` object.
 */
import { splitKeywords } from './kwargs.js';
import { isBlockedMember } from './member-guard.js';

/** A filter as registered on the engine (`this` is nunjucks' render context). */
type Filter = (this: unknown, value: never, ...args: never[]) => unknown;

// Jinja's make_attrgetter: "a.b" walks attributes, digit parts index sequences. `constructor`
// and the other names of member-guard.ts read as undefined here too (`map(attribute=…)`, `attr`).
function attribute(value: unknown, path: string | number): unknown {
  let current = value;
  for (const part of String(path).split('.')) {
    if (current === null || current === undefined || isBlockedMember(part)) return undefined;
    current = (current as Record<string, unknown>)[/^\d+$/.test(part) ? Number(part) : part];
  }
  return current;
}

function toList(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return [...value];
  if (value instanceof Map) return [...value.keys()];
  if (typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function') return [...(value as Iterable<unknown>)];
  return Object.keys(value as object);
}

// Jinja's ignore_case: strings compare lower-cased unless case_sensitive.
function keyFor(caseSensitive: boolean, attr: unknown) {
  return (item: unknown): unknown => {
    const value = attr === undefined || attr === null ? item : attribute(item, attr as string);
    return !caseSensitive && typeof value === 'string' ? value.toLowerCase() : value;
  };
}

function options(args: unknown[], names: string[]): Record<string, unknown> {
  const { positional, keywords } = splitKeywords(args);
  const out: Record<string, unknown> = {};
  names.forEach((name, i) => (out[name] = keywords[name] ?? positional[i]));
  return out;
}

function extreme(pick: 1 | -1) {
  return (value: unknown, ...args: unknown[]): unknown => {
    const { case_sensitive, attribute: attr } = options(args, ['case_sensitive', 'attribute']);
    const key = keyFor(case_sensitive === true, attr);
    let best: unknown;
    let bestKey: unknown;
    let first = true;
    for (const item of toList(value)) {
      const k = key(item);
      if (first || (pick === 1 ? (k as number) > (bestKey as number) : (k as number) < (bestKey as number))) {
        best = item;
        bestKey = k;
        first = false;
      }
    }
    return best;
  };
}

// Python's %-formatting for `"%s, %d%%"|format(a, b)` and `"%(name)s"|format(name=x)`.
const FORMAT = /%(?:\(([^)]*)\))?([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdifreEgGxXo%])/g;

function percentFormat(template: string, args: unknown[], named: Record<string, unknown>): string {
  let index = 0;
  return template.replace(FORMAT, (_match, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, type: string) => {
    if (type === '%') return '%';
    const value = key !== undefined ? named[key] : args[index++];
    let text: string;
    switch (type) {
      case 'd':
      case 'i':
        text = String(Math.trunc(Number(value)));
        break;
      case 'f':
      case 'e':
      case 'E':
      case 'g':
      case 'G': {
        const n = Number(value);
        const digits = precision === undefined ? 6 : Number(precision);
        text = type === 'f' ? n.toFixed(digits) : type.toLowerCase() === 'e' ? n.toExponential(digits) : String(Number(n.toPrecision(digits || 1)));
        if (type === 'E' || type === 'G') text = text.toUpperCase();
        break;
      }
      case 'x':
      case 'X':
      case 'o':
        text = Math.trunc(Number(value)).toString(type === 'o' ? 8 : 16);
        if (type === 'X') text = text.toUpperCase();
        break;
      case 'r':
        text = typeof value === 'string' ? `'${value}'` : String(value);
        break;
      default:
        text = value === undefined || value === null ? (value === null ? 'None' : '') : String(value);
        if (precision !== undefined) text = text.slice(0, Number(precision));
    }
    if (flags.includes('+') && /^[dieEfgG]$/.test(type) && !text.startsWith('-')) text = `+${text}`;
    if (width !== undefined && text.length < Number(width)) {
      const pad = flags.includes('-') ? 'end' : flags.includes('0') && type !== 's' ? 'zero' : 'start';
      const size = Number(width);
      text = pad === 'end' ? text.padEnd(size) : pad === 'zero' ? text.replace(/^([+-]?)/, (sign) => sign + '0'.repeat(size - text.length)) : text.padStart(size);
    }
    return text;
  });
}

function filesizeformat(value: unknown, ...args: unknown[]): string {
  const { binary } = options(args, ['binary']);
  const bytes = Number(value);
  const base = binary === true ? 1024 : 1000;
  const prefixes = binary === true
    ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB']
    : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
  let unit = base;
  let prefix = prefixes[0] as string;
  for (const [i, p] of prefixes.entries()) {
    unit = base ** (i + 2);
    prefix = p;
    if (bytes < unit) break;
  }
  return `${((base * bytes) / unit).toFixed(1)} ${prefix}`;
}

// CVE-2024-22195 / CVE-2024-34064 (Jinja 3.1.3 / 3.1.4): keys with spaces, `/`, `>` or `=`
// would inject extra attributes, so xmlattr refuses them.
const INVALID_ATTRIBUTE_KEY = /[\s/>=]/;

/**
 * The Jinja filters above, given the engine's escape (MarkupSafe rules) and safe-marking.
 *
 * @example
 * ```ts
 * for (const [name, fn] of Object.entries(jinjaFilters(escape, markSafe))) engine.addFilter(name, fn);
 * ```
 */
export function jinjaFilters(escape: (value: unknown) => { toString(): string }, markSafe: (html: string) => unknown): Record<string, Filter> {
  return {
    attr: (value: unknown, name: unknown) => attribute(value, String(name)),
    map(this: unknown, value: unknown, ...args: unknown[]): unknown[] {
      const { positional, keywords } = splitKeywords(args);
      const items = toList(value);
      if (keywords['attribute'] !== undefined) {
        return items.map((item) => attribute(item, keywords['attribute'] as string) ?? keywords['default']);
      }
      const [name, ...rest] = positional;
      const env = (this as { env: { getFilter(name: string): (...a: unknown[]) => unknown } }).env;
      const filter = env.getFilter(String(name));
      return items.map((item) => filter.call(this, item, ...rest));
    },
    unique(value: unknown, ...args: unknown[]): unknown[] {
      const { case_sensitive, attribute: attr } = options(args, ['case_sensitive', 'attribute']);
      const key = keyFor(case_sensitive === true, attr);
      const seen = new Set<unknown>();
      return toList(value).filter((item) => {
        const k = key(item);
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    },
    min: extreme(-1),
    max: extreme(1),
    format(value: unknown, ...args: unknown[]): string {
      const { positional, keywords } = splitKeywords(args);
      return percentFormat(String(value ?? ''), positional, keywords);
    },
    filesizeformat,
    xmlattr(value: unknown, ...args: unknown[]): unknown {
      const { autospace } = options(args, ['autospace']);
      const parts: string[] = [];
      for (const [key, item] of Object.entries((value ?? {}) as Record<string, unknown>)) {
        if (item === null || item === undefined) continue;
        if (INVALID_ATTRIBUTE_KEY.test(key)) throw new Error(`Invalid character in attribute name: ${JSON.stringify(key)}`);
        parts.push(`${escape(key).toString()}="${escape(item).toString()}"`);
      }
      const joined = parts.join(' ');
      return markSafe(joined && autospace !== false ? ` ${joined}` : joined);
    },
  } as Record<string, Filter>;
}
