import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { declaredExports, difference, documentedApi, NONE } from '../../core/test/api-doc';

// The built package, as users import it: its exports must be exactly what docs/api.md lists.
const require = createRequire(import.meta.url);
const dist = (file: string) => join(dirname(fileURLToPath(import.meta.url)), '../dist', file);
const api = documentedApi('@bugmastery/browser');

describe('@bugmastery/browser exports exactly the documented API (docs/api.md): core\'s and its own', () => {
  it('ESM values', async () => {
    expect(difference(Object.keys(await import('@bugmastery/browser')), api.values)).toEqual(NONE);
  });

  it('CommonJS values', () => {
    expect(difference(Object.keys(require('@bugmastery/browser') as object), api.values)).toEqual(NONE);
  });

  it.each(['index.d.ts', 'index.d.cts'])('%s: values and types', (file) => {
    expect(difference(declaredExports(dist(file)), [...api.values, ...api.types])).toEqual(NONE);
  });

  it('the script-tag global `Bugmastery` carries the same values and nothing else', () => {
    // A realm of its own, as a page's script tag would run it: only what the IIFE defines on it.
    const page = createContext({});
    runInContext(readFileSync(dist('bugmastery.min.js'), 'utf8'), page);
    expect(difference(Object.keys(page.Bugmastery as object), api.values)).toEqual(NONE);
  });
});
