import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { itExportsTheDocumentedApi } from './api-doc';

const require = createRequire(import.meta.url);

describe('@bugmastery/core exports exactly the documented API (docs/api.md)', () => itExportsTheDocumentedApi('@bugmastery/core'));

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
