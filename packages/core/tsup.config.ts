import { defineConfig } from 'tsup';

export default defineConfig({
  // '@bugmastery/core' (the public API) and '@bugmastery/core/internal' (for the runtime packages).
  entry: ['src/index.ts', 'src/internal.ts'],
  format: ['esm', 'cjs'],
  // Shared chunks in both formats: the two entries must share one copy of the module state
  // (the current client, caches), in CommonJS too.
  splitting: true,
  dts: true,
  clean: true,
  target: 'es2020',
  sourcemap: true,
});
