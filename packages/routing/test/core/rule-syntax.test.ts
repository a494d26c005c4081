import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RuleError, RuleMap, defineConverter } from '../../src/core/index.js';
import { mapOf, outcome } from './support.js';

describe('rule grammar (spec §1.1)', () => {
  it('accepts `>` in static text and escapes static text next to converters', () => {
    const map = mapOf([['/a>b', 'gt'], ['/.<int:v>', 'dot']]);
    assert.deepEqual(outcome(map.match('/a>b', 'GET')), ['match', 'gt', {}]);
    assert.deepEqual(outcome(map.match('/.2', 'GET')), ['match', 'dot', { v: 2 }]);
    assert.deepEqual(outcome(map.match('/a2', 'GET')), ['404']);
  });

  it('allows several placeholders per segment', () => {
    const map = mapOf([['/v<int:major>.<int:minor>', 'v'], ['/<a>-<b>', 'ab'], ['/page-<int:n>', 'page']]);
    assert.deepEqual(outcome(map.match('/v1.22', 'GET')), ['match', 'v', { major: 1, minor: 22 }]);
    assert.deepEqual(outcome(map.match('/x-y', 'GET')), ['match', 'ab', { a: 'x', b: 'y' }]);
    assert.deepEqual(outcome(map.match('/page-3', 'GET')), ['match', 'page', { n: 3 }]);
  });

  it('defaults the converter to `default` (string) and lists arguments', () => {
    const rule = new RuleMap().add('/<a>/<int:b>', { endpoint: 'x', defaults: { c: 1 } });
    assert.equal(rule.converters.get('a')!.regex, '[^/]{1,}');
    assert.deepEqual([...rule.arguments].sort(), ['a', 'b', 'c']);
  });

  const malformed = ['/<int()>', '/<>', '/<:x>', '/<1x>', '/<int:>', '/<foo', '/a<b', '/<int :x>', '/< int:x>', '/<x >'];
  for (const rule of malformed) {
    it(`rejects ${rule} as malformed`, () => {
      assert.throws(() => new RuleMap().add(rule, { endpoint: 'x' }), (err: RuleError) => {
        assert.ok(err instanceof RuleError);
        assert.equal(err.message, `malformed url rule: '${rule}'`);
        assert.equal(err.rule, rule);
        return true;
      });
    });
  }

  it('requires a leading slash, with Werkzeug 3.1 wording', () => {
    assert.throws(() => new RuleMap().add('foo', { endpoint: 'x' }), { message: "URL rule 'foo' must start with a slash." });
    assert.throws(() => new RuleMap().add('', { endpoint: 'x' }), { message: "URL rule '' must start with a slash." });
  });

  it('rejects unknown converters (case-sensitive), naming converter and rule', () => {
    assert.throws(() => new RuleMap().add('/<nope:x>', { endpoint: 'x' }), {
      message: "the converter 'nope' does not exist (in URL rule '/<nope:x>')",
    });
    assert.throws(() => new RuleMap().add('/<Any(a):x>', { endpoint: 'x' }), /the converter 'Any' does not exist/);
  });

  it('rejects unknown or duplicate converter arguments and unparseable argument text', () => {
    assert.throws(() => new RuleMap().add('/<int(bad=1):x>', { endpoint: 'x' }), {
      message: "IntegerConverter.__init__() got an unexpected keyword argument 'bad' (in URL rule '/<int(bad=1):x>', converter 'int')",
    });
    assert.throws(() => new RuleMap().add('/<string(1, minlength=2):x>', { endpoint: 'x' }), /got multiple values for argument 'minlength'/);
    assert.throws(() => new RuleMap().add('/<string(1, 2, 3, 4):x>', { endpoint: 'x' }), /takes from 2 to 5 positional arguments but 6 were given/);
    assert.throws(() => new RuleMap().add('/<int(min=-1):x>', { endpoint: 'x' }), /Cannot parse converter argument 'min=-' \(in URL rule/);
    assert.throws(() => new RuleMap().add('/<int(min=0;max=500):x>', { endpoint: 'x' }), /Cannot parse converter argument/);
    assert.throws(() => new RuleMap().add('/<any(a, x=1):x>', { endpoint: 'x' }), /unexpected keyword argument 'x'/);
    assert.throws(() => new RuleMap().add('/<string(length="abc"):x>', { endpoint: 'x' }), /invalid literal for int\(\) with base 10: 'abc'/);
  });

  it('accepts quoted numeric arguments where Werkzeug calls int()', () => {
    const map = mapOf([['/<string(length="2"):x>', 'x']]);
    assert.deepEqual(outcome(map.match('/ab', 'GET')), ['match', 'x', { x: 'ab' }]);
    assert.deepEqual(outcome(map.match('/abc', 'GET')), ['404']);
  });

  it('ignores arguments of path and uuid, as Werkzeug BaseConverter does', () => {
    const map = mapOf([['/<path(x=1):p>', 'p']]);
    assert.deepEqual(outcome(map.match('/a/b', 'GET')), ['match', 'p', { p: 'a/b' }]);
  });

  it('rejects duplicate variable names at registration (spec §1.2)', () => {
    for (const rule of ['/<a>/<a>', '/<int:a>-<int:a>']) {
      assert.throws(() => new RuleMap().add(rule, { endpoint: 'x' }), {
        name: 'RuleError',
        message: `duplicate variable name 'a' in URL rule '${rule}'`,
      });
    }
  });

  it('rejects a custom converter with an invalid regex and registers nothing', () => {
    const map = new RuleMap({ converters: { bad: defineConverter({ regex: '(' }) } });
    assert.throws(() => map.add('/<bad:x>', { endpoint: 'x' }), { name: 'RuleError', message: /invalid regex for converter 'bad'/ });
    assert.equal(map.rules.length, 0);
  });

  it('rejects __proto__ as a variable name (it would not reach the params object)', () => {
    assert.throws(() => new RuleMap().add('/<__proto__>', { endpoint: 'x' }), { name: 'RuleError', message: /'__proto__' is not allowed/ });
  });

  it('rejects a methods string with Flask\'s TypeError', () => {
    assert.throws(() => new RuleMap().add('/x', { endpoint: 'x', methods: 'GET' as unknown as string[] }), {
      name: 'TypeError',
      message: 'Allowed methods must be a list of strings, for example: @app.route(..., methods=["POST"])',
    });
  });

  it('rejects redirectTo placeholders that are not rule variables', () => {
    assert.throws(() => new RuleMap().add('/old/<int:id>', { endpoint: 'x', redirectTo: '/new/<int:id>' }), /uses 'int:id', which is not a variable/);
  });

  it('keeps the registered rules in order on map.rules', () => {
    const map = mapOf([['/b', 'b'], ['/a', 'a']]);
    assert.deepEqual(map.rules.map(String), ['/b', '/a']);
  });
});
