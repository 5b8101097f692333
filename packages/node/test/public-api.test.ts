import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { declaredExports, difference, documentedApi, NONE } from '../../core/test/api-doc';

// The built package, as users import it: its exports must be exactly what docs/api.md lists.
const require = createRequire(import.meta.url);
const dist = (file: string) => join(dirname(fileURLToPath(import.meta.url)), '../dist', file);
const api = documentedApi('@bugmastery/node');

describe('@bugmastery/node exports exactly the documented API (docs/api.md): core\'s and its own', () => {
  it('ESM values', async () => {
    expect(difference(Object.keys(await import('@bugmastery/node')), api.values)).toEqual(NONE);
  });

  it('CommonJS values', () => {
    expect(difference(Object.keys(require('@bugmastery/node') as object), api.values)).toEqual(NONE);
  });

  it.each(['index.d.ts', 'index.d.cts'])('%s: values and types', (file) => {
    expect(difference(declaredExports(dist(file)), [...api.values, ...api.types])).toEqual(NONE);
  });
});
