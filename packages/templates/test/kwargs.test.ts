import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitKeywords } from '../src/kwargs.js';

test('splits nunjucks\' trailing keyword object from positional arguments', () => {
  assert.deepEqual(splitKeywords(['a', { x: 1, __keywords: true }]), { positional: ['a'], keywords: { x: 1 } });
  assert.deepEqual(splitKeywords(['a', { x: 1 }]), { positional: ['a', { x: 1 }], keywords: {} });
  assert.deepEqual(splitKeywords([]), { positional: [], keywords: {} });
});
