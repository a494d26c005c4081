import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BadRequestKeyError,
  DEFAULT_EXCEPTIONS,
  exceptionClassFor,
  HTTPException,
  InternalServerError,
  Markup,
  MethodNotAllowed,
  NotFound,
  RequestedRangeNotSatisfiable,
  ServiceUnavailable,
  TooManyRequests,
  Unauthorized,
  BadRequest,
  Forbidden,
} from '../src/index.js';
import * as http from '../src/index.js';
import { fixtures, headersOf, type RecordedResponse } from './support/fixtures.js';

function assertMatches(exc: HTTPException, rec: RecordedResponse): void {
  const res = exc.toResponse();
  assert.equal(res.status, rec.status);
  assert.equal(res.body, rec.body);
  assert.equal(Buffer.byteLength(res.body as string), Number(rec.headers.find(([k]) => k === 'Content-Length')?.[1]));
  const got: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) got[k.toLowerCase()] = String(v);
  assert.deepEqual(got, headersOf(rec));
}

test('every Werkzeug 3.1 class exists with its name, code and byte-exact default page', () => {
  const codes = Object.keys(fixtures.exceptions).map(Number);
  assert.deepEqual([...DEFAULT_EXCEPTIONS.keys()].sort((a, b) => a - b), codes);
  for (const [code, rec] of Object.entries(fixtures.exceptions)) {
    const cls = (http as unknown as Record<string, typeof HTTPException>)[rec.class];
    assert.ok(cls, `missing export ${rec.class}`);
    assert.equal(DEFAULT_EXCEPTIONS.get(Number(code)), cls);
    const exc = new cls();
    assert.equal(exc.name, rec.class);
    assert.equal(exc.code, Number(code));
    assert.equal(exc.statusName, rec.name);
    assert.equal(exc.description, rec.description);
    assert.equal(exc.message, rec.str);
    assertMatches(exc, rec);
  }
});

test('custom descriptions are escaped and newlines become <br>; Markup is not escaped', () => {
  assertMatches(new NotFound('a <b> & "c"\nline2'), fixtures.variants.custom_description!);
  assertMatches(new NotFound(new Markup('<em>gone</em>\nbye')), fixtures.variants.markup_description!);
  assertMatches(new BadRequest("<script>alert('x')</script>"), fixtures.variants.xss_description!);
  assertMatches(new Forbidden(''), fixtures.variants.empty_description!);
});

test('class-specific headers: Allow, Retry-After, Content-Range', () => {
  assertMatches(new MethodNotAllowed(['GET', 'HEAD', 'POST']), fixtures.variants.method_not_allowed!);
  assertMatches(new MethodNotAllowed([]), fixtures.variants.method_not_allowed_empty!);
  assertMatches(new TooManyRequests(undefined, { retryAfter: 120 }), fixtures.variants.retry_after_seconds!);
  assertMatches(new TooManyRequests(undefined, { retryAfter: 0 }), fixtures.variants.retry_after_zero!);
  assertMatches(
    new ServiceUnavailable(undefined, { retryAfter: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) }),
    fixtures.variants.retry_after_date!,
  );
  assertMatches(new RequestedRangeNotSatisfiable(20), fixtures.variants.range_length!);
  assert.deepEqual(new MethodNotAllowed(new Set(['PUT'])).validMethods, ['PUT']);
});

test('Unauthorized sends WWW-Authenticate only when given', () => {
  assert.equal(new Unauthorized().headers['WWW-Authenticate'], undefined);
  assert.equal(new Unauthorized(undefined, { wwwAuthenticate: 'Basic realm="x"' }).headers['WWW-Authenticate'], 'Basic realm="x"');
  assert.equal(
    new Unauthorized(undefined, { wwwAuthenticate: ['Basic realm="x"', 'Bearer'] }).headers['WWW-Authenticate'],
    'Basic realm="x", Bearer',
  );
  // Werkzeug sends one header per challenge (spec werkzeug.md §7.3).
  const res = new Unauthorized(undefined, { wwwAuthenticate: ['Basic realm="x"', 'Bearer'] }).toResponse();
  assert.deepEqual(res.getHeader('www-authenticate'), ['Basic realm="x"', 'Bearer']);
});

test('BadRequestKeyError shows the key only in debug (show_exception)', () => {
  const plain = new BadRequestKeyError('foo');
  assert.equal(plain.getBody(), new BadRequest().getBody());
  assert.ok(plain instanceof BadRequest);
  assertMatches(new BadRequestKeyError('foo', { showException: true }), fixtures.variants.bad_request_key_error_debug!);
  const later = new BadRequestKeyError('foo');
  later.showException = true;
  later.showException = true; // idempotent, like setting Werkzeug's attribute twice
  assertMatches(later, fixtures.variants.bad_request_key_error_debug!);
});

test('InternalServerError keeps originalException and cause', () => {
  const boom = new Error('boom');
  const e = new InternalServerError(undefined, { originalException: boom, cause: boom });
  assert.equal(e.originalException, boom);
  assert.equal(e.cause, boom);
  assert.equal(new InternalServerError().originalException, undefined);
});

test('exceptionClassFor maps codes without a Werkzeug class to a stable generated class', () => {
  assert.equal(exceptionClassFor(404), NotFound);
  const cls = exceptionClassFor(402);
  assert.equal(exceptionClassFor(402), cls);
  const e = cls.fromOptions();
  assert.equal(e.code, 402);
  assert.equal(e.statusName, 'Payment Required');
  assert.match(e.getBody(), /<title>402 Payment Required<\/title>/);
});
