/**
 * Types for the slice of nunjucks' untyped internals that engine.ts uses (@types/nunjucks only
 * covers the public API). Types only: engine.ts stays the one module that loads nunjucks.
 */
export interface NjNode {
  lineno: number;
  colno: number;
  /** Declared child slots (some parsers add more, e.g. `Set#body`: see `findDeep`). */
  fields: string[];
}
export interface NjNodeClass<T extends NjNode = NjNode> {
  new (lineno: number, colno: number, ...fields: unknown[]): T;
}
export interface NjNodeList extends NjNode {
  children: NjNode[];
}
export interface NjLiteral extends NjNode {
  value: unknown;
}
export interface NjTemplateRef extends NjNode {
  template: NjNode;
}
export interface NjSet extends NjNode {
  body: NjNode | null;
}
export interface NjFilter extends NjNode {
  args: NjNodeList;
}
export interface NjNodes {
  Node: NjNodeClass;
  NodeList: NjNodeClass<NjNodeList>;
  Output: NjNodeClass<NjNodeList>;
  TemplateData: NjNodeClass<NjLiteral>;
  Literal: NjNodeClass<NjLiteral>;
  Symbol: NjNodeClass<NjLiteral>;
  Filter: NjNodeClass<NjFilter>;
  Set: NjNodeClass<NjSet>;
  Capture: NjNodeClass;
  Extends: NjNodeClass<NjTemplateRef>;
  Include: NjNodeClass<NjTemplateRef>;
  Import: NjNodeClass<NjTemplateRef>;
  FromImport: NjNodeClass<NjTemplateRef>;
}
/** nunjucks' code generator; the `_`-methods are the internals the member guard hooks into. */
export interface NjCompiler {
  compile(ast: NjNode): void;
  getCode(): string;
  compileSymbol(node: NjLiteral, frame: NjFrame): void;
  compileLookupVal(node: NjLookupVal, frame: NjFrame): void;
  _emit(code: string): void;
  _compileExpression(node: NjNode, frame: NjFrame): void;
}
/** A compile-time frame: `lookup` answers names bound in the generated code (loop variables…). */
export interface NjFrame {
  lookup(name: string): string | undefined;
}
export interface NjLookupVal extends NjNode {
  target: NjNode;
  val: NjNode;
}
export interface NjParser {
  nextToken(): { value: string; lineno: number; colno: number };
  parseExpression(): NjNode;
  parseUntilBlocks(...names: string[]): NjNodeList;
  advanceAfterBlockEnd(name?: string): void;
  fail(message: string, lineno?: number, colno?: number): never;
}
export interface NjEnvironment {
  opts: Record<string, unknown>;
  filters: Record<string, (...args: unknown[]) => unknown>;
  globals: Record<string, unknown>;
  asyncFilters: string[];
  extensionsList: unknown[];
  addFilter(name: string, fn: (...args: never[]) => unknown): void;
  addTest(name: string, fn: (...args: never[]) => unknown): void;
  addExtension(name: string, ext: object): void;
}
export interface NjTemplate {
  render(context: object): string;
  getExported(context: object, callback: (error: unknown, exported?: Record<string, unknown>) => void): void;
}
export interface NjSafeString {
  readonly val: string;
}
export interface Nunjucks {
  Environment: new (loaders: object[], opts: object) => NjEnvironment;
  Template: new (src: { type: 'code'; obj: unknown }, env: NjEnvironment, path: string) => NjTemplate;
  parser: { parse(src: string, extensions: unknown[], opts: object): NjNodeList };
  compiler: { Compiler: new (name: string, throwOnUndefined: boolean) => NjCompiler };
  nodes: NjNodes;
  runtime: { SafeString: new (value: string) => NjSafeString };
  lib: { TemplateError: new (message: string, lineno?: number, colno?: number) => Error };
}
