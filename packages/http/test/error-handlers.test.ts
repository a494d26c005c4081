import { test } from 'node:test';
import assert from 'node:assert/strict';
import Koa from 'koa';
import request from 'supertest';
import {
  abort,
  BadRequest,
  BadRequestKeyError,
  errorHandlers,
  Forbidden,
  HttpResponse,
  HTTPException,
  InternalServerError,
  makeResponse,
  MethodNotAllowed,
  NotFound,
  type ErrorHandlerMap,
  Unauthorized,
  type ErrorHandlersOptions,
} from '../src/index.js';

const page500 = new InternalServerError().getBody();

interface Harness {
  app: Koa;
  errors: Error[];
  agent: ReturnType<typeof request>;
}

function harness(view: Koa.Middleware, handlers?: ErrorHandlerMap, options?: ErrorHandlersOptions): Harness {
  const app = new Koa();
  const errors: Error[] = [];
  app.on('error', (err: Error) => errors.push(err));
  app.use(errorHandlers(handlers, options));
  app.use(view);
  return { app, errors, agent: request(app.callback()) };
}

test('uncaught HTTPExceptions render the Werkzeug page with their headers', async () => {
  const { agent, errors } = harness(async () => {
    throw new MethodNotAllowed(['GET', 'HEAD']);
  });
  const res = await agent.get('/');
  assert.equal(res.status, 405);
  assert.equal(res.text, new MethodNotAllowed().getBody());
  assert.equal(res.headers.allow, 'GET, HEAD');
  assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(errors.length, 0, 'HTTP errors are not logged as failures');
});

test('unknown errors become a 500 page that leaks nothing; the original is emitted', async () => {
  const boom = new Error('db password is hunter2');
  const { agent, errors } = harness(async () => {
    throw boom;
  });
  const res = await agent.get('/');
  assert.equal(res.status, 500);
  assert.equal(res.text, page500);
  assert.ok(!res.text.includes('hunter2'));
  assert.deepEqual(errors, [boom]);
});

test('non-Error throws are wrapped and answered with 500', async () => {
  const { agent, errors } = harness(async () => {
    throw 'just a string';
  });
  const res = await agent.get('/');
  assert.equal(res.status, 500);
  assert.equal(res.text, page500);
  assert.match(errors[0]!.message, /non-error thrown: "just a string"/);
});

test('code handler: ctx.body keeps the error status; a string return keeps it too', async () => {
  const { agent } = harness(
    async (ctx) => {
      if (ctx.path === '/a') throw new NotFound();
      abort(403);
    },
    {
      404: (_err, ctx) => {
        ctx.body = 'nothing here';
      },
      403: () => '<p>no</p>',
    },
  );
  const a = await agent.get('/a');
  assert.equal(a.status, 404);
  assert.equal(a.text, 'nothing here');
  const b = await agent.get('/b');
  assert.equal(b.status, 403);
  assert.equal(b.text, '<p>no</p>');
  assert.equal(b.headers['content-type'], 'text/html; charset=utf-8');
});

test('a handler returning a response object decides the status (Flask tuple semantics)', async () => {
  const { agent } = harness(
    async () => abort(404),
    { 404: (err) => makeResponse({ error: err.description }, 404, { 'X-Handled': '1' }) },
  );
  const res = await agent.get('/');
  assert.equal(res.status, 404);
  assert.deepEqual(res.body, { error: new NotFound().description });
  assert.equal(res.headers['x-handled'], '1');
});

test('class handlers: the most specific registered class wins (MRO)', async () => {
  class AppError extends Error {}
  class DbError extends AppError {}
  class DeadlockError extends DbError {}
  const { agent, errors } = harness(
    async (ctx) => {
      if (ctx.path === '/deadlock') throw new DeadlockError('x');
      if (ctx.path === '/app') throw new AppError('x');
      throw new TypeError('x');
    },
    new Map<unknown, (e: Error) => unknown>([
      [AppError, () => makeResponse('app', 400)],
      [DbError, () => makeResponse('db', 503)],
      [Error, (e: Error) => makeResponse(`generic ${e.constructor.name}`, 500)],
    ]) as unknown as ErrorHandlerMap,
  );
  assert.equal((await agent.get('/deadlock')).text, 'db');
  assert.equal((await agent.get('/app')).text, 'app');
  const generic = await agent.get('/other');
  assert.equal(generic.text, 'generic TypeError');
  assert.equal(errors.length, 0, 'handled errors are not emitted (Flask does not log them)');
});

test('code handlers beat class handlers; HTTPException handler gets the other codes', async () => {
  const { agent } = harness(
    async (ctx) => (ctx.path === '/404' ? abort(404) : abort(403)),
    [
      [HTTPException, (e: HTTPException) => makeResponse(`http ${e.code}`, e.code)],
      [404, () => makeResponse('four-oh-four', 404)],
    ],
  );
  assert.equal((await agent.get('/404')).text, 'four-oh-four');
  const f = await agent.get('/403');
  assert.equal(f.status, 403);
  assert.equal(f.text, 'http 403');
});

test('a subclass of Forbidden with its own handler uses it; abort(403) uses the 403 handler', async () => {
  class Banned extends Forbidden {}
  const { agent } = harness(
    async (ctx) => {
      if (ctx.path === '/banned') throw new Banned();
      abort(403);
    },
    [
      [Banned, () => 'banned'],
      [403, () => 'forbidden'],
    ],
  );
  const b = await agent.get('/banned');
  assert.equal(b.text, 'banned');
  assert.equal(b.status, 403);
  assert.equal((await agent.get('/x')).text, 'forbidden');
});

test('errorhandler(Error) also receives HTTP exceptions', async () => {
  const { agent } = harness(async () => abort(410), [[Error, (e: Error) => `caught ${(e as HTTPException).code}`]]);
  const res = await agent.get('/');
  assert.equal(res.status, 410);
  assert.equal(res.text, 'caught 410');
});

test('HTTPException/500 handlers get the InternalServerError wrapper with originalException', async () => {
  const boom = new RangeError('boom');
  const seen: InternalServerError[] = [];
  const { agent, errors } = harness(async () => {
    throw boom;
  }, [[HTTPException, (e: InternalServerError) => { seen.push(e); return makeResponse('sorry', 500); }]]);
  const res = await agent.get('/');
  assert.equal(res.status, 500);
  assert.equal(res.text, 'sorry');
  assert.ok(seen[0] instanceof InternalServerError);
  assert.equal(seen[0].originalException, boom);
  assert.deepEqual(errors, [boom], 'unhandled errors are emitted even when a 500 handler renders them');
});

test('a directly aborted 500 has no originalException', async () => {
  const seen: InternalServerError[] = [];
  const { agent } = harness(async () => abort(500), { 500: (e) => { seen.push(e as InternalServerError); return 'x'; } });
  assert.equal((await agent.get('/')).status, 500);
  assert.equal(seen[0]!.originalException, undefined);
});

test('an error inside a handler becomes a 500 handled by the 500 handler (once)', async () => {
  const oops = new Error('handler bug');
  const seen: unknown[] = [];
  const { agent, errors } = harness(async () => abort(404), {
    404: () => {
      throw oops;
    },
    500: (e) => {
      seen.push((e as InternalServerError).originalException);
      return 'five hundred';
    },
  });
  const res = await agent.get('/');
  assert.equal(res.status, 500);
  assert.equal(res.text, 'five hundred');
  assert.deepEqual(seen, [oops]);
  assert.deepEqual(errors, [oops]);
});

test('a failing 500 handler falls back to the plain page: no loop, no crash, no leak', async () => {
  let calls = 0;
  const { agent, errors } = harness(async () => {
    throw new Error('first');
  }, {
    500: () => {
      calls++;
      throw new Error('second secret');
    },
  });
  const res = await agent.get('/');
  assert.equal(res.status, 500);
  assert.equal(res.text, page500);
  assert.equal(calls, 1);
  assert.deepEqual(errors.map((e) => e.message), ['first', 'second secret']);
});

test('a failing aborted-500 handler is not retried', async () => {
  let calls = 0;
  const { agent } = harness(async () => abort(500), {
    500: () => {
      calls++;
      throw new Error('again');
    },
  });
  const res = await agent.get('/');
  assert.equal(res.status, 500);
  assert.equal(res.text, page500);
  assert.equal(calls, 1);
});

test('a handler that returns nothing and sets no body is Flask\'s TypeError → 500', async () => {
  const { agent, errors } = harness(async () => abort(404), { 404: () => undefined });
  const res = await agent.get('/');
  assert.equal(res.status, 500);
  assert.equal(res.text, page500);
  assert.match(errors[0]!.message, /did not return a valid response/);
});

test('async handlers are awaited', async () => {
  const { agent } = harness(async () => abort(404), {
    404: async () => {
      await new Promise((r) => setTimeout(r, 1));
      return 'later';
    },
  });
  assert.equal((await agent.get('/')).text, 'later');
});

test('abort(response) bypasses handlers', async () => {
  let called = false;
  const { agent } = harness(async () => abort(new HttpResponse('teapot', 418)), [[Error, () => { called = true; return 'no'; }]]);
  const res = await agent.get('/');
  assert.equal(res.status, 418);
  assert.equal(res.text, 'teapot');
  assert.equal(called, false);
});

test('ctx.throw / http-errors map to the Werkzeug class of their status', async () => {
  const { agent, errors } = harness(async (ctx) => {
    if (ctx.path === '/404') ctx.throw(404);
    if (ctx.path === '/400') ctx.throw(400, 'Missing <field>');
    if (ctx.path === '/402') ctx.throw(402);
    if (ctx.path === '/401') ctx.throw(401, 'nope', { headers: { 'WWW-Authenticate': 'Basic' } });
    ctx.throw(500, 'internal detail');
  }, [[NotFound, () => 'custom 404']]);
  const nf = await agent.get('/404');
  assert.equal(nf.status, 404);
  assert.equal(nf.text, 'custom 404');
  const br = await agent.get('/400');
  assert.equal(br.status, 400);
  assert.match(br.text, /<p>Missing &lt;field&gt;<\/p>/);
  const pr = await agent.get('/402');
  assert.equal(pr.status, 402);
  assert.match(pr.text, /<title>402 Payment Required<\/title>/);
  const un = await agent.get('/401');
  assert.equal(un.headers['www-authenticate'], 'Basic');
  const ie = await agent.get('/500');
  assert.equal(ie.status, 500);
  assert.equal(ie.text, page500);
  assert.ok(!ie.text.includes('internal detail'));
  assert.equal(errors.length, 1, 'only the 5xx http-error is emitted');
});

test('errors with a status but not the http-errors shape stay 500 (no upstream status leak)', async () => {
  const { agent } = harness(async () => {
    throw Object.assign(new Error('upstream said 404'), { status: 404 });
  });
  assert.equal((await agent.get('/')).status, 500);
});

test('@koa/router-style 405 keeps the Allow header it set on ctx', async () => {
  const { agent } = harness(async (ctx) => {
    ctx.set('Allow', 'GET, POST');
    ctx.throw(405);
  });
  const res = await agent.get('/');
  assert.equal(res.status, 405);
  assert.equal(res.headers.allow, 'GET, POST');
  assert.equal(res.text, new MethodNotAllowed().getBody());
});

test('unmatched requests (Koa implicit 404) go through 404 handling', async () => {
  const { agent } = harness(async () => undefined, { 404: () => 'custom not found' });
  const res = await agent.get('/nowhere');
  assert.equal(res.status, 404);
  assert.equal(res.text, 'custom not found');
  const plain = await harness(async () => undefined).agent.get('/');
  assert.equal(plain.text, new NotFound().getBody());
  const off = await harness(async () => undefined, undefined, { handleUnmatched: false }).agent.get('/');
  assert.equal(off.text, 'Not Found');
});

test('body headers of the failed response are dropped; cookies and others survive', async () => {
  const { agent } = harness(async (ctx) => {
    ctx.set('Set-Cookie', 'session=abc');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Content-Disposition', 'attachment; filename=x.csv');
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = 'partial';
    throw new Error('x');
  });
  const res = await agent.get('/');
  assert.equal(res.status, 500);
  assert.deepEqual(res.headers['set-cookie'], ['session=abc']);
  assert.equal(res.headers['x-frame-options'], 'DENY');
  assert.equal(res.headers['content-disposition'], undefined);
  assert.equal(res.headers['cache-control'], undefined);
  assert.equal(res.text, page500);
});

test('debug: true shows an escaped stack page for unhandled errors only', async () => {
  const { agent } = harness(async () => {
    throw new Error('<script>alert(1)</script>');
  }, undefined, { debug: true });
  const res = await agent.get('/');
  assert.equal(res.status, 500);
  assert.match(res.text, /Error: &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.ok(!res.text.includes('<script>'));
  assert.match(res.text, /error-handlers\.test\.ts/);
});

test('registration errors name the problem like Flask', () => {
  assert.throws(() => errorHandlers({ 999: () => 'x' }), /'999' is not a recognized HTTP error code/);
  assert.throws(() => errorHandlers([[new Error('x') as unknown as typeof Error, () => 'x']]), /Error\(\) is an instance, not a class/);
  assert.throws(() => errorHandlers([[Array as unknown as typeof Error, () => 'x']]), /'Array' is not a subclass of Error/);
  const mw = errorHandlers();
  assert.equal(mw.register(404, () => 'x'), mw);
  assert.equal(mw.name, 'kolbaErrorHandlers');
});

test('without errorHandlers, Koa\'s own onerror still uses status/expose/headers', async () => {
  const app = new Koa();
  app.silent = true;
  app.use(async () => {
    throw new MethodNotAllowed(['GET']);
  });
  const res = await request(app.callback()).get('/');
  assert.equal(res.status, 405);
  assert.equal(res.headers.allow, 'GET');
  assert.match(res.text, /405 Method Not Allowed/);
});

test('propagateExceptions rethrows unhandled errors but still handles HTTP errors', async () => {
  const app = new Koa();
  const seen: Error[] = [];
  app.on('error', (err: Error) => seen.push(err));
  app.use(errorHandlers(undefined, { propagateExceptions: true }));
  app.use(async (ctx) => {
    if (ctx.path === '/404') abort(404);
    throw new Error('raw');
  });
  const agent = request(app.callback());
  assert.equal((await agent.get('/404')).text, new NotFound().getBody());
  const res = await agent.get('/x');
  assert.equal(res.status, 500);
  assert.equal(res.text, 'Internal Server Error'); // Koa's own onerror answered
  assert.equal(seen[0]!.message, 'raw');
});

test('http-errors keep their own class for handlers: own class first, then Werkzeug classes', async () => {
  class StoreDown extends Error {
    status = 503;
    expose = false;
  }
  class Teapot extends Error {
    status = 418;
    expose = true;
  }
  const { agent, errors } = harness(
    async (ctx) => {
      if (ctx.path === '/store') throw new StoreDown('redis down');
      throw new Teapot('short and stout');
    },
    [
      [StoreDown, (e: StoreDown) => `store handler got ${e.constructor.name}`],
      [HTTPException, (e: HTTPException) => `http handler got ${e.constructor.name} ${e.description}`],
      [Error, () => 'generic'],
    ],
  );
  const store = await agent.get('/store');
  assert.equal(store.status, 503, 'the status of the http-error is kept');
  assert.equal(store.text, 'store handler got StoreDown');
  assert.equal(errors.length, 0, 'a handled error is not emitted');
  const teapot = await agent.get('/teapot');
  assert.equal(teapot.status, 418);
  assert.equal(teapot.text, 'http handler got ImATeapot short and stout');
});

test('a code handler wins over the thrower\'s class handler for http-errors (code slot first)', async () => {
  class Missing extends Error {
    status = 404;
    expose = true;
  }
  const { agent } = harness(async () => {
    throw new Missing('gone');
  }, [
    [Missing, () => 'class'],
    [404, (e: HTTPException) => `code ${e.description}`],
  ]);
  assert.equal((await agent.get('/')).text, 'code gone');
});

test('once headers are sent, the error is emitted and the connection cut (no hang)', async () => {
  const { agent, errors } = harness(async (ctx) => {
    ctx.res.writeHead(200, { 'Content-Type': 'text/plain' });
    ctx.res.write('partial');
    throw new Error('late failure');
  });
  await assert.rejects(agent.get('/'));
  assert.equal(errors[0]!.message, 'late failure');
});

test('an exception that cannot even be rendered still gets the plain 500 page', async () => {
  class Weird extends HTTPException {
    static override code = 42;
    static override statusName = 'Weird';
  }
  const { agent, errors } = harness(async () => {
    throw new Weird();
  });
  const res = await agent.get('/');
  assert.equal(res.status, 500);
  assert.equal(res.text, page500);
  assert.match(errors[0]!.message, /Invalid status code 42/);
});

test('a bare 405 from a router\'s allowedMethods() becomes MethodNotAllowed with its Allow', async () => {
  const { agent } = harness(async (ctx) => {
    ctx.status = 405;
    ctx.set('Allow', 'GET, HEAD');
  });
  const res = await agent.post('/');
  assert.equal(res.status, 405);
  assert.equal(res.headers.allow, 'GET, HEAD');
  assert.equal(res.text, new MethodNotAllowed().getBody());
  const handled = await harness(async (ctx) => {
    ctx.status = 405;
    ctx.set('Allow', 'GET');
  }, { 405: (e) => `allowed: ${e.headers['Allow']}` }).agent.post('/');
  assert.equal(handled.text, 'allowed: GET');
});

test('HEAD gets the error status and headers without a body', async () => {
  const { agent } = harness(async () => abort(405, undefined, { validMethods: ['GET'] }));
  const res = await agent.head('/');
  assert.equal(res.status, 405);
  assert.equal(res.headers.allow, 'GET');
  assert.equal(res.headers['content-length'], String(Buffer.byteLength(new MethodNotAllowed().getBody())));
  assert.equal(res.text, undefined);
});

test('odd throws (null, undefined, symbols, BigInt, status-shaped objects, unprintable objects) are 500s that leak nothing', async () => {
  const unprintable = Object.create(null) as Record<string, unknown>;
  unprintable['self'] = unprintable;
  const thrown: unknown[] = [null, undefined, Symbol('s'), 10n, { status: 404, expose: true, message: 'hi' }, unprintable];
  for (const value of thrown) {
    const { agent, errors } = harness(async () => {
      throw value;
    });
    const res = await agent.get('/');
    assert.equal(res.status, 500, String(typeof value));
    assert.equal(res.text, page500);
    assert.equal(errors.length, 1);
  }
});

test('5xx messages stay hidden even when the thrower set expose: true; exposed: false hides 4xx messages', async () => {
  const { agent } = harness(async (ctx) => {
    if (ctx.path === '/400') ctx.throw(400, 'internal detail', { expose: false });
    ctx.throw(503, 'db at 10.0.0.5 is down', { expose: true });
  });
  const a = await agent.get('/503');
  assert.equal(a.status, 503);
  assert.ok(!a.text.includes('10.0.0.5'));
  assert.match(a.text, /<title>503 Service Unavailable<\/title>/);
  const b = await agent.get('/400');
  assert.equal(b.status, 400);
  assert.ok(!b.text.includes('internal detail'));
  assert.equal(b.text, new BadRequest().getBody());
});

test('foreign http-errors: framing headers are dropped, Set-Cookie lists stay separate cookies', async () => {
  const { agent } = harness(async (ctx) => {
    ctx.throw(401, 'login first', {
      headers: {
        'Transfer-Encoding': 'chunked',
        Connection: 'upgrade',
        'Content-Encoding': 'gzip',
        'Set-Cookie': ['a=1; Path=/', 'b=2; Path=/'],
        'WWW-Authenticate': 'Basic',
      },
    });
  });
  const res = await agent.get('/');
  assert.equal(res.status, 401);
  assert.match(res.text, /<p>login first<\/p>/);
  assert.equal(res.headers['transfer-encoding'], undefined);
  assert.equal(res.headers['content-encoding'], undefined);
  assert.deepEqual(res.headers['set-cookie'], ['a=1; Path=/', 'b=2; Path=/']);
  assert.equal(res.headers['www-authenticate'], 'Basic');
});

test('a header injection carried by a foreign error is a 500, never a split response', async () => {
  const { agent, errors } = harness(async (ctx) => {
    ctx.throw(400, 'x', { headers: { 'X-A': 'a\r\nSet-Cookie: evil=1' } });
  });
  const res = await agent.get('/');
  assert.equal(res.status, 500);
  assert.equal(res.headers['set-cookie'], undefined);
  assert.match(errors[0]!.message, /newline/);
});

test('a throwing error listener does not replace the Werkzeug page or crash the process', async () => {
  const app = new Koa();
  app.on('error', () => {
    throw new Error('listener bug');
  });
  app.use(errorHandlers());
  app.use(async () => {
    throw new Error('view bug');
  });
  const original = console.error;
  const logged: unknown[] = [];
  console.error = (...args: unknown[]) => void logged.push(args[0]);
  try {
    const res = await request(app.callback()).get('/');
    assert.equal(res.status, 500);
    assert.equal(res.text, page500);
  } finally {
    console.error = original;
  }
  assert.match((logged[0] as Error).message, /listener bug/);
});

test('debug mode names the missing key of a BadRequestKeyError (Flask sets show_exception)', async () => {
  const view: Koa.Middleware = async () => {
    throw new BadRequestKeyError('username');
  };
  const prod = await harness(view).agent.get('/');
  assert.equal(prod.status, 400);
  assert.equal(prod.text, new BadRequest().getBody());
  const dev = await harness(view, undefined, { debug: true }).agent.get('/');
  assert.equal(dev.status, 400);
  assert.match(dev.text, /understand\.<br>KeyError: &#39;username&#39;<\/p>/);
});

test('several WWW-Authenticate challenges go out as separate headers', async () => {
  const { agent } = harness(async () => {
    throw new Unauthorized(undefined, { wwwAuthenticate: ['Basic realm="x"', 'Bearer'] });
  });
  const res = await agent.get('/');
  assert.equal(res.status, 401);
  // Node's client joins repeated headers with ", "; the raw headers show two lines.
  const raw = res.res.rawHeaders.filter((_, i, all) => i % 2 === 1 && /^www-authenticate$/i.test(all[i - 1]!));
  assert.deepEqual(raw, ['Basic realm="x"', 'Bearer']);
});

test('a handler returning a generator that fails at once is a failing handler (500 page)', async () => {
  const { agent, errors } = harness(async () => abort(404), [[404, () => (function* () {
    throw new Error('template exploded');
  })()]]);
  const res = await agent.get('/');
  assert.equal(res.status, 500);
  assert.equal(res.text, page500);
  assert.deepEqual(errors.map((e) => e.message), ['template exploded']);
});
