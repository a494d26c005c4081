/**
 * @kolba/templates against real Flask: the same template files (packages/templates/test/fixtures)
 * and the same context rendered by Flask's Jinja and by kolba must produce the same bytes.
 * Values are strings, numbers, lists and dicts (where Python and JavaScript print alike) and
 * Markup (keys ending in `_markup`).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Markup } from '@kolba/http';
import { TemplateEnvironment } from '@kolba/templates';
import { requireService, serviceInstalled, startFlask, type RunningService } from '../support/services.js';

const FOLDER = fileURLToPath(new URL('../../packages/templates/test/fixtures/app/templates', import.meta.url));

const FLASK_APP = `
from flask import Flask, request, render_template, render_template_string
from markupsafe import Markup

app = Flask(__name__, template_folder=${JSON.stringify(FOLDER)})

def context(data):
    return {k[:-7] if k.endswith("_markup") else k: Markup(v) if k.endswith("_markup") else v for k, v in data.items()}

@app.post("/render/<path:name>")
def render(name):
    return render_template(name, **context(request.get_json()))

@app.post("/string")
def string():
    body = request.get_json()
    return render_template_string(body["source"], **context(body["context"]))
`;

const XSS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '</script><!--',
  '&amp; \\ ` = /',
  'é \u2028\u2029 😀',
];

let flask: RunningService | undefined;
const kolba = new TemplateEnvironment({ folder: FOLDER });

before(async () => {
  if (serviceInstalled('flask')) flask = await startFlask(FLASK_APP);
});
after(async () => {
  await flask?.stop();
});

function toKolba(context: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(context).map(([k, v]) => (k.endsWith('_markup') ? [k.slice(0, -7), new Markup(v)] : [k, v])),
  );
}

async function viaFlask(path: string, body: unknown): Promise<string> {
  const res = await fetch(`${(flask as RunningService).url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, (flask as RunningService).output());
  return res.text();
}

test('template files: autoescape by extension, |e and |safe, includes, trailing newline', async (t) => {
  if (!requireService(t, 'flask')) return;
  // .svg is left out: Debian's Flask 2.2.2 predates .svg autoescaping (2.2.3); kolba follows 3.1.
  const names = ['escape.html', 'escape.txt', 'escape.xml', 'escape.htm', 'escape.xhtml', 'escape.HTML', 'escape.js', 'mixed.html', 'shared.html'];
  for (const name of names) {
    for (const value of XSS) {
      assert.equal(await kolba.render(name, { value }), await viaFlask(`/render/${name}`, { value }), `${name} ${value}`);
    }
    const markup = { value_markup: '<b>&amp;</b>' };
    assert.equal(await kolba.render(name, toKolba(markup)), await viaFlask(`/render/${name}`, markup), `${name} Markup`);
  }
});

test('tojson in <script> and attributes, and includes in loops and set blocks', async (t) => {
  if (!requireService(t, 'flask')) return;
  const data = { list: XSS, nested: { z: 1, a: [2.5, -3, 'x'] }, b: XSS[0] };
  assert.equal(await kolba.render('script.html', { data }), await viaFlask('/render/script.html', { data }));
  const items = ['<a>', 'b'];
  assert.equal(await kolba.render('loops.html', { items }), await viaFlask('/render/loops.html', { items }));
});

test('string templates: always escaped, {% autoescape %} blocks, block set, filters, macros', async (t) => {
  if (!requireService(t, 'flask')) return;
  const sources = [
    '{{ v }}|{{ v|e }}|{{ v|safe }}|{{ v|forceescape }}|{{ m }}|{{ m|e }}|{{ m|forceescape }}',
    '{% autoescape false %}{{ v }}{% autoescape true %}{{ v }}{% endautoescape %}{% endautoescape %}{{ v }}',
    '{% set x %}<b>{{ v }}</b>{% endset %}{{ x }}|{{ x|trim }}',
    '{% macro box(t) %}<div title="{{ t }}">{{ caller() }}</div>{% endmacro %}{% call box(v) %}<i>{{ v }}</i>{% endcall %}',
    '{{ d|tojson }}|{{ d|tojson(2) }}|{{ "x" ~ v }}',
    '{% for k, v2 in d|items %}{{ k }}={{ v2 }};{% endfor %}{% if v is string %}s{% endif %}',
    'a\n\n',
  ];
  for (const source of sources) {
    for (const v of XSS) {
      const context = { v, m_markup: `<em>${v}</em>`, d: { k: v, n: 1 } };
      assert.equal(
        await kolba.renderString(source, toKolba(context)),
        await viaFlask('/string', { source, context }),
        `${source} with ${v}`,
      );
    }
  }
});

test('Jinja filters nunjucks lacks: map, unique, min, max, format, filesizeformat, xmlattr', async (t) => {
  if (!requireService(t, 'flask')) return;
  const cases: Array<[string, Record<string, unknown>]> = [
    ['{{ users|map(attribute="name")|join(", ") }}|{{ users|map(attribute="x", default="d")|join }}|{{ ["a","B"]|map("upper")|join }}', { users: [{ name: '<a>' }, { name: 'b' }] }],
    ['{{ ["a","A","b"]|unique|join }}|{{ ["a","A"]|unique(case_sensitive=true)|join }}|{{ [3,1,2]|min }}{{ [3,1,2]|max }}|{{ ["b","A"]|min }}', {}],
    ['{{ "%s-%d-%.2f-%05d-%x-%%"|format("<s>", 4.7, 3.14159, 42, 255) }}|{{ "%(a)s"|format(a=1) }}', {}],
    ['{{ 1|filesizeformat }}|{{ 999|filesizeformat }}|{{ 1000|filesizeformat }}|{{ 1500000|filesizeformat }}|{{ 2048|filesizeformat(true) }}', {}],
    ['<a{{ attrs|xmlattr }}>|<b{{ {"c": 1}|xmlattr(false) }}>', { attrs: { class: 'x', title: '<"q\'>', n: null } }],
  ];
  for (const [source, context] of cases) {
    assert.equal(await kolba.renderString(source, context), await viaFlask('/string', { source, context }), source);
  }
});

