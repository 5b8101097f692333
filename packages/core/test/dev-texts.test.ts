import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Development-only texts (src/dev.ts): the default build, which Node and every resolver without the
 * `browser` condition load, keeps every full message whatever NODE_ENV says. (What the `browser` build
 * drops in a production bundle is tested in packages/browser/test/dev-texts.test.ts.)
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
const require = createRequire(import.meta.url);

/** Runs `code` in a fresh Node with NODE_ENV=production and returns what it printed. */
function runInProduction(code: string, type: 'module' | 'commonjs'): string {
  return execFileSync(process.execPath, [`--input-type=${type}`, '-e', code], { cwd: root, env: { ...process.env, NODE_ENV: 'production' }, encoding: 'utf8' });
}

const client = `({ transports: [], sampleRate: 5, sampelRate: 1, logger: { warn: (m) => console.log(m), error: (m) => console.log(m) } })`;

describe('the default build keeps the full warnings, even with NODE_ENV=production', () => {
  it.each([
    ['ESM', `import { createClient } from '@bugmastery/core'; createClient${client};`, 'module'],
    ['CommonJS', `const { createClient } = require('@bugmastery/core'); createClient${client};`, 'commonjs'],
  ] as const)('%s', (_format, code, type) => {
    const printed = runInProduction(code, type);
    expect(printed).toContain('option "sampleRate" must be a number from 0 to 1, not 5: using the default (1)');
    expect(printed).toContain('unknown option "sampelRate" (did you mean "sampleRate"?): ignored');
    expect(printed).toContain('no transports: option "transports" is empty, so every event is dropped as noTransport');
  });

  it('is what Node resolves; the browser build is a build of its own', () => {
    expect(require.resolve('@bugmastery/core')).toMatch(/[\\/]dist[\\/]index\.cjs$/);
    expect(require.resolve('@bugmastery/core/internal')).toMatch(/[\\/]dist[\\/]internal\.cjs$/);
  });
});

describe('the browser build (export condition `browser`)', () => {
  const dist = new URL('../dist/browser/', import.meta.url);

  it.each([
    ['ESM', async () => [await import(new URL('index.js', dist).href), await import(new URL('internal.js', dist).href)]],
    ['CommonJS', async () => [require(fileURLToPath(new URL('index.cjs', dist))), require(fileURLToPath(new URL('internal.cjs', dist)))]],
  ] as const)('%s: its two entries share one copy of the modules', async (_format, load) => {
    const [core, internal] = (await load()) as [typeof import('@bugmastery/core'), typeof import('@bugmastery/core/internal')];
    const client = core.createClient({ transports: [], logger: { warn: () => undefined, error: () => undefined } });
    expect(client.getScope()).toBeInstanceOf(internal.Scope);
  });

  it('reads NODE_ENV as written, for the app bundler to replace: development here (vitest sets "test")', async () => {
    const internal = (await import(new URL('internal.js', dist).href)) as typeof import('@bugmastery/core/internal');
    expect(internal.DEV).toBe(true);
    const warns: string[] = [];
    const { createClient } = (await import(new URL('index.js', dist).href)) as typeof import('@bugmastery/core');
    createClient({ transports: [], sampelRate: 1, logger: { warn: (m) => void warns.push(m), error: () => undefined } } as never);
    expect(warns.join('\n')).toContain('(did you mean "sampleRate"?)');
  });
});
