import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Config, DEFAULT_CONFIG } from '../src/config.js';

const root = mkdtempSync(join(tmpdir(), 'kolba-config-'));

test('defaults are Flask 3.1’s default_config', () => {
  const config = new Config(root);
  assert.equal(config.SESSION_COOKIE_NAME, 'session');
  assert.equal(config.PERMANENT_SESSION_LIFETIME, 31 * 24 * 3600);
  assert.equal(config.MAX_FORM_MEMORY_SIZE, 500_000);
  assert.equal(config.MAX_FORM_PARTS, 1000);
  assert.equal(config.MAX_COOKIE_SIZE, 4093);
  assert.equal(config.SECRET_KEY, null);
  assert.equal(config.APPLICATION_ROOT, '/');
  assert.equal(config.PREFERRED_URL_SCHEME, 'http');
  assert.equal(Object.keys(config).length, 29);
  assert.deepEqual(Object.keys(config), Object.keys(DEFAULT_CONFIG));
  assert.deepEqual([...config], Object.keys(DEFAULT_CONFIG));
  assert.equal(JSON.stringify(config), JSON.stringify(DEFAULT_CONFIG), 'only keys, no methods or rootPath');
  assert.ok(Object.isFrozen(DEFAULT_CONFIG));
});

test('fromObject takes UPPERCASE own, inherited and static properties only', () => {
  class Base {
    static DEBUG = true;
    static lower = 'ignored';
  }
  class Production extends Base {
    static DATABASE_URL = 'postgres://db';
    static Mixed_Case = 'ignored';
  }
  const config = new Config(root);
  config.fromObject(Production);
  assert.equal(config.DEBUG, true, 'inherited static');
  assert.equal(config.DATABASE_URL, 'postgres://db');
  assert.equal(config.has('lower'), false);
  assert.equal(config.has('Mixed_Case'), false);
  config.fromObject({ SECRET_KEY: 'k', _PRIVATE: 1, X1: 2, '123': 3 });
  assert.equal(config.SECRET_KEY, 'k');
  assert.equal(config._PRIVATE, 1, '_PRIVATE.isupper() is True in Python');
  assert.equal(config.X1, 2);
  assert.equal(config.has('123'), false, "'123'.isupper() is False in Python");
  assert.throws(() => config.fromObject(42 as never), TypeError);
});

test('fromMapping: objects, pairs and extra keys; lowercase ignored; returns true', () => {
  const config = new Config(root);
  assert.equal(config.fromMapping({ SECRET_KEY: 'a', debug: true }, { TESTING: true }), true);
  assert.equal(config.SECRET_KEY, 'a');
  assert.equal(config.DEBUG, false);
  assert.equal(config.TESTING, true);
  config.fromMapping([['A_KEY', 1], ['b', 2]]);
  config.fromMapping(new Map([['M', 3]]));
  assert.equal(config.A_KEY, 1);
  assert.equal(config.has('b'), false);
  assert.equal(config.M, 3);
  assert.throws(() => config.fromMapping([['only-one']] as never), /\[key, value\] pairs/);
});

test('fromFile: JSON relative to rootPath, silent for a missing file, Flask’s error otherwise', () => {
  writeFileSync(join(root, 'settings.json'), JSON.stringify({ SECRET_KEY: 'from file', lower: 1, NESTED: { a: 1 } }));
  mkdirSync(join(root, 'adir'), { recursive: true });
  const config = new Config(root);
  assert.equal(config.fromFile('settings.json'), true);
  assert.equal(config.SECRET_KEY, 'from file');
  assert.deepEqual(config.NESTED, { a: 1 });
  assert.equal(config.has('lower'), false);
  assert.equal(config.fromFile('missing.json', { silent: true }), false);
  assert.equal(config.fromFile('adir', { silent: true }), false);
  assert.throws(
    () => config.fromFile('missing.json'),
    (err: Error) => err.message === `[Errno 2] Unable to load configuration file (No such file or directory): '${join(root, 'missing.json')}'`,
  );
  writeFileSync(join(root, 'list.json'), '[1, 2]');
  assert.throws(() => config.fromFile('list.json'), /must hold an object of keys, not an array/);
  writeFileSync(join(root, 'bad.json'), '{nope');
  assert.throws(() => config.fromFile('bad.json'), /Unable to parse configuration file/);
  assert.throws(() => config.fromFile('app.cfg'), /cannot execute Python config files/);
  writeFileSync(join(root, 'custom.txt'), 'PORT=5001');
  config.fromFile('custom.txt', { load: (text) => Object.fromEntries([String(text).split('=')]) });
  assert.equal(config.PORT, '5001');
  config.fromFile('custom.txt', { text: false, load: (raw) => ({ IS_BUFFER: Buffer.isBuffer(raw) }) });
  assert.equal(config.IS_BUFFER, true);
  assert.throws(() => config.fromFile(3 as never), TypeError);
});

test('fromEnvvar reads the path from the environment, with Flask’s error when unset', () => {
  const config = new Config(root);
  assert.equal(config.fromEnvvar('APP_SETTINGS', { env: { APP_SETTINGS: join(root, 'settings.json') } }), true);
  assert.equal(config.SECRET_KEY, 'from file');
  assert.throws(
    () => config.fromEnvvar('FOO_SETTINGS', { env: {} }),
    /^Error: The environment variable 'FOO_SETTINGS' is not set and as such configuration could not be loaded\. Set this variable and make it point to a configuration file$/,
  );
  assert.equal(config.fromEnvvar('FOO_SETTINGS', { env: { FOO_SETTINGS: '' }, silent: true }), false);
});

// Flask tests/test_config.py::test_from_prefixed_env and test_from_prefixed_env_nested.
test('fromPrefixedEnv: JSON values typed, raw strings kept, sorted, nested with __', () => {
  const config = new Config(root);
  config.EXIST = { ok: 'value', flag: true, inner: { ik: 1 } };
  config.fromPrefixedEnv('FLASK', {
    env: {
      FLASK_STRING: 'value',
      FLASK_BOOL: 'true',
      FLASK_INT: '1',
      FLASK_FLOAT: '1.2',
      FLASK_LIST: '[1, 2]',
      FLASK_DICT: '{"k": "v"}',
      FLASK_EXIST__ok: 'other',
      FLASK_EXIST__inner__ik: '2',
      FLASK_EXIST__new__more: '{"k": false}',
      FLASK_NEW__K: 'v',
      NOT_FLASK_OTHER: 'other',
      FLASKNOUNDERSCORE: 'x',
    },
  });
  assert.equal(config.STRING, 'value');
  assert.equal(config.BOOL, true);
  assert.equal(config.INT, 1);
  assert.equal(config.FLOAT, 1.2);
  assert.deepEqual(config.LIST, [1, 2]);
  assert.deepEqual(config.DICT, { k: 'v' });
  assert.deepEqual(JSON.parse(JSON.stringify(config.EXIST)), { ok: 'other', flag: true, inner: { ik: 2 }, new: { more: { k: false } } });
  assert.deepEqual(JSON.parse(JSON.stringify(config.NEW)), { K: 'v' });
  assert.equal(config.has('OTHER'), false);
  assert.equal(config.has('NOUNDERSCORE'), false);

  const sorted: string[] = [];
  new Config(root).fromPrefixedEnv('KOLBA', {
    env: { KOLBA_B: '1', KOLBA_A: '2' },
    loads: (v) => {
      sorted.push(v);
      return v;
    },
  });
  assert.deepEqual(sorted, ['2', '1'], 'sorted by key, as Flask does');
});

test('__proto__ from the environment or a JSON file is a plain key and pollutes nothing', () => {
  const config = new Config(root);
  config.fromPrefixedEnv('KOLBA', { env: { KOLBA___proto__: '{"polluted": true}', KOLBA_X____proto____y: '1' } });
  writeFileSync(join(root, 'proto.json'), '{"__proto__": {"polluted": true}, "OK": 1}');
  config.fromFile('proto.json');
  assert.equal(typeof config.fromMapping, 'function', 'helpers still there');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(config.OK, 1);
  assert.ok(config instanceof Config);
});

test('getNamespace trims and lower-cases by default', () => {
  const config = new Config(root);
  config.IMAGE_STORE_TYPE = 'fs';
  config.IMAGE_STORE_PATH = '/var/app/images';
  config.IMAGE_STORE_BASE_URL = 'http://img.website.com';
  assert.deepEqual({ ...config.getNamespace('IMAGE_STORE_') }, { type: 'fs', path: '/var/app/images', base_url: 'http://img.website.com' });
  assert.deepEqual({ ...config.getNamespace('IMAGE_STORE_', { lowercase: false }) }, { TYPE: 'fs', PATH: '/var/app/images', BASE_URL: 'http://img.website.com' });
  assert.deepEqual(Object.keys(config.getNamespace('IMAGE_STORE_', { trimNamespace: false })), ['image_store_type', 'image_store_path', 'image_store_base_url']);
});

test('get, has, update, toObject; helpers cannot be overwritten', () => {
  const config = new Config(root);
  assert.equal(config.get('NOPE', 'fallback'), 'fallback');
  assert.equal(config.get('SECRET_KEY', 'x'), null);
  assert.equal(config.has('DEBUG'), true);
  config.update({ lower_too: 1, DEBUG: true });
  assert.equal(config.lower_too, 1, 'update is dict.update: any key');
  assert.equal(config.toObject().DEBUG, true);
  assert.throws(() => {
    (config as unknown as Record<string, unknown>).get = 1;
  }, TypeError);
  assert.equal(config.rootPath, root);
  assert.throws(() => config.update({ has: 1 }), /'has' cannot be a config key/);
  assert.throws(() => config.fromPrefixedEnv('KOLBA', { env: { KOLBA_getNamespace: '1' } }), /'getNamespace' cannot be a config key/);
  assert.throws(() => config.update({ rootPath: '/elsewhere' }), /'rootPath' cannot be a config key/);
  assert.equal(typeof config.has, 'function', 'nothing was shadowed');
  assert.equal(config.rootPath, root);
});
