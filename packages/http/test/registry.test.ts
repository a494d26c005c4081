import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ErrorHandlerRegistry,
  Forbidden,
  HTTPException,
  InternalServerError,
  NotFound,
  exceptionClassFor,
} from '../src/index.js';

test('code and class registrations share one slot (404 ≡ NotFound, 500 ≡ InternalServerError)', () => {
  const r = new ErrorHandlerRegistry();
  const a = () => 'a';
  const b = () => 'b';
  r.register(404, a);
  assert.equal(r.find(new NotFound()), a);
  r.register(NotFound, b);
  assert.equal(r.find(new NotFound()), b);
  r.register(InternalServerError, a);
  assert.equal(r.find(new InternalServerError()), a);
});

test('lookup order: code slot first (any class in the chain), then codeless by MRO', () => {
  const r = new ErrorHandlerRegistry();
  const generic = () => 'generic';
  const http = () => 'http';
  const code = () => 'code';
  r.register(Error, generic);
  r.register(HTTPException, http);
  assert.equal(r.find(new NotFound()), http);
  assert.equal(r.find(new TypeError()), generic);
  r.register(403, code);
  assert.equal(r.find(new Forbidden()), code);
  class Banned extends Forbidden {}
  assert.equal(r.find(new Banned()), code);
});

test('generated classes for other codes can be registered', () => {
  const r = new ErrorHandlerRegistry();
  const h = () => 'pay';
  const PaymentRequired = exceptionClassFor(402);
  r.register(PaymentRequired as unknown as typeof Error, h);
  assert.equal(r.find(PaymentRequired.fromOptions()), h);
});

test('empty, registerAll and bad keys', () => {
  const r = new ErrorHandlerRegistry();
  assert.equal(r.empty, true);
  r.registerAll({ 404: () => 'x' });
  assert.equal(r.empty, false);
  assert.throws(() => r.registerAll({ nope: () => 'x' } as never), /must be status codes/);
  assert.throws(() => r.register(404, 'x' as never), /must be a function/);
  assert.throws(() => r.register(402, () => 'x'), /'402' is not a recognized HTTP error code/);
});

test('lookupSlot lets scopes interleave like Flask blueprints (code slot of every scope first)', () => {
  const app = new ErrorHandlerRegistry().register(404, () => 'app 404');
  const blueprint = new ErrorHandlerRegistry().register(HTTPException, () => 'bp http');
  const chain = [NotFound, HTTPException, Error];
  const find = (code: number) => {
    for (const slot of [code, null]) {
      for (const scope of [blueprint, app]) {
        const hit = scope.lookupSlot(slot, chain);
        if (hit) return hit.handler;
      }
    }
    return undefined;
  };
  // Flask: an app 404 handler beats a blueprint HTTPException handler for abort(404).
  assert.equal(find(404)?.(new NotFound(), {} as never), 'app 404');
  assert.equal(find(403)?.(new Forbidden(), {} as never), 'bp http');
});
