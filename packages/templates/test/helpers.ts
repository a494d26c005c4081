import { fileURLToPath } from 'node:url';
import { TemplateEnvironment, type TemplatesOptions } from '../src/index.js';

export const APP_TEMPLATES = fileURLToPath(new URL('./fixtures/app/templates', import.meta.url));
export const BP_TEMPLATES = fileURLToPath(new URL('./fixtures/bp/templates', import.meta.url));

/** An environment over the fixture folders (app first, then the blueprint). */
export function fixtureEnv(options: TemplatesOptions = {}): TemplateEnvironment {
  return new TemplateEnvironment({ folder: [APP_TEMPLATES, BP_TEMPLATES], ...options });
}

/** A minimal stand-in for a Koa context carrying what the template globals read. */
export function fakeCtx(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    request: { path: '/here', query: { foo: '42' } },
    session: { test: 'sess' },
    g: { foo: 'gee' },
    state: {},
    urlFor: (endpoint: string, values: Record<string, unknown> = {}, options: Record<string, unknown> = {}) => {
      const query = new URLSearchParams(Object.entries(values).map(([k, v]): [string, string] => [k, String(v)])).toString();
      return `/${endpoint}${query ? `?${query}` : ''}${options['anchor'] ? `#${String(options['anchor'])}` : ''}`;
    },
    ...extra,
  };
}
