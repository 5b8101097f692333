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
