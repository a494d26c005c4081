/**
 * `zlib.deflateSync` output at a fraction of its cost for session-sized payloads, and a plain
 * bounded `inflateSync`.
 *
 * Why deflate has a fast path: `deflateSync` builds a new zlib stream per call (a Transform
 * stream plus ~256 KB of native state). On the typical 155-byte session that is 21.6 µs against
 * 8.3 µs for one long-lived handle that is reset and reused (`bench/session-zlib.mjs`, recorded
 * in bench/results-session.md), and Flask's rule compresses on every write. The reuse touches
 * Node's undocumented zlib handle (`_handle.writeSync`, `_writeState`, `reset`, stable since
 * Node 10), so it is fenced in: a self-check at first use compares it byte for byte with
 * `deflateSync`; a missing or changed internal, a self-check mismatch, an exception, or an output
 * that does not fit the buffer all use `deflateSync`, whose bytes are the same. The input is our
 * own JSON, never attacker bytes. The calls are synchronous, so one shared handle is never used
 * concurrently.
 *
 * Why inflate has none: the same trick saved ~1 µs per read (5.2 → 4.1 µs), and the read path
 * is where hostile bytes arrive (zlib bombs, truncated and corrupt streams); the public
 * `inflateSync` with `maxOutputLength` is the whole guard there.
 */
import zlib from 'node:zlib';

interface ZlibHandle {
  writeSync(flush: number, input: Buffer, inOff: number, inLen: number, out: Buffer, outOff: number, outLen: number): void;
  reset(): void;
}

/** A deflate engine: the compressed bytes, or undefined to ask `deflateSync` instead. */
export type FastDeflate = (input: Buffer) => Buffer | undefined;

const OUT_SIZE = 8192;
const PROBE = Buffer.from('{"_flashes":[{" t":["message","self-test self-test self-test"]}],"user_id":42}');
const never: FastDeflate = () => undefined;
// undefined: not built yet (built on first use); `never`: the public API only.
let fast: FastDeflate | undefined;

/**
 * Builds the reused-handle deflate from a fresh `zlib.Deflate` stream (or `create()`, for
 * tests), and returns it only if it reproduces `deflateSync` byte for byte on a probe, twice
 * (the second run proves that `reset()` really resets). Undefined when anything is off.
 *
 * @example
 * const engine = makeFastDeflate(); // undefined if Node's zlib internals changed
 * engine?.(Buffer.from('{"a":1}'));
 */
export function makeFastDeflate(create: () => unknown = () => new zlib.Deflate()): FastDeflate | undefined {
  try {
    const stream = create() as { _handle?: ZlibHandle; _writeState?: Uint32Array } | null;
    const handle = stream?._handle;
    const state = stream?._writeState;
    if (!handle || typeof handle.writeSync !== 'function' || typeof handle.reset !== 'function' || !(state instanceof Uint32Array)) return undefined;
    const out = Buffer.allocUnsafe(OUT_SIZE);
    const run: FastDeflate = (input) => {
      try {
        handle.writeSync(zlib.constants.Z_FINISH, input, 0, input.length, out, 0, OUT_SIZE);
        const availOut = state[0]!;
        const availIn = state[1]!;
        // Output filled the buffer or input left over: the stream did not finish in one go.
        if (availOut === 0 || availIn !== 0) return undefined;
        return Buffer.from(out.subarray(0, OUT_SIZE - availOut));
      } finally {
        handle.reset();
      }
    };
    for (let i = 0; i < 2; i++) {
      const got = run(PROBE);
      if (!got || !got.equals(zlib.deflateSync(PROBE))) return undefined;
    }
    return run;
  } catch {
    return undefined;
  }
}

/**
 * Chooses the deflate engine: `'auto'` (the default: the reused handle if its self-check
 * passes), `'public'` (`zlib.deflateSync` only; `bench/session.mjs` measures with it), or an
 * engine of your own (tests use this to force the fallback). Internal: not exported from the
 * package entry.
 *
 * @example
 * setDeflateEngine('public'); // every deflate() is zlib.deflateSync from now on
 */
export function setDeflateEngine(engine: 'auto' | 'public' | FastDeflate): void {
  fast = engine === 'auto' ? undefined : engine === 'public' ? never : engine;
}

/** Which engine `deflate()` is using now (for tests and diagnostics). */
export function deflateEngine(): 'unresolved' | 'public' | 'fast' {
  return fast === undefined ? 'unresolved' : fast === never ? 'public' : 'fast';
}

/**
 * Exactly `zlib.deflateSync(input)` (zlib format, level 6, default window and memory).
 *
 * @example
 * deflate(Buffer.from('x'.repeat(100))).equals(zlib.deflateSync(Buffer.from('x'.repeat(100)))); // true
 */
export function deflate(input: Buffer): Buffer {
  if (input.length < OUT_SIZE / 2) {
    fast ??= makeFastDeflate() ?? never;
    try {
      const out = fast(input);
      if (out) return out;
    } catch {
      fast = never; // internals changed under us: stay on the public API
    }
  }
  return zlib.deflateSync(input);
}

/**
 * `zlib.inflateSync(input, { maxOutputLength: maxSize })`: the result, or its error
 * (`RangeError` beyond `maxSize`, a zlib bomb; zlib errors for bad data).
 *
 * @example
 * inflate(zlib.deflateSync(Buffer.from('hi')), 1024).toString(); // "hi"
 */
export function inflate(input: Buffer, maxSize: number): Buffer {
  return zlib.inflateSync(input, { maxOutputLength: maxSize });
}
