// Type tests (compiled by tsc -p tsconfig.typetest.json, never run).
import type Koa from 'koa';
import {
  abort,
  applyReturnValue,
  errorHandlers,
  escape,
  HTTPException,
  HttpResponse,
  InternalServerError,
  jsonify,
  makeResponse,
  Markup,
  MethodNotAllowed,
  NotFound,
  redirect,
  type ErrorHandlerMap,
} from '../src/index.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

class ValidationError extends Error {
  field = 'name';
}

// abort never returns, so code after it is unreachable for narrowing.
function view(id: number | undefined): number {
  if (id === undefined) abort(404);
  return id;
}
void view;
type _abort = Expect<Equal<ReturnType<typeof abort>, never>>;

// The exception surface pinned in the contract.
declare const nf: NotFound;
type _code = Expect<Equal<typeof nf.code, number>>;
type _status = Expect<Equal<typeof nf.status, number>>;
type _headers = Expect<Equal<typeof nf.headers, Record<string, string>>>;
type _resp = Expect<Equal<ReturnType<typeof nf.toResponse>, HttpResponse>>;
type _body = Expect<Equal<ReturnType<typeof nf.getBody>, string>>;
new MethodNotAllowed(['GET'], 'custom');
new NotFound(new Markup('<b>safe</b>'));
// @ts-expect-error descriptions are text or markup
new NotFound(42);

type _redirect = Expect<Equal<ReturnType<typeof redirect>, HttpResponse>>;
type _json = Expect<Equal<ReturnType<typeof jsonify>, HttpResponse>>;
type _escape = Expect<Equal<ReturnType<typeof escape>, Markup>>;
makeResponse('x', 201, { 'X-A': '1' });
makeResponse('x', { 'X-A': '1' });
makeResponse('x', [['X-A', '1']]);

// Handlers by code get an HTTPException; by class, the class's instances.
errorHandlers({
  404: (err, ctx) => {
    type _err = Expect<Equal<typeof err, HTTPException>>;
    type _ctx = Expect<Equal<typeof ctx, Koa.Context>>;
    return err.description;
  },
})
  .register(ValidationError, (err) => {
    type _v = Expect<Equal<typeof err, ValidationError>>;
    return makeResponse({ field: err.field }, 422);
  })
  .register(500, (err) => (err as InternalServerError).originalException);

const pairs: ErrorHandlerMap = [
  [ValidationError, (err: ValidationError) => err.field],
  [404, () => 'nope'],
];
void pairs;
// @ts-expect-error handlers can only be registered for Error classes or codes
errorHandlers().register('404', () => 'x');
// @ts-expect-error the debug option is boolean
errorHandlers({}, { debug: 'yes' });

declare const ctx: Koa.Context;
applyReturnValue(ctx, { a: 1 }, { endpoint: 'index' });
