/**
 * `zlib.deflateSync` / `inflateSync` results at a fraction of their cost for session-sized payloads.
 *
 * Why: `deflateSync` builds a new zlib stream per call (a Transform stream plus ~256 KB of native
 * state), which costs more than everything else in signing a cookie together (~20 µs of ~30).
 * Flask's rule tries zlib on every write, so one long-lived deflate handle is reset and reused
 * instead (`deflateReset` keeps the memory). This touches Node's undocumented zlib handle
 * (`_handle.writeSync`, `_writeState`, `reset`), stable since Node 10, so it is fenced in:
 * a start-up self-test compares it byte for byte with `deflateSync`, any surprise (or a payload
 * whose output would not fit the buffer) uses `deflateSync`, and the output is the same bytes
 * either way. The calls are synchronous, so one shared handle cannot be used concurrently.
 */
import zlib from 'node:zlib';

interface ZlibHandle {
  writeSync(flush: number, input: Buffer, inOff: number, inLen: number, out: Buffer, outOff: number, outLen: number): void;
  reset(): void;
  onerror: (message: string, errno: number) => void;
}

const OUT_SIZE = 8192;
let fast: ((input: Buffer) => Buffer | undefined) | undefined;

function makeFast(): ((input: Buffer) => Buffer | undefined) | undefined {
  try {
    const stream = new zlib.Deflate() as unknown as { _handle?: ZlibHandle; _writeState?: Uint32Array };
    const handle = stream._handle;
    const state = stream._writeState;
    if (!handle || typeof handle.writeSync !== 'function' || typeof handle.reset !== 'function' || !(state instanceof Uint32Array)) return undefined;
    const out = Buffer.allocUnsafe(OUT_SIZE);
    const run = (input: Buffer): Buffer | undefined => {
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
    const probe = Buffer.from('{"_flashes":[{" t":["message","self-test self-test self-test"]}],"user_id":42}');
    for (let i = 0; i < 2; i++) {
      const got = run(probe);
      if (!got || !got.equals(zlib.deflateSync(probe))) return undefined;
    }
    return run;
  } catch {
    return undefined;
  }
}

/**
 * Exactly `zlib.deflateSync(input)` (zlib format, level 6, default window and memory).
 *
 * @example
 * deflate(Buffer.from('x'.repeat(100))).equals(zlib.deflateSync(Buffer.from('x'.repeat(100)))); // true
 */
export function deflate(input: Buffer): Buffer {
  if (input.length < OUT_SIZE / 2) {
    fast ??= makeFast() ?? (() => undefined);
    try {
      const out = fast(input);
      if (out) return out;
    } catch {
      fast = () => undefined; // internals changed under us: stay on the public API
    }
  }
  return zlib.deflateSync(input);
}

// Inflate: the same idea for the read path, but only for the common case. Anything unusual —
// a data error, a truncated stream, trailing bytes, output larger than the fast buffer (a zlib
// bomb included) — goes to `inflateSync` with `maxOutputLength`, which decides and reports it.
const INFLATE_OUT = 16384;
let fastInflate: ((input: Buffer) => Buffer | undefined) | undefined;

function makeFastInflate(): ((input: Buffer) => Buffer | undefined) | undefined {
  try {
    const stream = new zlib.Inflate() as unknown as { _handle?: ZlibHandle; _writeState?: Uint32Array };
    const handle = stream._handle;
    const state = stream._writeState;
    if (!handle || typeof handle.writeSync !== 'function' || typeof handle.reset !== 'function' || !(state instanceof Uint32Array)) return undefined;
    const out = Buffer.allocUnsafe(INFLATE_OUT);
    let failed = false;
    // Our own error hook: Node's default one would destroy the stream (and the handle with it).
    handle.onerror = () => {
      failed = true;
    };
    const run = (input: Buffer): Buffer | undefined => {
      failed = false;
      try {
        handle.writeSync(zlib.constants.Z_FINISH, input, 0, input.length, out, 0, INFLATE_OUT);
        const availOut = state[0]!;
        const availIn = state[1]!;
        if (failed || availOut === 0 || availIn !== 0) return undefined;
        return Buffer.from(out.subarray(0, INFLATE_OUT - availOut));
      } finally {
        handle.reset();
      }
    };
    const probe = zlib.deflateSync(Buffer.from('{"self":"test test test test"}'));
    if (!run(probe)?.equals(zlib.inflateSync(probe))) return undefined;
    if (run(Buffer.from('not zlib')) !== undefined) return undefined; // errors must be detected
    if (!run(probe)?.equals(zlib.inflateSync(probe))) return undefined; // and recovered from
    return run;
  } catch {
    return undefined;
  }
}

/**
 * Exactly `zlib.inflateSync(input, { maxOutputLength: maxSize })`: the result, or its error
 * (`RangeError` beyond `maxSize`, zlib errors for bad data).
 *
 * @example
 * inflate(zlib.deflateSync(Buffer.from('hi')), 1024).toString(); // "hi"
 */
export function inflate(input: Buffer, maxSize: number): Buffer {
  if (maxSize >= INFLATE_OUT) {
    fastInflate ??= makeFastInflate() ?? (() => undefined);
    try {
      const out = fastInflate(input);
      if (out) return out;
    } catch {
      fastInflate = () => undefined;
    }
  }
  return zlib.inflateSync(input, { maxOutputLength: maxSize });
}
