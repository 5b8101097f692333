import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: false,
    target: 'es2020',
    sourcemap: true,
  },
  {
    // <script src=".../bugmastery.min.js"> → window.Bugmastery, core included.
    entry: { 'bugmastery.min': 'src/index.ts' },
    format: ['iife'],
    globalName: 'Bugmastery',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: true,
    noExternal: [/.*/],
    outExtension: () => ({ js: '.js' }),
  },
]);
