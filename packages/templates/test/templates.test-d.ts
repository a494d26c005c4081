// Type tests (compiled by tsc -p tsconfig.typetest.json, never run).
import type Koa from 'koa';
import type { Readable } from 'node:stream';
import {
  renderTemplate,
  renderTemplateString,
  streamTemplate,
  templates,
  TemplateEnvironment,
  type TemplatesMiddleware,
} from '../src/index.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

const mw = templates({
  folder: ['templates', new URL('file:///srv/bp/templates')],
  config: { DEBUG: true },
  contextProcessors: [(ctx) => ({ path: (ctx?.request as { path?: string } | undefined)?.path }), async () => ({ year: 2026 })],
  filters: { shout: (s: string) => s.toUpperCase() },
  tests: { even: (n: number) => n % 2 === 0 },
});
type _mw = Expect<Equal<typeof mw, TemplatesMiddleware>>;
type _env = Expect<Equal<typeof mw.environment, TemplateEnvironment>>;

// @ts-expect-error folder must be a path or URL
templates({ folder: 42 });
// @ts-expect-error filters are functions
templates({ filters: { bad: 'x' } });

declare const ctx: Koa.Context;
type _render = Expect<Equal<ReturnType<typeof renderTemplate>, Promise<string>>>;
type _string = Expect<Equal<ReturnType<typeof renderTemplateString>, Promise<string>>>;
type _stream = Expect<Equal<ReturnType<typeof streamTemplate>, Promise<Readable>>>;
void renderTemplate(ctx, ['a.html', 'b.html'], { x: 1 });
type _ctxEnv = Expect<Equal<typeof ctx.templateEnv, TemplateEnvironment | undefined>>;
// @ts-expect-error the context is an object of names
void renderTemplate(ctx, 'a.html', 'not an object');
