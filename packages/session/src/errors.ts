/**
 * The error a request gets when the session store cannot be reached.
 */

/**
 * 503 Service Unavailable, raised when the session store (Redis) is down. It follows the
 * http-errors convention (`status`, `statusCode`, `expose`), so Koa and @kolba/http render a 503
 * page; the process keeps running and the next request tries the store again.
 *
 * @example
 * app.on('error', (err) => { if (err instanceof SessionUnavailable) metrics.increment('redis.down'); });
 */
export class SessionUnavailable extends Error {
  readonly status = 503;
  readonly statusCode = 503;
  readonly code = 503;
  readonly expose = true;
  /** Werkzeug's ServiceUnavailable description. */
  readonly description =
    'The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.';
  readonly headers: Record<string, string> = { 'Retry-After': '1' };
  constructor(cause?: unknown) {
    super('Service Unavailable', { cause });
    this.name = 'SessionUnavailable';
  }
}
