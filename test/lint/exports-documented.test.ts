/**
 * House rule (CONTRIBUTING.md): every export of every package carries TSDoc with an `@example`.
 * This walks each package's public entry (`src/index.ts`) with the TypeScript checker, follows
 * re-exports to their declarations, and lists the ones without an example — so the rule holds
 * without anyone having to remember it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = new URL('../..', import.meta.url).pathname;
const packages = readdirSync(join(root, 'packages')).filter((p) => existsSync(join(root, 'packages', p, 'src/index.ts')));

function hasExample(decl: ts.Declaration): boolean {
  // JSDoc can sit on the declaration or, for `export const x = …`, on its statement.
  const nodes: ts.Node[] = [decl];
  if (ts.isVariableDeclaration(decl) && decl.parent?.parent) nodes.push(decl.parent.parent);
  return nodes.some((n) => ts.getJSDocTags(n).some((tag) => tag.tagName.text === 'example') ||
    ts.getJSDocCommentsAndTags(n).some((d) => ts.isJSDoc(d) && /@example/.test(d.getText())));
}

const entryOf = (pkg: string) => join(root, 'packages', pkg, 'src/index.ts');
// One program for every package: the checker is shared, so the lint costs one type-check.
const program = ts.createProgram(packages.map(entryOf), {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  noEmit: true,
  skipLibCheck: true,
  types: [],
  customConditions: ['@kolba/source'],
  allowImportingTsExtensions: true,
});
const checker = program.getTypeChecker();

function undocumentedExports(pkg: string): string[] {
  const entry = entryOf(pkg);
  const source = program.getSourceFile(entry);
  if (!source) throw new Error(`cannot load ${entry}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) return [];
  const missing: string[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decls = (symbol.declarations ?? []).filter((d) => d.getSourceFile().fileName.startsWith(join(root, 'packages')));
    if (decls.length === 0) continue; // re-exported from a dependency: documented there
    if (!decls.some(hasExample)) {
      const d = decls[0]!;
      const { line } = d.getSourceFile().getLineAndCharacterOfPosition(d.getStart());
      missing.push(`${exported.name} (${relative(root, d.getSourceFile().fileName)}:${line + 1})`);
    }
  }
  return missing;
}

for (const pkg of packages) {
  test(`@kolba/${pkg}: every export has TSDoc with an @example`, () => {
    const missing = undocumentedExports(pkg);
    assert.deepEqual(missing, [], `exports without an @example:\n  ${missing.join('\n  ')}`);
  });
}

test('every package README has the sections CONTRIBUTING.md asks for', () => {
  const required = [/^##+ .*install/im, /```(ts|js|typescript)/, /^##+ .*options/im, /^##+ .*differences from flask/im, /^##+ .*security/im];
  const problems: string[] = [];
  for (const pkg of packages) {
    const file = join(root, 'packages', pkg, 'README.md');
    if (!existsSync(file)) {
      problems.push(`${pkg}: README.md missing`);
      continue;
    }
    const text = readFileSync(file, 'utf8');
    for (const re of required) if (!re.test(text)) problems.push(`${pkg}: README lacks ${re}`);
  }
  assert.deepEqual(problems, []);
});
