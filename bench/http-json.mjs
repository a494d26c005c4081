// In-process micro-benchmark of @kolba/http's JSON encoder (Flask's jsonify bytes) against
// native JSON.stringify. Run: npx tsc -b packages/http && node bench/http-json.mjs [--ms 400]
// Prints a markdown table: ops/s per payload for JSON.stringify, the full Python-compatible
// encoder (`dumps`, the pre-fast-path jsonText), and jsonText (fast path + fallback).
import { dumps, jsonText } from '@kolba/http';
import { record } from './fixtures/data.mjs';
import { machineNote, markdownTable, int } from './lib/report.mjs';

const msArg = process.argv.indexOf('--ms');
const MS = msArg > 0 ? Number(process.argv[msArg + 1]) : 400;

const users = Array.from({ length: 20 }, (_, i) => ({
  id: i + 1,
  username: `user${i}`,
  email: `user${i}@example.com`,
  name: i % 3 === 0 ? `Zoë Łukasiewicz ${i}` : `User Number ${i}`,
  active: i % 2 === 0,
  score: i * 1.5 + 0.25,
  tags: ['a', 'b', `t${i}`],
  address: { city: 'Kraków', zip: '30-001', street: `Main St ${i}` },
  lastLogin: null,
}));
const withDate = { ...record, created: new Date(Date.UTC(2026, 10, 21)) };

const payloads = [
  ['20-user list (nested, some non-ASCII)', users],
  ['S5 record (20 keys)', record],
  ['S5 record + a Date (fallback)', withDate],
];

const full = (v) => `${dumps(v, { separators: [',', ':'] })}\n`;
const fullPretty = (v) => `${dumps(v, { indent: 2 })}\n`;

function measure(fn, value) {
  let sink = 0;
  for (let i = 0; i < 2000; i++) sink += fn(value).length; // warm-up
  let n = 0;
  const end = performance.now() + MS;
  const start = performance.now();
  while (performance.now() < end) {
    for (let i = 0; i < 200; i++) sink += fn(value).length;
    n += 200;
  }
  const secs = (performance.now() - start) / 1000;
  if (sink === 0) throw new Error('unreachable');
  return n / secs;
}

const rows = [];
for (const [name, value] of payloads) {
  if (jsonText(value) !== full(value)) throw new Error(`output differs for ${name}`);
  if (jsonText(value, { debug: true }) !== fullPretty(value)) throw new Error(`pretty output differs for ${name}`);
  const native = measure((v) => JSON.stringify(v), value);
  const old = measure(full, value);
  const now = measure((v) => jsonText(v), value);
  const pretty = measure((v) => jsonText(v, { debug: true }), value);
  const oldPretty = measure(fullPretty, value);
  rows.push([
    name,
    int(native),
    int(old),
    int(now),
    `${(native / old).toFixed(2)}×`,
    `${(native / now).toFixed(2)}×`,
    `${(now / old).toFixed(2)}×`,
    `${int(oldPretty)} → ${int(pretty)}`,
  ]);
}
console.log(machineNote());
console.log();
console.log(markdownTable(
  ['payload', 'JSON.stringify ops/s', 'full encoder ops/s', 'jsonText ops/s', 'native/full', 'native/jsonText', 'speed-up', 'debug (indent 2) full → jsonText'],
  rows,
));
