import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotFound, RequestedRangeNotSatisfiable, isHTTPException } from '@kolba/http';
import { notFound, rangeNotSatisfiable } from '../src/errors.js';

test('refusals are @kolba/http NotFound, so errorhandler(404 | NotFound) catches them', () => {
  assert.throws(notFound, (err: unknown) => err instanceof NotFound && isHTTPException(err) && err.status === 404);
});

test('416 carries Content-Range: bytes */length and is exposed like any 4xx', () => {
  assert.throws(
    () => rangeNotSatisfiable(20),
    (err: unknown) =>
      err instanceof RequestedRangeNotSatisfiable && err.headers['Content-Range'] === 'bytes */20' && err.expose === true,
  );
});
