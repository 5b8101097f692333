import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directories the SDK may read files from (sources for context lines, source maps).
 * A `sourceMappingURL` or a stack path must never make the SDK read /etc/passwd.
 */
export class AppRoots {
  private readonly roots: string[];

  constructor(extra: readonly string[] = []) {
    const candidates = [process.cwd(), ...extra];
    const main = process.argv[1];
    if (main) candidates.push(dirname(resolve(main)));
    this.roots = [...new Set(candidates.filter(Boolean).map((d) => withSep(resolve(d))))];
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

  allows(path: string): boolean {
    if (path.includes('\0')) return false;
    const full = resolve(path);
    return this.roots.some((root) => full.startsWith(root));
  }
}

function withSep(dir: string): string {
  return dir.endsWith(sep) ? dir : dir + sep;
}
