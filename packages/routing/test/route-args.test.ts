// Reading (rule, [options,] ...middleware) like Flask's route(): endpoints, methods, errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { routeArgs, shortcutArgs, viewName } from '../src/route-args.js';

describe('viewName', () => {
  it("is the function's name, without the 'bound ' of bound functions", () => {
    function show_post(): void {}
    assert.equal(viewName(show_post), 'show_post');
    assert.equal(viewName(show_post.bind(null)), 'show_post');
    assert.equal(viewName(async function load() {}), 'load');
    assert.equal(viewName(() => 1), '');
    assert.equal(viewName('not a function'), '');
  });
});

describe('shortcutArgs', () => {
  const handler = (): string => 'x';
  it('takes a leading object as options and the rest as middleware', () => {
    assert.deepEqual(shortcutArgs([{ endpoint: 'e' }, handler]), { options: { endpoint: 'e' }, middleware: [handler] });
    assert.deepEqual(shortcutArgs([handler, handler]), { options: {}, middleware: [handler, handler] });
  });
  it("refuses methods on a shortcut, as Flask's app.get does", () => {
    assert.throws(() => shortcutArgs([{ methods: ['POST'] }, handler]), {
      name: 'TypeError',
      message: "Use the 'route' method to use the 'methods' argument.",
    });
  });
});

describe('routeArgs', () => {
  function index(): string {
    return 'i';
  }
  it('upper-cases methods, names the endpoint after the view, keeps the view for the overwrite check', () => {
    const args = routeArgs('/x', ['get', 'Post'], { defaults: { a: 1 } }, [index]);
    assert.deepEqual(args.methods, ['GET', 'POST']);
    assert.equal(args.endpoint, 'index');
    assert.equal(args.view, index);
    assert.deepEqual(args.options, { defaults: { a: 1 } });
  });
  it('uses the last function as the view and an explicit endpoint over its name', () => {
    const guard = async (): Promise<void> => {};
    const args = routeArgs('/x', undefined, { endpoint: 'home', methods: ['GET'] }, [guard, index]);
    assert.equal(args.endpoint, 'home');
    assert.equal(args.view, index);
    assert.equal(args.methods, undefined);
    assert.ok(!('methods' in args.options));
  });
  it('lets an anonymous view take the rule as endpoint without owning it', () => {
    const args = routeArgs('/api/x', ['GET'], {}, [() => 'x']);
    assert.equal(args.endpoint, '/api/x');
    assert.equal(args.view, undefined);
  });
  it('throws TypeErrors naming the rule for bad methods and handlers', () => {
    assert.throws(() => routeArgs('/x', 'GET', {}, [index]), /Allowed methods must be a list of strings/);
    assert.throws(() => routeArgs('/x', ['GET'], {}, []), /Route '\/x' needs at least one handler function/);
    assert.throws(() => routeArgs('/x', ['GET'], {}, [index, null]), /Route '\/x': middleware must be a function, not null/);
  });
});
