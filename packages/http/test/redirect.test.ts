import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRedirect, redirect } from '../src/index.js';
import { fixtures, headersOf } from './support/fixtures.js';

test('redirect bodies, statuses and headers match Werkzeug byte for byte', () => {
  const entries = Object.entries(fixtures.redirects);
  assert.ok(entries.length >= 30);
  for (const [key, rec] of entries) {
    const space = key.indexOf(' ');
    const code = Number(key.slice(0, space));
    const location = key.slice(space + 1);
    const res = redirect(location, code);
    assert.equal(res.status, rec.status, key);
    assert.equal(res.body, rec.body, key);
    const got: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) got[k.toLowerCase()] = String(v);
    const expected = headersOf(rec);
    // Werkzeug 2.2 left `"<>` unencoded in Location (safe_conversion); 3.1 percent-encodes them
    // when sending (spec §7.6), which is what kolba follows.
    if (/["<>]/.test(location)) expected['location'] = location.replace(/"/g, '%22').replace(/</g, '%3C').replace(/>/g, '%3E');
    assert.deepEqual(got, expected, key);
  }
});

test('default code is 302 (Flask 3.1); createRedirect makes 303 the default', () => {
  assert.equal(redirect('/x').status, 302);
  const redirect303 = createRedirect(303);
  assert.equal(redirect303('/x').status, 303);
  assert.equal(redirect303('/x', 301).status, 301);
  assert.equal(redirect('/x', 200).status, 200); // Werkzeug does not validate the code
});

test('the location in the body is escaped (XSS) while the header keeps the URL', () => {
  const res = redirect(`javascript:alert('x')"><script>`);
  assert.ok(!(res.body as string).includes('<script>'));
  assert.ok((res.body as string).includes('javascript:alert(&#39;x&#39;)&#34;&gt;&lt;script&gt;'));
  assert.equal(res.getHeader('Location'), "javascript:alert('x')%22%3E%3Cscript%3E");
});

test('IRI locations are converted to URIs on the wire but shown as given in the body', () => {
  const res = redirect('http://☃.net/ü?q=ä');
  assert.equal(res.getHeader('Location'), 'http://xn--n3h.net/%C3%BC?q=%C3%A4');
  assert.ok((res.body as string).includes('<a href="http://☃.net/ü?q=ä">http://☃.net/ü?q=ä</a>'));
  assert.equal(redirect('/füübär').getHeader('Location'), '/f%C3%BC%C3%BCb%C3%A4r');
});

test('header injection attempts are rejected with a clear error', () => {
  for (const bad of ['/x\r\nSet-Cookie: a=b', '/x\nLocation: //evil', '/x\r', '/\0', '/a\tb', '/\x7f']) {
    assert.throws(() => redirect(bad), (err: Error) => err instanceof TypeError && /control character/.test(err.message), JSON.stringify(bad));
  }
});

test('relative and scheme-relative locations stay as given', () => {
  for (const loc of ['rel/path', '../up', '//evil.com/x', '?q=1', '#frag']) assert.equal(redirect(loc).getHeader('Location'), loc);
});

test('backslashes are percent-encoded so "/\\evil.com" cannot become a scheme-relative URL', () => {
  assert.equal(redirect('/\\evil.com').getHeader('Location'), '/%5Cevil.com');
  assert.equal(redirect('/\\/evil.com/').getHeader('Location'), '/%5C/evil.com/');
});
