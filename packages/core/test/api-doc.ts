import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';

/**
 * The public API as docs/api.md lists it, and the names a build really exports, so each package's
 * public-api test can compare the two: an export nobody documented is a promise nobody meant to make.
 */

// Paths, not `new URL`: in happy-dom's environment the global URL is the DOM's, which node:url refuses.
const PACKAGES = join(dirname(fileURLToPath(import.meta.url)), '../..');
const DOC = join(PACKAGES, '../docs/api.md');

export interface DocumentedApi {
  values: string[];
  types: string[];
}

/** Lines of `text` from the heading `marker` (exact line) to the next heading of the same or a higher level. */
function section(text: string, marker: string): string {
  const lines = text.split('\n');
  const start = lines.indexOf(marker);
  if (start < 0) throw new Error(`docs/api.md has no heading "${marker}"`);
  const level = marker.indexOf(' ');
  const end = lines.findIndex((line, i) => i > start && /^#+ /.test(line) && line.indexOf(' ') <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** First backticked identifier of each table row: "| `createClient(options)` | …" → createClient. */
function tableNames(text: string): string[] {
  return [...text.matchAll(/^\|\s*`([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]);
}

function ownApi(doc: string, pkg: string): DocumentedApi {
  const body = section(doc, `## \`${pkg}\``);
  return { values: tableNames(section(body, '### Values')), types: tableNames(section(body, '### Types')) };
}

/** What docs/api.md promises for a package; node exports everything core does, browser all but what it leaves out, plus their own. */
export type PackageName = '@bugmastery/core' | '@bugmastery/node' | '@bugmastery/browser' | '@bugmastery/redis';

export function documentedApi(pkg: PackageName): DocumentedApi {
  const doc = readFileSync(DOC, 'utf8');
  const own = ownApi(doc, pkg);
  if (pkg === '@bugmastery/core' || pkg === '@bugmastery/redis') return own;
  const core = ownApi(doc, '@bugmastery/core');
  const left = new Set(pkg === '@bugmastery/browser' ? leftOutOfTheBrowser() : []);
  const kept = (names: string[]): string[] => names.filter((name) => !left.has(name));
  return { values: [...kept(core.values), ...own.values], types: [...kept(core.types), ...own.types] };
}

/** Core's names the browser package does not export (docs/api.md, "Left out of the browser"): server-side ones. */
export function leftOutOfTheBrowser(): string[] {
  return tableNames(section(section(readFileSync(DOC, 'utf8'), '## `@bugmastery/browser`'), '### Left out of the browser'));
}

/** Every name (value or type) a declaration file exports, as TypeScript resolves it for a user. */
export function declaredExports(dtsFile: string): string[] {
  const program = ts.createProgram([dtsFile], {
    noEmit: true,
    skipLibCheck: true,
    noLib: true, // only the export list is read: no need to load (and check) the standard library
    types: [],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2020,
  });
  const source = program.getSourceFile(dtsFile);
  if (!source) throw new Error(`${dtsFile} is missing: run \`npm run build\` first`);
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`${dtsFile} is not a module`);
  return checker.getExportsOfModule(module).map((symbol) => symbol.name);
}

/** Names in `actual` the docs do not list, and listed names `actual` lacks: both must be empty. */
export function difference(actual: Iterable<string>, documented: Iterable<string>): { undocumented: string[]; missing: string[] } {
  const have = new Set(actual);
  const want = new Set(documented);
  return {
    undocumented: [...have].filter((name) => !want.has(name)).sort(),
    missing: [...want].filter((name) => !have.has(name)).sort(),
  };
}

export const NONE = { undocumented: [], missing: [] };

/** A package's built dist file, as users get it. */
export function distFile(pkg: PackageName, file: string): string {
  return join(PACKAGES, pkg.split('/')[1], 'dist', file);
}

/**
 * The checks every package's public-api test makes on its build, as users import it: the ESM and
 * CommonJS values and both declaration files export exactly what docs/api.md lists.
 */
export function itExportsTheDocumentedApi(pkg: PackageName): void {
  const api = documentedApi(pkg);
  it('ESM values', async () => {
    expect(difference(Object.keys(await import(/* @vite-ignore */ pkg)), api.values)).toEqual(NONE);
  });
  it('CommonJS values', () => {
    expect(difference(Object.keys(createRequire(import.meta.url)(pkg) as object), api.values)).toEqual(NONE);
  });
  it.each(['index.d.ts', 'index.d.cts'])('%s: values and types', (file) => {
    expect(difference(declaredExports(distFile(pkg, file)), [...api.values, ...api.types])).toEqual(NONE);
  });
}
