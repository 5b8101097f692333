import { realpathSync } from 'node:fs';
import { isAbsolute, parse, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectAppRoot, rootSpellings } from './app-root';

/** What a file is read for: a source (context lines, a generated file to map) or a source map. */
export type SourceKind = 'source' | 'map';

const SOURCE_EXTENSIONS = /\.(?:[cm]?[jt]sx?|vue|svelte)$/i;
const MAP_EXTENSION = /\.map$/i;
/** Never read, whatever root a configuration names: kernel and device files, system configuration, runtime secrets. */
const SYSTEM_DIRS = ['/proc', '/sys', '/dev', '/etc', '/run', '/var/run', '/boot'];
/** Dot folders that hold an app's own built code (frameworks' output, pnpm's store); every other dot name is refused. */
const BUILD_DOT_DIRS = new Set(['.next', '.nuxt', '.output', '.svelte-kit', '.vercel', '.netlify', '.vite', '.pnpm']);
const MAX_VERDICTS = 2000;

/**
 * Which files the SDK may read for context lines and source maps. A stack string is input, not
 * an instruction (an upstream body, a deserialised job, a library's assigned `stack`): a file is
 * read only when it can be the app's own code — a source or map extension, a real path (symlinks
 * resolved) under an app root, no dot file or dot folder below the root, nothing under the
 * system folders. A root that is the file-system root is no root.
 */
export class AppRoots {
  /** Real paths, each ending in the separator. */
  private readonly roots: string[];
  /** Spelling → real path, or null when refused: a hundred spellings of one file cost one check each, once. */
  private readonly verdicts = new Map<string, string | null>();

  /** Exactly these folders (missing ones, the file-system root and system folders are left out). */
  constructor(dirs: readonly (string | undefined)[] = []) {
    const roots = new Set<string>();
    for (const dir of dirs) {
      if (!dir) continue;
      let real: string;
      try {
        real = realpathSync(resolve(dir));
      } catch {
        continue;
      }
      if (parse(real).root === real || isSystemPath(real)) continue;
      roots.add(real.endsWith(sep) ? real : real + sep);
    }
    this.roots = [...roots];
  }

  /** The app's root (see `detectAppRoot`) plus `extra` folders. */
  static forApp(extra: readonly (string | undefined)[] = [], appRoot?: string): AppRoots {
    return new AppRoots([...rootSpellings(detectAppRoot(appRoot)), ...extra]);
  }

  /** The absolute file path of a stack-frame file, or undefined for node: internals, URLs and relative names. */
  static toPath(file: string | undefined): string | undefined {
    if (!file || file.includes('\0')) return undefined;
    if (file.startsWith('file://')) {
      try {
        return fileURLToPath(file);
      } catch {
        return undefined;
      }
    }
    return isAbsolute(file) ? file : undefined;
  }

  /** The real path to read for `path`, or undefined when the SDK must not read it. No file content is read here. */
  resolve(path: string, kind: SourceKind = 'source'): string | undefined {
    const key = kind === 'map' ? 'map:' + path : path;
    const known = this.verdicts.get(key);
    if (known !== undefined) return known ?? undefined;
    const verdict = this.vet(path, kind) ?? null;
    if (this.verdicts.size >= MAX_VERDICTS) this.verdicts.clear();
    this.verdicts.set(key, verdict);
    return verdict ?? undefined;
  }

  private vet(path: string, kind: SourceKind): string | undefined {
    if (this.roots.length === 0 || path.includes('\0') || !isAbsolute(path)) return undefined;
    const extension = kind === 'map' ? MAP_EXTENSION : SOURCE_EXTENSIONS;
    // The spelling first (no system call for `.env`), then the real path: `app.js` may link to `../.env`.
    if (!extension.test(path)) return undefined;
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      return undefined;
    }
    if (!extension.test(real) || isSystemPath(real)) return undefined;
    for (const root of this.roots) {
      if (!real.startsWith(root)) continue;
      const below = real.slice(root.length).split(sep);
      return below.some((segment) => segment.startsWith('.') && !BUILD_DOT_DIRS.has(segment)) ? undefined : real;
    }
    return undefined;
  }
}

function isSystemPath(real: string): boolean {
  return sep === '/' && SYSTEM_DIRS.some((dir) => real === dir || real.startsWith(dir + '/'));
}
