import { test } from 'node:test';
import assert from 'node:assert/strict';
import { iriToUri } from '../src/index.js';

test('iriToUri follows Werkzeug 3.1 (spec §7.6 examples)', () => {
  const cases: Array<[string, string]> = [
    ['http://example.com/a b?x=<y>&z="q"', 'http://example.com/a%20b?x=%3Cy%3E&z=%22q%22'],
    ['http://☃.net/ü?q=ä', 'http://xn--n3h.net/%C3%BC?q=%C3%A4'],
    ['/füübär', '/f%C3%BC%C3%BCb%C3%A4r'],
    ['itms-services://?url=abc', 'itms-services://?url=abc'],
    ['/already%20encoded%ZZ', '/already%20encoded%ZZ'],
    ['/p#frag ment?', '/p#frag%20ment?'],
    ['http://us er:pä ss@Example.COM:8080/x', 'http://us%20er:p%C3%A4%20ss@example.com:8080/x'],
    ['http://[::1]:5000/ö', 'http://[::1]:5000/%C3%B6'],
    ["/a!$&'()*+,;=:@b", "/a!$&'()*+,;=:@b"],
    ['/😀', '/%F0%9F%98%80'],
  ];
  for (const [iri, uri] of cases) assert.equal(iriToUri(iri), uri, iri);
});
