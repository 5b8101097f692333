import { defineConfig } from 'tsup';
// @ts-expect-error a build script in plain JS, without declarations
import { devFlag } from './dev-flag.mjs';

// '@bugmastery/core' (the public API) and '@bugmastery/core/internal' (for the runtime packages).
const entry = ['src/index.ts', 'src/internal.ts'];

export default defineConfig([
  {
    // The default build: Node and every resolver without the `browser` export condition. Full
    // warnings whatever NODE_ENV says (src/dev.ts).
    entry,
    format: ['esm', 'cjs'],
    // Shared chunks in both formats: the two entries must share one copy of the module state
    // (the current client, caches), in CommonJS too.
    splitting: true,
    dts: true,
    target: 'es2020',
    sourcemap: true,
    esbuildPlugins: [devFlag('true')],
  },
  {
    // The `browser` export condition (dist/browser): development-only texts behind
    // `process.env.NODE_ENV !== "production"`, dropped by the app's production bundle. Types are the
    // default build's (the same declarations).
    entry,
    outDir: 'dist/browser',
    format: ['esm', 'cjs'],
    splitting: true,
    target: 'es2020',
    sourcemap: true,
    esbuildPlugins: [devFlag('process.env.NODE_ENV !== "production"')],
  },
]);
