// RouterNode: prefix joining, lazy compilation, endpoint ownership across a tree.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RouterNode, joinRule } from '../src/tree.js';

const view = (): string => 'v';
const def = (rule: string, endpoint: string) => ({ rule, endpoint, methods: ['GET'], options: {}, middleware: [view] });

describe('joinRule', () => {
  it("joins like Flask's blueprint url_prefix", () => {
    assert.equal(joinRule('', '/bar'), '/bar');
    assert.equal(joinRule('/foo', ''), '/foo');
    assert.equal(joinRule('/foo/', ''), '/foo/');
    assert.equal(joinRule('/foo', 'bar'), '/foo/bar');
    assert.equal(joinRule('/foo//', '//bar'), '/foo/bar');
  });
});

describe('RouterNode', () => {
  it('compiles lazily and recompiles after a change anywhere below', () => {
    const root = new RouterNode({});
    const child = new RouterNode({});
    root.mount('/c', child);
    const first = root.table();
    assert.equal(root.table(), first);
    child.addRoute(def('/x', 'x'), view);
    const second = root.table();
    assert.notEqual(second, first);
    assert.equal(second.map.match('/c/x', 'GET').kind, 'match');
    assert.equal(child.root(), root);
  });

  it('does not register a rule that fails validation', () => {
    const node = new RouterNode({});
    assert.throws(() => node.addRoute(def('/<int:>', 'bad'), view), /malformed url rule/);
    assert.equal(node.table().map.rules.length, 0);
  });

  it('lets one view own an endpoint under several rules, but not two views', () => {
    const node = new RouterNode({});
    node.addRoute(def('/a', 'e'), view);
    node.addRoute(def('/b', 'e'), view);
    assert.throws(() => node.addRoute(def('/c', 'e'), () => 'other'), /overwriting an existing endpoint function: e/);
    assert.equal(node.table().map.rules.length, 2);
  });

  it('gives each router its own failure key for allowedMethods', () => {
    assert.notEqual(new RouterNode({}).failureKey, new RouterNode({}).failureKey);
  });
});
