#!/usr/bin/env node
/**
 * The `kolba` command (Flask's `flask` CLI, flask.md §13.1): `kolba routes` and `kolba run`.
 * The app comes from `--app <file>` or `KOLBA_APP`, else `app.js`/`app.mjs`/`app.ts` in the
 * working directory; inside the module, `app` or `application`, else a `createApp`/`makeApp`
 * factory, else the default export.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatRoutes, type RoutesTableOptions } from './routes-table.js';
import { envFlag } from './options-from-config.js';

/** What the CLI needs from the app module's export. */
interface CliApp {
  readonly router: { readonly map: { readonly rules: readonly { endpoint: string; rule: string; methods: readonly string[] | undefined }[] } };
  debug: boolean;
  run(options: { host?: string; port?: number; reload?: boolean; ssl?: { cert: string; key: string } }): Promise<unknown>;
}

const USAGE = `Usage: kolba [--app FILE] [--debug] COMMAND [OPTIONS]

Commands:
  routes [--sort endpoint|methods|rule|match] [--all-methods]   Show the routes for the app.
  run [--host H] [--port P] [--cert FILE --key FILE] [--reload]  Run a development server.

The app is --app FILE, or KOLBA_APP, or app.js / app.mjs / app.ts in the current directory.
Options of run may also come from KOLBA_RUN_HOST, KOLBA_RUN_PORT; --debug from KOLBA_DEBUG.`;

class UsageError extends Error {}

function isApp(value: unknown): value is CliApp {
  return typeof value === 'object' && value !== null && 'router' in value && typeof (value as CliApp).run === 'function';
}

/**
 * Imports the app module and finds the app in it, as `flask` does.
 *
 * @throws UsageError naming the file and what was looked for.
 * @example
 * const app = await loadApp('src/app.ts');
 */
export async function loadApp(spec: string | undefined, cwd = process.cwd()): Promise<CliApp> {
  // Flask's `--app module:name` and `--app module:create_app()`: the part after the last ':'
  // names the attribute or factory (a Windows drive letter's ':' is not one).
  const split = spec === undefined ? -1 : spec.lastIndexOf(':');
  const file = spec !== undefined && split > 1 ? spec.slice(0, split) : spec;
  const attribute = spec !== undefined && split > 1 ? spec.slice(split + 1) : undefined;
  const candidates = file !== undefined ? [file] : ['app.js', 'app.mjs', 'app.ts'];
  const found = candidates.map((c) => resolve(cwd, c)).find((p) => existsSync(p));
  if (found === undefined) {
    throw new UsageError(
      file !== undefined
        ? `Could not import '${file}': no such file.`
        : 'Could not locate a Kolba application. Use the --app option, the KOLBA_APP environment variable, or an app.js / app.ts file in the current directory.',
    );
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(found).href)) as Record<string, unknown>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_UNKNOWN_FILE_EXTENSION') {
      throw new UsageError(`Cannot load '${found}': Node needs a TypeScript loader. Run: node --import tsx $(npm root)/.bin/kolba …, or compile the app first.`);
    }
    throw err;
  }
  if (attribute !== undefined) return fromAttribute(mod, attribute, found);
  for (const name of ['app', 'application', 'default']) if (isApp(mod[name])) return mod[name];
  for (const name of ['createApp', 'makeApp']) {
    if (typeof mod[name] === 'function') return fromAttribute(mod, `${name}()`, found);
  }
  throw new UsageError(`Failed to find a Kolba application in '${found}': export 'app', or a 'createApp' factory.`);
}

/** `name` or `factory()` (no arguments) from the module, as `flask --app mod:name` resolves it. */
async function fromAttribute(mod: Record<string, unknown>, attribute: string, file: string): Promise<CliApp> {
  const call = /^([A-Za-z_$][\w$]*)\(\)$/.exec(attribute);
  const name = call ? call[1]! : attribute;
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) {
    throw new UsageError(`Failed to parse '${attribute}' as an attribute name or a factory call like 'createApp()'.`);
  }
  const value = mod[name];
  if (value === undefined) throw new UsageError(`Failed to find attribute '${name}' in '${file}'.`);
  const app: unknown = call || (typeof value === 'function' && !isApp(value)) ? await (value as () => unknown)() : value;
  if (isApp(app)) return app;
  throw new UsageError(`'${attribute}' in '${file}' is not a Kolba app${call ? ' (the factory returned something else)' : ''}.`);
}

/**
 * Runs the CLI with `argv` (without `node` and the script); resolves to the exit code.
 *
 * @example
 * process.exitCode = await main(['routes', '--app', 'app.ts']);
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        app: { type: 'string', short: 'A' },
        debug: { type: 'boolean' },
        help: { type: 'boolean' },
        sort: { type: 'string', short: 's' },
        'all-methods': { type: 'boolean' },
        host: { type: 'string', short: 'h' },
        port: { type: 'string', short: 'p' },
        cert: { type: 'string' },
        key: { type: 'string' },
        reload: { type: 'boolean' },
      },
    });
  } catch (err) {
    console.error(`Error: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help === true || command === undefined) {
    console.log(USAGE);
    return command === undefined && values.help !== true ? 2 : 0;
  }
  try {
    const app = await loadApp(values.app ?? env.KOLBA_APP);
    if (values.debug === true || envFlag(env.KOLBA_DEBUG)) app.debug = true;
    if (command === 'routes') {
      console.log(formatRoutes(app.router.map.rules, { sort: (values.sort ?? 'endpoint') as RoutesTableOptions['sort'], allMethods: values['all-methods'] === true }));
      return 0;
    }
    if (command === 'run') {
      const portText = values.port ?? env.KOLBA_RUN_PORT;
      const port = portText === undefined ? undefined : Number(portText);
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new UsageError(`Invalid value for '--port': '${portText}' is not a valid port.`);
      if ((values.cert === undefined) !== (values.key === undefined)) throw new UsageError("'--cert' and '--key' must be given together.");
      await app.run({
        reload: values.reload === true,
        host: values.host ?? env.KOLBA_RUN_HOST,
        ...(port === undefined ? {} : { port }),
        ...(values.cert !== undefined && values.key !== undefined ? { ssl: { cert: values.cert, key: values.key } } : {}),
      });
      return await new Promise<number>(() => undefined); // serve until killed
    }
    throw new UsageError(`No such command '${command}'.`);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`Error: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly || /[\\/]kolba(\.js)?$/.test(process.argv[1] ?? '')) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
