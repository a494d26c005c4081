import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentDisposition } from '../src/content-disposition.js';

// Spec §9.5 and Werkzeug's test_send_file.py::test_disposition_name / test_non_ascii_name.
const cases: Array<[string, boolean, string]> = [
  ['a.txt', false, 'inline; filename=a.txt'],
  ['a.txt', true, 'attachment; filename=a.txt'],
  ['resume (1).txt', true, 'attachment; filename="resume (1).txt"'],
  ['a"b.txt', false, 'inline; filename="a\\"b.txt"'],
  ['a\\b.txt', false, 'inline; filename="a\\\\b.txt"'],
  ['a;b.txt', true, 'attachment; filename="a;b.txt"'],
  ["x'y.txt", false, "inline; filename=x'y.txt"],
  ['ü.txt', true, "attachment; filename=u.txt; filename*=UTF-8''%C3%BC.txt"],
  ['é (1).txt', false, "inline; filename=\"e (1).txt\"; filename*=UTF-8''%C3%A9%20%281%29.txt"],
  ['日本.txt', false, "inline; filename=.txt; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt"],
  ['日本', true, "attachment; filename=\"\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC"],
  ['Ünïcödé !#$&+^`|~.txt', true, "attachment; filename=\"Unicode !#$&+^`|~.txt\"; filename*=UTF-8''%C3%9Cn%C3%AFc%C3%B6d%C3%A9%20!#$&+^`|~.txt"],
];

for (const [name, attachment, expected] of cases) {
  test(`${JSON.stringify(name)} (${attachment ? 'attachment' : 'inline'}) → ${expected}`, () => {
    assert.equal(contentDisposition(name, attachment), expected);
  });
}

test('control characters never reach the header raw (Node would refuse it, Werkzeug 500s)', () => {
  const value = contentDisposition('a\nb\r\n.txt', true);
  assert.equal(value, "attachment; filename=ab.txt; filename*=UTF-8''a%0Ab%0D%0A.txt");
  assert.doesNotMatch(value, /[\r\n]/);
});
