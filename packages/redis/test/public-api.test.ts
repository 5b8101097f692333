import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { itExportsTheDocumentedApi } from '../../core/test/api-doc';

describe('@bugmastery/redis exports exactly the documented API (docs/api.md): its own names', () => itExportsTheDocumentedApi('@bugmastery/redis'));

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
