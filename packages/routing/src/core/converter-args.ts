/**
 * Werkzeug 3.1's converter-argument grammar (`parse_converter_args`, spec §1.3): the text between
 * the parentheses of `<int(min=1, max=9):n>` becomes positional and keyword arguments.
 *
 * @module
 */

/**
 * A parsed converter argument: Python's `None`/`True`/`False`, an int or float, or a string.
 * @example
 * ```ts
 * const arg: ConverterArg = 'x';
 * ```
 */
export type ConverterArg = null | boolean | number | string;

/**
 * Positional and keyword arguments of one placeholder.
 * @example
 * ```ts
 * const { args, kwargs }: ConverterArgs = parseConverterArgs('1, max=2');
 * ```
 */
export interface ConverterArgs {
  readonly args: readonly ConverterArg[];
  readonly kwargs: Readonly<Record<string, ConverterArg>>;
}

// Same alternation, in the same order, as Werkzeug's `_converter_args_re`. The unescaped `.` in
// `\d+.\d+` / `\d+.` is Werkzeug's (so `1,` is read as the string '1,', spec §1.3 quirk).
// `\w` is Unicode in Python; `[\p{L}\p{N}_]` is its JavaScript equivalent.
const ARG =
  /\s*(?:([\p{L}\p{N}_]+)\s*=\s*)?(True|False|\d+.\d+|\d+.|\d+|[\p{L}\p{N}_.]+|[urUR]?("[^"]*?"|'[^']*'))\s*,/gu;
const PY_INT = /^\d+(?:_\d+)*$/;
const PY_FLOAT = /^(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE]\d+(?:_\d+)*)?$/;

/** Werkzeug `_pythonize`: constants, then `int()`, then `float()`, then strip one pair of quotes. */
function pythonize(value: string): ConverterArg {
  if (value === 'None') return null;
  if (value === 'True') return true;
  if (value === 'False') return false;
  if (PY_INT.test(value)) return Number(value.replace(/_/g, ''));
  if (PY_FLOAT.test(value)) return Number(value.replace(/_/g, ''));
  const lower = value.toLowerCase();
  if (lower === 'inf' || lower === 'infinity') return Infinity;
  if (lower === 'nan') return Number.NaN;
  const first = value[0];
  if ((first === '"' || first === "'") && value.length > 1 && value.endsWith(first)) return value.slice(1, -1);
  return value;
}

/**
 * Parses converter arguments exactly like Werkzeug 3.1. Unparseable text *between* items throws
 * `Cannot parse converter argument '<text>'` (Werkzeug ≥ 3.0.2; 2.2 silently dropped it, turning
 * `min=-1` into `min=1`); trailing garbage after the last item is ignored, as in Werkzeug.
 *
 * @example
 * ```ts
 * parseConverterArgs('minlength=2, 3'); // { args: [3], kwargs: { minlength: 2 } }
 * parseConverterArgs('a, "c,d"');       // { args: ['a', 'c,d'], kwargs: {} }
 * ```
 */
export function parseConverterArgs(text: string): ConverterArgs {
  const source = `${text},`;
  const args: ConverterArg[] = [];
  const kwargs: Record<string, ConverterArg> = Object.create(null);
  let position = 0;
  ARG.lastIndex = 0;
  for (let m = ARG.exec(source); m; m = ARG.exec(source)) {
    if (m.index !== position) {
      throw new TypeError(`Cannot parse converter argument '${source.slice(position, m.index)}'`);
    }
    const value = pythonize(m[3] ?? m[2]!);
    if (m[1] === undefined) args.push(value);
    else kwargs[m[1]] = value;
    position = ARG.lastIndex;
  }
  return { args, kwargs };
}
