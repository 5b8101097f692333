import { existsSync, realpathSync } from 'node:fs';
import { dirname, parse, resolve } from 'node:path';

/**
 * The app's root: the folder of the nearest package.json above the entry script, else the entry
 * script's folder; with no entry script (a REPL, `node -e`), or one that is a tool's inside
 * node_modules, the same from the current directory. File identities in fingerprints are relative
 * to it, so one bug has one fingerprint whatever folder the app is deployed in; it is also the folder
 * whose sources the SDK may read. The file-system root is never an app root.
 */
export function detectAppRoot(configured?: string): string | undefined {
  if (configured) return usable(resolve(configured));
  const entry = process.argv[1];
  const start = entry && !/[\\/]node_modules[\\/]/.test(entry) ? dirname(realOr(resolve(entry))) : process.cwd();
  return nearestPackageDir(start) ?? usable(start);
}

/** The spellings of a root a stack may use: as given, and with symlinks resolved (Node reports real paths). */
export function rootSpellings(root: string | undefined): string[] {
  if (!root) return [];
  return [...new Set([root, realOr(root)])].filter((r) => usable(r) !== undefined);
}

function nearestPackageDir(start: string): string | undefined {
  let dir = start;
  for (let i = 0; i < 100; i++) {
    if (usable(dir) === undefined) return undefined;
    if (existsSync(resolve(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

function usable(dir: string): string | undefined {
  return parse(dir).root === dir ? undefined : dir;
}

function realOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
