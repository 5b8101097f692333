import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const NODE_FIXTURE = resolve(__dirname, 'fixtures/standard-fetch.ts');
const BROWSER_FIXTURE = resolve(__dirname, 'fixtures/standard-fetch-browser.ts');

/** Compiles the fixture against the published type declarations (dist, as an app sees them). */
function diagnostics(files: string[], lib: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: lib.map((l) => `lib.${l.toLowerCase()}.d.ts`),
    types: ['node'],
    skipLibCheck: true, // the fixtures are what is checked; checking all of @types/node takes half a minute
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
}

describe(`every transport's fetch option takes the standard fetch (TypeScript ${ts.version}, strict)`, () => {
  it('with the DOM lib (browser apps, and Node apps that include it)', () => {
    expect(diagnostics([NODE_FIXTURE, BROWSER_FIXTURE], ['ES2022', 'DOM'])).toEqual([]);
  }, 60_000);

  it("with Node's types only (fetch from undici)", () => {
    expect(diagnostics([NODE_FIXTURE], ['ES2022'])).toEqual([]);
  }, 60_000);
});
