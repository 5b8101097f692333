import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The fenced code blocks of the docs, with the `<!-- snippet: … -->` markers written just before each.
 *
 * Markers (HTML comments, invisible once rendered; only blank lines may separate them from the fence):
 * - `<!-- snippet: skip (reason) -->`    neither type-checked nor run
 * - `<!-- snippet: no-run (reason) -->`  type-checked, not run
 * - `<!-- snippet: prelude` … `-->`      code put before the block (same language), for names a fragment
 *                                        takes from its surroundings (`app`, `client`, `err`); one per block
 */
export interface Block {
  /** Repository-relative path of the markdown file. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The fence's info string up to the first space: `ts`, `js`, `sh`, `html`, `` (plain output). */
  lang: string;
  code: string;
  skip?: string;
  noRun?: string;
  prelude?: string;
}

/** Markdown files whose blocks users copy: the root README, each package's README, everything under docs/. */
export function docFiles(root: string): string[] {
  const files = ['README.md'];
  for (const pkg of readdirSync(join(root, 'packages')).sort()) {
    const readme = join('packages', pkg, 'README.md');
    if (isFile(join(root, readme))) files.push(readme);
  }
  const walk = (dir: string): void => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const path = join(dir, name);
      if (name === 'node_modules' || name.startsWith('.')) continue;
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (name.endsWith('.md')) files.push(path);
    }
  };
  walk('docs');
  return files;
}

const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)/;
const MARKER = /^<!--\s*snippet:\s*(skip|no-run|prelude)\b([\s\S]*?)-->\s*$/;

/** Every fenced block of one markdown text; throws on a malformed or orphan marker so a typo cannot silence a block. */
export function blocksOf(text: string, file: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let pending: { skip?: string; noRun?: string; prelude?: string; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      const [, indent, marks, lang] = fence;
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const close = lines[j]!;
        if (isClosingFence(close, marks!)) break;
        body.push(close.startsWith(indent!) ? close.slice(indent!.length) : close.trimStart());
      }
      if (j === lines.length) throw new Error(`${file}:${i + 1}: code fence never closed`);
      blocks.push({ file, line: i + 1, lang: lang!.toLowerCase(), code: body.join('\n'), ...withoutLine(pending) });
      pending = undefined;
      i = j;
      continue;
    }
    if (line.trimStart().startsWith('<!--') && /<!--\s*snippet\b/.test(line)) {
      // A marker may span lines (a prelude does): read up to its closing `-->`.
      let j = i;
      while (!lines[j]!.includes('-->') && j + 1 < lines.length) j++;
      const comment = lines.slice(i, j + 1).join('\n').trim();
      const match = MARKER.exec(comment);
      if (!match) throw new Error(`${file}:${i + 1}: unknown snippet marker ${JSON.stringify(comment.slice(0, 80))}`);
      const [, kind, rest] = match;
      pending ??= { line: i + 1 };
      if (kind === 'prelude') {
        if (pending.prelude !== undefined) throw new Error(`${file}:${i + 1}: two preludes for one block`);
        pending.prelude = rest!.replace(/^[ \t]*\n/, '').replace(/\s+$/, '');
      } else {
        const reason = /^\s*\((.+)\)\s*$/s.exec(rest!)?.[1]?.trim();
        if (!reason) throw new Error(`${file}:${i + 1}: "snippet: ${kind}" needs a reason in parentheses`);
        pending[kind === 'skip' ? 'skip' : 'noRun'] = reason;
      }
      i = j;
      continue;
    }
    if (pending && line.trim() !== '') throw new Error(`${file}:${pending.line}: snippet marker not followed by a code block`);
  }
  if (pending) throw new Error(`${file}:${pending.line}: snippet marker not followed by a code block`);
  return blocks;
}

export function allBlocks(root: string): Block[] {
  return docFiles(root).flatMap((file) => blocksOf(readFileSync(join(root, file), 'utf8'), relative(root, join(root, file))));
}

function withoutLine(pending: { line: number; skip?: string; noRun?: string; prelude?: string } | undefined): Omit<Block, 'file' | 'line' | 'lang' | 'code'> {
  if (!pending) return {};
  const { line: _line, ...marks } = pending;
  return marks;
}

/** A closing fence: up to 3 spaces, then only the opening's character, at least as many times. */
function isClosingFence(line: string, opening: string): boolean {
  const trimmed = line.trim();
  return /^ {0,3}\S/.test(line) && trimmed.length >= opening.length && trimmed === opening[0]!.repeat(trimmed.length);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
