// In-process micro-benchmark of @kolba/http's `jsonText` (Flask's jsonify bytes: sorted keys,
// ensure_ascii, Python float repr, trailing newline) against native JSON.stringify (unsorted,
// raw UTF-8, so not Flask's output: the floor, not a competitor).
// Run: npx tsc -b packages/http && node bench/http-json.mjs [--ms 1800] (per candidate and payload)
// To compare two versions, point KOLBA_HTTP_DIST at another build's dist/index.js.
const { jsonText } = await import(process.env.KOLBA_HTTP_DIST ?? '@kolba/http');
import { record } from './fixtures/data.mjs';
import { machineNote, markdownTable, int } from './lib/report.mjs';

const msArg = process.argv.indexOf('--ms');
const MS = msArg > 0 ? Number(process.argv[msArg + 1]) : 1800;

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
  ['S5 record + a Date', withDate],
];

function slice(fn, value, ms) {
  let sink = 0;
  let n = 0;
  const start = performance.now();
  const end = start + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) sink += fn(value).length;
    n += 50;
  }
  if (sink === 0) throw new Error('unreachable');
  return n / ((performance.now() - start) / 1000);
}

// The machine is shared: candidates run in alternating short slices over ROUNDS rounds and each
// reports its median, so a burst of load from elsewhere hits all of them alike.
const ROUNDS = 9;
function measureAll(candidates, value) {
  for (const fn of Object.values(candidates)) slice(fn, value, 50); // warm-up
  const samples = Object.fromEntries(Object.keys(candidates).map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [k, fn] of Object.entries(candidates)) samples[k].push(slice(fn, value, MS / ROUNDS));
  }
  const median = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
  return Object.fromEntries(Object.entries(samples).map(([k, a]) => [k, median(a)]));
}

const rows = [];
for (const [name, value] of payloads) {
  const m = measureAll({
    native: (v) => JSON.stringify(v),
    jsonText: (v) => jsonText(v),
    nativePretty: (v) => JSON.stringify(v, null, 2),
    pretty: (v) => jsonText(v, { debug: true }),
  }, value);
  rows.push([
    name,
    int(m.native),
    int(m.jsonText),
    `${(m.native / m.jsonText).toFixed(2)}×`,
    int(m.nativePretty),
    int(m.pretty),
    `${(m.nativePretty / m.pretty).toFixed(2)}×`,
  ]);
}
console.log(machineNote());
console.log();
console.log(markdownTable(
  ['payload', 'JSON.stringify ops/s', 'jsonText ops/s', 'native/jsonText', 'JSON.stringify indent 2', 'jsonText debug', 'native/debug'],
  rows,
));
