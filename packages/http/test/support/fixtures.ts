// Loads the responses recorded from real Werkzeug/Flask by test/fixtures/generate-fixtures.py.
import { readFileSync } from 'node:fs';

export interface RecordedResponse {
  status: number;
  statusLine?: string;
  headers: Array<[string, string]>;
  body: string;
  bodyBase64: string;
  error?: string;
}

export interface Fixtures {
  exceptions: Record<string, RecordedResponse & { class: string; name: string; description: string; str: string }>;
  variants: Record<string, RecordedResponse>;
  redirects: Record<string, RecordedResponse>;
  views: Record<string, RecordedResponse>;
  jsonify: Record<string, RecordedResponse>;
}

export const fixtures: Fixtures = JSON.parse(
  readFileSync(new URL('../fixtures/werkzeug-fixtures.json', import.meta.url), 'utf8'),
) as Fixtures;

/** Recorded headers without Content-Length (Koa computes it; compared separately). */
export function headersOf(rec: RecordedResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of rec.headers) if (k !== 'Content-Length') out[k.toLowerCase()] = out[k.toLowerCase()] ? `${out[k.toLowerCase()]}, ${v}` : v;
  return out;
}

export function contentLength(rec: RecordedResponse): string | undefined {
  return rec.headers.find(([k]) => k === 'Content-Length')?.[1];
}
