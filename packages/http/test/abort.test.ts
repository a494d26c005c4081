import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  abort,
  DEFAULT_EXCEPTIONS,
  HttpResponse,
  isAbortResponse,
  LookupError,
  Markup,
  MethodNotAllowed,
  NotFound,
  RequestedRangeNotSatisfiable,
  TooManyRequests,
  Unauthorized,
} from '../src/index.js';

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  assert.fail('expected a throw');
}

test('abort(code) raises the Werkzeug class for every code in the table', () => {
  for (const [code, cls] of DEFAULT_EXCEPTIONS) {
    const err = caught(() => abort(code));
    assert.ok(err instanceof (cls as unknown as typeof NotFound), `abort(${code})`);
    assert.equal((err as NotFound).code, code);
  }
});

test('abort(code, description) replaces the description; Markup stays unescaped', () => {
  const err = caught(() => abort(404, 'custom')) as NotFound;
  assert.equal(err.description, 'custom');
  const safe = caught(() => abort(404, new Markup('<b>x</b>'))) as NotFound;
  assert.match(safe.getBody(), /<p><b>x<\/b><\/p>/);
});

test('abort passes class-specific options', () => {
  const e405 = caught(() => abort(405, undefined, { validMethods: ['GET', 'POST'] })) as MethodNotAllowed;
  assert.ok(e405 instanceof MethodNotAllowed);
  assert.equal(e405.headers['Allow'], 'GET, POST');
  const e429 = caught(() => abort(429, null, { retryAfter: 60 })) as TooManyRequests;
  assert.equal(e429.headers['Retry-After'], '60');
  const e401 = caught(() => abort(401, null, { wwwAuthenticate: 'Basic realm="r"' })) as Unauthorized;
  assert.equal(e401.headers['WWW-Authenticate'], 'Basic realm="r"');
  const e416 = caught(() => abort(416, null, { length: 5 })) as RequestedRangeNotSatisfiable;
  assert.equal(e416.headers['Content-Range'], 'bytes */5');
});

test('abort with an unknown code raises LookupError like Werkzeug', () => {
  for (const code of [200, 302, 402, 900]) {
    const err = caught(() => abort(code));
    assert.ok(err instanceof LookupError);
    assert.equal((err as Error).message, `no exception for ${code}`);
  }
});

test('abort(response) raises a codeless exception carrying that exact response', () => {
  const res = new HttpResponse('hello', 418);
  const err = caught(() => abort(res));
  assert.ok(isAbortResponse(err));
  assert.equal(err.toResponse(), res);
  assert.equal(err.code, 418);
  assert.equal(isAbortResponse(new NotFound()), false);
});

test('createAbort adds codes Werkzeug has no class for, like Aborter(extra=...)', async () => {
  const { HTTPException, createAbort } = await import('../src/index.js');
  class PaymentRequired extends HTTPException {
    static override code = 402;
    static override statusName = 'Payment Required';
    static override description = 'Pay first.';
  }
  const customAbort = createAbort({ 402: PaymentRequired });
  const err = caught(() => customAbort(402, 'now'));
  assert.ok(err instanceof PaymentRequired);
  assert.equal((err as InstanceType<typeof PaymentRequired>).description, 'now');
  assert.ok(caught(() => customAbort(404)) instanceof NotFound);
  assert.ok(caught(() => customAbort(999)) instanceof LookupError);
  assert.ok(caught(() => abort(402)) instanceof LookupError, 'the default abort is unchanged');
});
