import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secureFilename } from '../src/index.js';

// Spec §8.5 table (Werkzeug 3.1, POSIX).
const SPEC: Array<[string, string]> = [
  ['My cool movie.mov', 'My_cool_movie.mov'],
  ['../../../etc/passwd', 'etc_passwd'],
  ['i contain cool ümläuts.txt', 'i_contain_cool_umlauts.txt'],
  ['__filename__', 'filename'],
  ['__init__.py', 'init__.py'],
  ['foo$&^*)bar', 'foobar'],
  ['foo$bar!.txt', 'foobar.txt'],
  ['  a  b  ', 'a_b'],
  ['...', ''],
  ['', ''],
  ['.bashrc', 'bashrc'],
  ['._x_.', 'x'],
  ['a/b\\c.txt', 'a_bc.txt'],
  ['C:\\Windows\\x.txt', 'CWindowsx.txt'],
  ['日本語.txt', 'txt'],
  ['a\tb\nc', 'a_b_c'],
  ['-dash-', '-dash-'],
  ['a..b', 'a..b'],
  ['con', 'con'],
  ['CON.txt', 'CON.txt'],
];

// Generated with /usr/bin/python3 (Werkzeug 2.2, same algorithm as 3.1 on POSIX):
// python3 -c 'from werkzeug.utils import secure_filename; ...'
const WERKZEUG: Array<[string, string]> = [
[
"My cool movie.mov",
"My_cool_movie.mov"
],
[
"../../../etc/passwd",
"etc_passwd"
],
[
"i contain cool \u00fcml\u00e4uts.txt",
"i_contain_cool_umlauts.txt"
],
[
"__filename__",
"filename"
],
[
"__init__.py",
"init__.py"
],
[
"foo$&^*)bar",
"foobar"
],
[
"foo$bar!.txt",
"foobar.txt"
],
[
"  a  b  ",
"a_b"
],
[
"...",
""
],
[
"",
""
],
[
".bashrc",
"bashrc"
],
[
"._x_.",
"x"
],
[
"a/b\\c.txt",
"a_bc.txt"
],
[
"C:\\Windows\\x.txt",
"CWindowsx.txt"
],
[
"\u65e5\u672c\u8a9e.txt",
"txt"
],
[
"a\tb\nc",
"a_b_c"
],
[
"-dash-",
"-dash-"
],
[
"a..b",
"a..b"
],
[
"con",
"con"
],
[
"CON.txt",
"CON.txt"
],
[
"\ufb01le.txt",
"file.txt"
],
[
"\u00c5ngstr\u00f6m r\u00e9sum\u00e9.pdf",
"Angstrom_resume.pdf"
],
[
"x\u0000y.txt",
"xy.txt"
],
[
"a\u00a0b.txt",
"a_b.txt"
],
[
"a\u2003b",
"a_b"
],
[
"  ../..  ",
""
],
[
"..\\..\\boot.ini",
"boot.ini"
],
[
"name with\u001fctl",
"name_with_ctl"
],
[
"\u2460\u2461.txt",
"12.txt"
],
[
"\u216b.txt",
"XII.txt"
],
[
"na\u00efve caf\u00e9.doc",
"naive_cafe.doc"
],
[
"a\u000bb\fc\u001cd",
"a_b_c_d"
],
[
"\u212bx",
"Ax"
],
[
"_-_.-",
"-_.-"
],
[
"file (1).jpg",
"file_1.jpg"
],
[
"%2e%2e%2fetc",
"2e2e2fetc"
],
[
"emoji\ud83d\ude00.png",
"emoji.png"
],
[
"/",
""
],
[
"  .  ",
""
],
[
"a/./b",
"a_._b"
],
[
"\u00fcber/../../x.txt",
"uber_.._.._x.txt"
]
];

// The POSIX rules are forced so the tables hold on any OS (the default follows the server's OS).
const posix = { windows: false };

test('secureFilename matches the spec table', () => {
  for (const [input, expected] of SPEC) assert.equal(secureFilename(input, posix), expected, JSON.stringify(input));
});

test('secureFilename matches real Werkzeug on extra cases (NFKD, control chars, traversal)', () => {
  for (const [input, expected] of WERKZEUG) assert.equal(secureFilename(input, posix), expected, JSON.stringify(input));
});

test('windows mode: backslash is a separator and device names get a leading underscore', () => {
  const win = { windows: true };
  assert.equal(secureFilename('a/b\\c.txt', win), 'a_b_c.txt');
  assert.equal(secureFilename('con', win), '_con');
  assert.equal(secureFilename('CON.txt', win), '_CON.txt');
  assert.equal(secureFilename('Con.', win), '_Con');
  assert.equal(secureFilename('aux_', win), '_aux');
  assert.equal(secureFilename('COM10', win), 'COM10');
  assert.equal(secureFilename('lpt9.log', win), '_lpt9.log');
  assert.equal(secureFilename('CONIN$', win), 'CONIN', '$ is stripped before the device check');
  assert.equal(secureFilename('..\\..\\boot.ini', win), 'boot.ini');
});

test('the default follows the server OS, as Werkzeug follows os.name', () => {
  assert.equal(secureFilename('a\\b.txt'), process.platform === 'win32' ? 'a_b.txt' : 'ab.txt');
});
