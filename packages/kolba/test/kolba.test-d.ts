// Type tests (compiled by tsc -p tsconfig.typetest.json, never run).
import { Blueprint, Kolba, afterThisRequest, type AfterRequestHook } from '../src/index.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

const app = new Kolba(import.meta.url);
app.get('/post/<int:id>/<slug>', (ctx) => {
  type _id = Expect<Equal<typeof ctx.params.id, number>>;
  type _slug = Expect<Equal<typeof ctx.params.slug, string>>;
  // @ts-expect-error not a variable of the rule
  return ctx.params.missing;
});
app.route('/page/<int:n>', { methods: ['GET', 'POST'], defaults: { extra: 'x' } }, (ctx) => {
  type _n = Expect<Equal<typeof ctx.params.n, number>>;
  type _extra = Expect<Equal<typeof ctx.params.extra, string>>;
  return 'ok';
});
// @ts-expect-error methods belong to route()
app.get('/x', { methods: ['POST'] }, () => 'x');

const bp = new Blueprint('bp', import.meta.url, { urlPrefix: '/bp' });
bp.get('/<float:v>', (ctx) => {
  type _v = Expect<Equal<typeof ctx.params.v, number>>;
  return ctx.request.blueprint ?? '';
});
app.registerBlueprint(bp, { urlPrefix: '/other' });

const hook: AfterRequestHook = (response) => {
  response.set('X', '1');
};
app.get('/h', (ctx) => {
  afterThisRequest(ctx, hook);
  afterThisRequest(hook);
  return 'h';
});
// @ts-expect-error an after-request hook is a function
app.afterRequest('nope');

// Config keys are typed, and users augment ConfigValues for their own.
declare module '../src/index.ts' {
  interface ConfigValues {
    DATABASE_URL?: string;
  }
}
type _secret = Expect<Equal<typeof app.config.SECRET_KEY, string | Buffer | null>>;
type _db = Expect<Equal<typeof app.config.DATABASE_URL, string | undefined>>;
// @ts-expect-error MAX_CONTENT_LENGTH is a number or null
app.config.MAX_CONTENT_LENGTH = '16mb';
const client = app.testClient();
void client.sessionTransaction((session) => {
  session.user_id = 1;
});
