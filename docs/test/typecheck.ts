import { join } from 'node:path';
import ts from 'typescript';
import type { Block } from './markdown-blocks';

/** Blocks the compiler checks: TypeScript, and JavaScript as `checkJs` sees it (users paste JS into TS projects too). */
export const CHECKED_LANGS: Record<string, 'ts' | 'js'> = { ts: 'ts', typescript: 'ts', js: 'js', javascript: 'js', mjs: 'js' };

/** As strict as a careful user's project: strict mode, DOM and Node types, the BUILT packages (dist/*.d.ts). */
const OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force, // each block is its own module: no clashes between blocks' names
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  types: ['node'],
  allowJs: true,
  checkJs: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
};

/** `noImplicitAny` reports (TS7005–TS7034) ask for annotations JavaScript cannot write: not held against JS blocks. */
const IMPLICIT_ANY = new Set([7005, 7006, 7008, 7019, 7031, 7034]);

export interface SourceOf {
  block: Block;
  /** Path of the block's virtual file (inside the repository, so `node_modules` resolves as for a user's app). */
  path: string;
  text: string;
  /** Lines of prelude before the block's first line. */
  preludeLines: number;
}

/** The program text of one block: its prelude, then the block. */
export function sourceOf(root: string, block: Block, index: number): SourceOf {
  const ext = CHECKED_LANGS[block.lang] === 'js' ? 'js' : 'ts';
  const slug = block.file.replace(/[^A-Za-z0-9]+/g, '-');
  const prelude = block.prelude ? `${block.prelude}\n` : '';
  return {
    block,
    path: join(root, 'docs', '.snippets', `${index}-${slug}-L${block.line}.${ext}`),
    text: prelude + block.code + '\n',
    preludeLines: prelude ? prelude.split('\n').length - 1 : 0,
  };
}

/** Type-checks every block in ONE program; returns one line per diagnostic, located in the markdown file. */
export function typecheck(sources: SourceOf[]): string[] {
  const byPath = new Map(sources.map((s) => [s.path, s]));
  const host = ts.createCompilerHost(OPTIONS, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (path, languageVersion, ...rest) => {
    const source = byPath.get(path);
    return source ? ts.createSourceFile(path, source.text, languageVersion, true) : getSourceFile.call(host, path, languageVersion, ...rest);
  };
  host.fileExists = (path) => byPath.has(path) || fileExists.call(host, path);
  host.readFile = (path) => byPath.get(path)?.text ?? readFile.call(host, path);
  const program = ts.createProgram([...byPath.keys()], OPTIONS, host);
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  for (const source of sources) {
    const file = program.getSourceFile(source.path)!;
    const isJs = source.path.endsWith('.js');
    for (const d of [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]) {
      if (isJs && IMPLICIT_ANY.has(d.code)) continue;
      diagnostics.push(`${where(source, d)}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n  ')}`);
    }
  }
  return diagnostics;
}

function where(source: SourceOf, d: ts.Diagnostic): string {
  const { block } = source;
  if (!d.file || d.start === undefined) return `${block.file}:${block.line}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  if (line < source.preludeLines) return `${block.file}:${block.line} (prelude line ${line + 1})`;
  return `${block.file}:${block.line + 1 + line - source.preludeLines}:${character + 1}`;
}
