#!/usr/bin/env node
// Does @kolba/signing's reused zlib handle (src/zlib-fast.ts, Node's undocumented handle API)
// earn its risk? Compares it with the public zlib.deflateSync on the typical compressed session
// payload (≈155 bytes of JSON), interleaved, best of N rounds; and prices the read path's public
// inflateSync({ maxOutputLength }). (The reused inflate handle was measured at 4.1 µs against
// 5.2 µs and removed; see bench/results-session.md.)
//
//   npx tsc -b packages/signing && node bench/session-zlib.mjs
import zlib from 'node:zlib';
import { deflate, makeFastDeflate } from '../packages/signing/dist/zlib-fast.js';

const json = Buffer.from(
  '{"_flashes":[{" t":["message","Item 3 saved successfully"]}],"_permanent":true,"csrf_token":"3f6c1d2ab9e04f7d8c5b6a7e9d0c1b2a3f4e5d6c","n":12,"user_id":42}',
);
const z = zlib.deflateSync(json);
const MAX = 1024 * 1024;
const cases = {
  'deflate, reused handle': ((f) => () => f(json))(makeFastDeflate()),
  'deflate, zlib.deflateSync': () => zlib.deflateSync(json),
  'deflate() as shipped (engine chosen by the self-check)': () => deflate(json),
  'inflate, zlib.inflateSync + maxOutputLength': () => zlib.inflateSync(z, { maxOutputLength: MAX }),
};
const N = 5000;
const best = Object.fromEntries(Object.keys(cases).map((k) => [k, Infinity]));
for (const f of Object.values(cases)) for (let i = 0; i < 2000; i++) f();
for (let r = 0; r < 15; r++) {
  for (const [k, f] of Object.entries(cases)) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) f();
    best[k] = Math.min(best[k], Number(process.hrtime.bigint() - t) / N / 1000);
  }
}
console.log(`payload: ${json.length} bytes of JSON → ${z.length} bytes deflated; best of 15 rounds × ${N}`);
console.log('| operation | µs per call |');
console.log('|---|---:|');
for (const [k, v] of Object.entries(best)) console.log(`| ${k} | ${v.toFixed(2)} |`);
