import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { declaredExports, difference, documentedApi, NONE } from './api-doc';

// The built package, as users import it: its exports must be exactly what docs/api.md lists.
const require = createRequire(import.meta.url);
const dist = (file: string) => join(dirname(fileURLToPath(import.meta.url)), '../dist', file);
const api = documentedApi('@bugmastery/core');

describe('@bugmastery/core exports exactly the documented API (docs/api.md)', () => {
  it('ESM values', async () => {
    expect(difference(Object.keys(await import('@bugmastery/core')), api.values)).toEqual(NONE);
  });

  it('CommonJS values', () => {
    expect(difference(Object.keys(require('@bugmastery/core') as object), api.values)).toEqual(NONE);
  });

  it.each(['index.d.ts', 'index.d.cts'])('%s: values and types', (file) => {
    expect(difference(declaredExports(dist(file)), [...api.values, ...api.types])).toEqual(NONE);
  });
});

describe('@bugmastery/core/internal', () => {
  it('holds only what the public entry does not (a name is public or internal, never both)', async () => {
    const publicNames = new Set(Object.keys(await import('@bugmastery/core')));
    const internal = Object.keys(await import('@bugmastery/core/internal'));
    expect(internal.length).toBeGreaterThan(0);
    expect(internal.filter((name) => publicNames.has(name))).toEqual([]);
  });

  it.each([
    ['ESM', async () => [await import('@bugmastery/core'), await import('@bugmastery/core/internal')]],
    ['CommonJS', async () => [require('@bugmastery/core'), require('@bugmastery/core/internal')]],
  ] as const)('%s: shares one copy of the modules with the public entry', async (_format, load) => {
    const [core, internal] = (await load()) as [typeof import('@bugmastery/core'), typeof import('@bugmastery/core/internal')];
    const client = core.createClient({ transports: [] });
    // A second copy of the code would make its own Scope class (and its own current client, caches…).
    expect(client.getScope()).toBeInstanceOf(internal.Scope);
  });
});
