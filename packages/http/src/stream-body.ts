/**
 * Streamed bodies from generators and async iterables (Flask's `stream_with_context` /
 * generator responses), with the first chunk fetched before the headers go out.
 *
 * Werkzeug's server calls `start_response` lazily: when a generator fails before yielding its
 * first chunk, no header has been sent and the client gets a proper 500 page (or the status of
 * an `abort()` raised there). Koa pipes the body only after the middleware chain has returned,
 * so `errorHandlers()` calls {@link primeBody} first: a failure at the start of the stream then
 * goes through the error handlers like any error raised in the view. Failures after the first
 * chunk can only cut the connection, as in Flask.
 */
import { Readable } from 'node:stream';

const PRIME = Symbol.for('kolba.http.primeBody');

// Flask streams str chunks as UTF-8 and bytes as-is; anything else fails mid-stream.
async function* chunks(source: AsyncIterable<unknown> | Iterable<unknown>): AsyncGenerator<Buffer> {
  for await (const chunk of source as AsyncIterable<unknown>) {
    if (typeof chunk === 'string') yield Buffer.from(chunk, 'utf8');
    else if (chunk instanceof Uint8Array) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    else if (chunk != null) throw new TypeError(`A streamed response chunk must be a string or bytes, not ${chunkType(chunk)}`);
  }
}

function chunkType(value: unknown): string {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'object' && value !== null) return (value as object).constructor?.name ?? 'object';
  return typeof value;
}

/**
 * A Readable over `source` whose first chunk can be fetched ahead by {@link primeBody}.
 *
 * @example
 * ```ts
 * ctx.body = streamBody((function* () { yield 'a'; yield 'b'; })());
 * ```
 */
export function streamBody(source: AsyncIterable<unknown> | Iterable<unknown>): Readable {
  const gen = chunks(source);
  let head: Promise<IteratorResult<Buffer>> | undefined;
  async function* body(): AsyncGenerator<Buffer> {
    const first = await (head ?? gen.next());
    if (first.done) return;
    yield first.value;
    yield* gen;
  }
  const stream = Readable.from(body());
  // A response dropped before it was read (an error page replaced it, the client left) must
  // still close the source, e.g. a database cursor behind the generator.
  stream.once('close', () => {
    gen.return(undefined).catch(() => undefined);
  });
  Object.defineProperty(stream, PRIME, {
    value: (): Promise<void> => (head ??= gen.next()).then(() => undefined),
  });
  return stream;
}

/**
 * Fetches the first chunk of a body made by {@link streamBody}, so an error raised before it
 * rejects here (while the status can still change) instead of cutting the connection later.
 * Returns undefined for any other body.
 *
 * @example
 * ```ts
 * await next();
 * await primeBody(ctx.body); // throws what the generator threw before its first chunk
 * ```
 */
export function primeBody(body: unknown): Promise<void> | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const prime = (body as Record<symbol, unknown>)[PRIME];
  return typeof prime === 'function' ? (prime as () => Promise<void>)() : undefined;
}
