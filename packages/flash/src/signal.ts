/**
 * Flask's `message_flashed` signal (flask.md §14): sent by `flash()` after the message is stored,
 * with the app as sender and `message`, `category` as arguments.
 */

/**
 * What a `message_flashed` subscriber receives.
 *
 * @example
 * onMessageFlashed((event: MessageFlashedEvent) => audit.log(event.category, String(event.message)));
 */
export interface MessageFlashedEvent {
  /** The sender: the Koa app of the request (Flask sends `current_app`). */
  readonly app: unknown;
  /** The Koa context the message was flashed on. */
  readonly ctx: object;
  readonly message: unknown;
  readonly category: string;
}

/**
 * A `message_flashed` subscriber. It may be async; its result is not awaited.
 *
 * @example
 * const toMetrics: MessageFlashedListener = ({ category }) => metrics.increment(`flash.${category}`);
 */
export type MessageFlashedListener = (event: MessageFlashedEvent) => unknown;

const listeners = new Set<MessageFlashedListener>();

/**
 * Subscribes to every `flash()` in the process (Flask: `message_flashed.connect(fn)`); returns
 * the function that unsubscribes. Filter on `event.app` when several apps share a process.
 *
 * @example
 * const stop = onMessageFlashed(({ message, category }) => metrics.increment(`flash.${category}`));
 * // later: stop();
 */
export function onMessageFlashed(listener: MessageFlashedListener): () => void {
  if (typeof listener !== 'function') throw new TypeError('onMessageFlashed(listener): listener must be a function');
  // Wrap so that subscribing the same function twice gives two independent subscriptions,
  // each removed by its own unsubscribe (blinker would de-duplicate; a Set of the raw function
  // would make the first unsubscribe silently drop the second subscriber).
  const entry: MessageFlashedListener = (event) => listener(event);
  listeners.add(entry);
  return function unsubscribe() {
    listeners.delete(entry);
  };
}

function reportAsync(event: MessageFlashedEvent, err: unknown): void {
  const app = event.app as { emit?: (name: string, ...args: unknown[]) => boolean } | undefined;
  const error = err instanceof Error ? err : new Error(`message_flashed listener rejected with ${String(err)}`);
  try {
    if (app && typeof app.emit === 'function') app.emit('error', error, event.ctx);
    else console.error(error);
  } catch (listenerError) {
    console.error(listenerError);
  }
}

/**
 * Calls every subscriber in subscription order. A subscriber that throws stops `flash()` with
 * that error, as a failing blinker receiver does; a rejected promise is reported on the app's
 * `error` event instead of becoming an unhandled rejection.
 */
export function sendMessageFlashed(event: MessageFlashedEvent): void {
  if (listeners.size === 0) return;
  for (const listener of [...listeners]) {
    const result = listener(event);
    if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function') {
      (result as PromiseLike<unknown>).then(undefined, (err: unknown) => reportAsync(event, err));
    }
  }
}
