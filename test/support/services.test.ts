import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireService, startFlask, startRedis } from './services.js';
import { connect } from 'node:net';

test('startFlask serves a real Flask app on loopback', async (t) => {
  if (!requireService(t, 'flask')) return;
  const flask = await startFlask(`
from flask import Flask
app = Flask(__name__)
@app.get("/ping")
def ping():
    return "pong"
`);
  try {
    const res = await fetch(`${flask.url}/ping`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'pong');
  } finally {
    await flask.stop();
  }
});

test('startRedis answers PING', async (t) => {
  if (!requireService(t, 'redis')) return;
  const redis = await startRedis();
  try {
    const reply = await new Promise<string>((resolve, reject) => {
      const sock = connect(redis.port, '127.0.0.1', () => sock.write('PING\r\n'));
      sock.once('data', (d) => { resolve(d.toString()); sock.destroy(); });
      sock.once('error', reject);
    });
    assert.equal(reply, '+PONG\r\n');
  } finally {
    await redis.stop();
  }
});
