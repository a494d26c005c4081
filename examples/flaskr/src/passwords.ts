/**
 * Werkzeug's `generate_password_hash` / `check_password_hash`, on node:crypto's scrypt (the
 * format Werkzeug ≥ 2.3 uses by default: `scrypt:32768:8:1$salt$hex`).
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const N = 32768;
const R = 8;
const P = 1;

export function generatePasswordHash(password: string): string {
  const salt = randomBytes(12).toString('base64url');
  const hash = scryptSync(password, salt, 64, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 }).toString('hex');
  return `scrypt:${N}:${R}:${P}$${salt}$${hash}`;
}

export function checkPasswordHash(stored: string, password: string): boolean {
  const [method, salt, hash] = stored.split('$');
  const match = /^scrypt:(\d+):(\d+):(\d+)$/.exec(method ?? '');
  if (!match || salt === undefined || hash === undefined) return false;
  const [n, r, p] = match.slice(1).map(Number) as [number, number, number];
  const expected = Buffer.from(hash, 'hex');
  const actual = scryptSync(password, salt, expected.length, { N: n, r, p, maxmem: 64 * 1024 * 1024 });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
