import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HTTPException, HttpResponse, InternalServerError, isHTTPException, Markup, NotFound, ServiceUnavailable } from '../src/index.js';

test('the exceptions follow http-errors conventions so Koa treats them as HTTP errors', () => {
  const nf = new NotFound();
  assert.ok(nf instanceof Error && nf instanceof HTTPException);
  assert.equal(nf.status, 404);
  assert.equal(nf.statusCode, 404);
  assert.equal(nf.expose, true);
  assert.equal(new InternalServerError().expose, false);
  assert.equal(new ServiceUnavailable().expose, false);
  nf.status = 410;
  assert.equal(nf.code, 410);
  assert.ok(isHTTPException(nf));
  assert.equal(isHTTPException(new Error('x')), false);
  assert.equal(isHTTPException({ status: 404 }), false);
});

test('a prepared response replaces the page', () => {
  const res = new HttpResponse('custom', 404);
  assert.equal(new NotFound(undefined, { response: res }).toResponse(), res);
});

test('user subclasses define code, name and description statically', () => {
  class PaymentRequired extends HTTPException {
    static override code = 402;
    static override statusName = 'Payment Required';
    static override description = 'Pay <now>.';
  }
  const e = new PaymentRequired();
  assert.equal(e.code, 402);
  assert.equal(e.getBody(), '<!doctype html>\n<html lang=en>\n<title>402 Payment Required</title>\n<h1>Payment Required</h1>\n<p>Pay &lt;now&gt;.</p>\n');
  assert.equal(new HTTPException().message, '??? Unknown Error: ');
});

test('getDescription escapes text, keeps markup, and turns newlines into <br>', () => {
  assert.equal(new NotFound('a\n<b>').getDescription(), 'a<br>&lt;b&gt;');
  const safe = new NotFound(new Markup('<i>x</i>\ny'));
  assert.equal(safe.descriptionIsSafe, true);
  assert.equal(safe.getDescription(), '<i>x</i><br>y');
  assert.equal(safe.description, '<i>x</i>\ny');
});

test('headers and cause options', () => {
  const cause = new Error('root');
  const e = new NotFound(undefined, { headers: { 'X-Reason': 'gone' }, cause });
  assert.equal(e.cause, cause);
  assert.equal(e.toResponse().getHeader('x-reason'), 'gone');
  assert.equal(e.toResponse().getHeader('content-type'), 'text/html; charset=utf-8');
});
