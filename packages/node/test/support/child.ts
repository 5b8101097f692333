import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const PACKAGE_DIR = resolve(__dirname, '../..');

let bundled: Promise<string> | undefined;

/**
 * The SDK as a child process sees it: packages/node/src bundled by esbuild (core and
 * source-map stay external and resolve from the workspace), so tests never run a stale dist.
 */
export function sdkBundle(): Promise<string> {
  bundled ??= (async () => {
    const cache = join(PACKAGE_DIR, 'node_modules', '.cache');
    // Workers can be killed before 'exit' runs: sweep bundles left by runs that ended long ago.
    for (const old of existsSync(cache) ? readdirSync(cache) : []) {
      const full = join(cache, old);
      if (/^(bugmastery-test-|bm-sym-)/.test(old) && Date.now() - statSync(full).mtimeMs > 10 * 60_000) rmSync(full, { recursive: true, force: true });
    }
    const dir = join(cache, `bugmastery-test-${process.pid}-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const outfile = join(dir, 'sdk.mjs');
    await build({
      entryPoints: [join(PACKAGE_DIR, 'src/index.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile,
      logLevel: 'silent',
    });
    return pathToFileURL(outfile).href;
  })();
  return bundled;
}

export function tempDir(prefix = 'bm-node-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** Where runScript writes main.mjs (default: `cwd`, else a new temp dir). */
  scriptDir?: string;
  /** Called with each stdout chunk: lets a test act when the child says it is ready. */
  onStdout?: (text: string, child: ReturnType<typeof spawn>) => void;
}

/** Writes `source` (an ES module; `SDK` is replaced by the bundle URL) into a temp dir and runs it. */
export async function runScript(source: string, options: RunOptions = {}): Promise<ChildResult> {
  const dir = options.scriptDir ?? options.cwd ?? tempDir();
  const file = join(dir, 'main.mjs');
  writeFileSync(file, source.replaceAll('SDK', await sdkBundle()));
  return runFile(file, options);
}

export function runFile(file: string, options: RunOptions = {}): Promise<ChildResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...(options.args ?? []), file], {
      cwd: options.cwd ?? resolve(file, '..'),
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      options.onStdout?.(stdout, child);
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}
