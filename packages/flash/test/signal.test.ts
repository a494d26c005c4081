import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flash, onMessageFlashed, type MessageFlashedEvent } from '../src/index.js';

// Flask tests/test_signals.py::test_flash_signal.
test('message_flashed is sent with app, message and category, after the message is stored', () => {
  const app = { name: 'app' };
  const ctx = { app, session: {} as Record<string, unknown> };
  const events: Array<Omit<MessageFlashedEvent, 'ctx'> & { stored: unknown }> = [];
  const stop = onMessageFlashed(({ app: sender, message, category, ctx: c }) => {
    events.push({ app: sender, message, category, stored: (c as typeof ctx).session._flashes });
  });
  try {
    flash(ctx, 'This is a flash message', 'notice');
  } finally {
    stop();
  }
  assert.deepEqual(events, [
    { app, message: 'This is a flash message', category: 'notice', stored: [['notice', 'This is a flash message']] },
  ]);
  flash(ctx, 'after unsubscribe');
  assert.equal(events.length, 1, 'unsubscribe stops delivery');
});

test('the same listener subscribed twice is delivered twice and unsubscribed independently', () => {
  const seen: string[] = [];
  const listener = ({ message }: MessageFlashedEvent) => void seen.push(String(message));
  const stopA = onMessageFlashed(listener);
  const stopB = onMessageFlashed(listener);
  flash({ session: {} }, 'x');
  stopA();
  flash({ session: {} }, 'y');
  stopB();
  flash({ session: {} }, 'z');
  assert.deepEqual(seen, ['x', 'x', 'y']);
});

test('a throwing listener fails flash(); a rejecting one is reported on the app error event', async () => {
  const stop = onMessageFlashed(() => {
    throw new Error('listener broke');
  });
  assert.throws(() => flash({ session: {} }, 'x'), /listener broke/);
  stop();

  const reported: unknown[] = [];
  const app = { emit: (name: string, err: Error) => reported.push([name, err.message]) };
  const stopAsync = onMessageFlashed(async () => {
    throw new Error('async listener broke');
  });
  flash({ app, session: {} }, 'y');
  stopAsync();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(reported, [['error', 'async listener broke']]);
  assert.throws(() => onMessageFlashed('nope' as never), TypeError);
});
