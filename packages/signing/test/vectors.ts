// Locates and loads shared/spec/vectors/session_vectors.json (the Flask-generated test vectors).
// CI clones the repo with `shared/` beside it; locally it sits at ../shared from the repo root.
// Missing vectors fail loudly: a silently skipped conformance suite would prove nothing.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTuple, MarkupString, parseJson, tuple, UUID } from '../src/index.js';

const REL = join('shared', 'spec', 'vectors', 'session_vectors.json');

export function vectorsPath(): string {
  const tried: string[] = [];
  if (process.env.KOLBA_VECTORS) {
    tried.push(process.env.KOLBA_VECTORS);
    if (existsSync(process.env.KOLBA_VECTORS)) return process.env.KOLBA_VECTORS;
  }
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, REL);
    tried.push(candidate);
    if (existsSync(candidate)) return candidate;
    const parent = resolve(dir, '..');
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`session_vectors.json not found (set KOLBA_VECTORS or clone shared/ beside the repo). Tried:\n  ${tried.join('\n  ')}`);
}

type Obj = Record<string, unknown>;
export interface PositiveVector extends Obj {
  name: string;
  secret_key?: string;
  secret_key_hex?: string;
  timestamp: number;
  session_typed: unknown;
  decoded_typed: unknown;
  tagged_json: string;
  json_len: number;
  compressed: boolean;
  payload: string;
  timestamp_b64: string;
  derived_key_hex: string;
  signature_b64: string;
  cookie: string;
}
export interface CookieVector extends Obj {
  name: string;
  cookie: string;
  secret_key: string;
  now: number;
  expected_session: unknown;
}
export interface Vectors {
  positive_vectors: PositiveVector[];
  key_rotation: {
    config: { SECRET_KEY: string; SECRET_KEY_FALLBACKS: string[] };
    cookie_signed_with_old_key: string;
    cookie_signed_with_new_key: string;
    expected: { old_key_cookie_loads_as: unknown; new_key_cookie_loads_as: unknown; old_key_cookie_with_no_fallbacks_loads_as: unknown };
  };
  negative_vectors_expect_empty_session: CookieVector[];
  edge_vectors: CookieVector[];
  set_cookie_examples: Obj & { frozen_now: string; itsdangerous_timestamp: number };
}

/** Parsed with our own parser so the 20-digit integer in `numbers` stays exact (bigint). */
export function loadVectors(): Vectors {
  return toPlain(parseJson(readFileSync(vectorsPath(), 'utf8'))) as Vectors;
}

function toPlain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toPlain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlain(x)]));
  return v;
}

export function secretOf(v: { secret_key?: string; secret_key_hex?: string }): string | Buffer {
  return v.secret_key_hex !== undefined ? Buffer.from(v.secret_key_hex, 'hex') : v.secret_key!;
}

/** The README's language-neutral typed view → kolba values. */
export function fromTyped(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromTyped);
  if (v && typeof v === 'object') {
    const o = v as Obj;
    const keys = Object.keys(o);
    if (keys.length === 1) {
      const k = keys[0]!;
      const x = o[k];
      if (k === '$tuple') return tuple(...(x as unknown[]).map(fromTyped));
      if (k === '$bytes_hex') return Buffer.from(x as string, 'hex');
      if (k === '$markup') return new MarkupString(x as string);
      if (k === '$uuid') return new UUID(x as string);
      if (k === '$datetime_utc') return new Date(x as string);
    }
    return Object.fromEntries(keys.map((k) => [k, fromTyped(o[k])]));
  }
  return v;
}

/** kolba values → the typed view (plain objects), for deepStrictEqual against the vectors. */
export function toTyped(v: unknown): unknown {
  if (isTuple(v)) return { $tuple: [...v].map(toTyped) };
  if (Array.isArray(v)) return v.map(toTyped);
  if (Buffer.isBuffer(v)) return { $bytes_hex: v.toString('hex') };
  if (v instanceof MarkupString) return { $markup: v.__html__() };
  if (v instanceof UUID) return { $uuid: v.toString() };
  if (v instanceof Date) return { $datetime_utc: v.toISOString().replace('.000Z', '+00:00') };
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toTyped(x)]));
  return v;
}
