import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { declaredExports, difference, documentedApi, NONE } from '../../core/test/api-doc';

// The built package, as users import it: its exports must be exactly what docs/api.md lists.
const require = createRequire(import.meta.url);
const dist = (file: string) => join(dirname(fileURLToPath(import.meta.url)), '../dist', file);
const api = documentedApi('@bugmastery/redis');

describe('@bugmastery/redis exports exactly the documented API (docs/api.md)', () => {
  it('ESM values', async () => {
    expect(difference(Object.keys(await import('@bugmastery/redis')), api.values)).toEqual(NONE);
  });

  it('CommonJS values', () => {
    expect(difference(Object.keys(require('@bugmastery/redis') as object), api.values)).toEqual(NONE);
  });

  it.each(['index.d.ts', 'index.d.cts'])('%s: values and types', (file) => {
    expect(difference(declaredExports(dist(file)), [...api.values, ...api.types])).toEqual(NONE);
  });
});

describe('the bugmastery command', () => {
  it('is a committed file (npm links a bin at install only if it exists, and install runs before the first build) that runs the built CLI', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { bin: Record<string, string>; files: string[] };
    const bin = pkg.bin.bugmastery;
    expect(bin).not.toMatch(/^(\.\/)?dist\//);
    expect(pkg.files.some((f) => bin.replace(/^\.\//, '').startsWith(`${f}/`))).toBe(true);
    const run = spawnSync(process.execPath, [`${root}${bin}`, '--help'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage: bugmastery <command>/);
  });
});
