import { defineConfig } from 'tsup';
// @ts-expect-error a build script in plain JS, without declarations
import { devFlag } from '../core/dev-flag.mjs';

// Development-only texts behind `process.env.NODE_ENV !== "production"`, as core's `browser` build
// (packages/core/src/dev.ts): the app's production bundle drops them.
const browserDev = devFlag('process.env.NODE_ENV !== "production"');

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: false,
    target: 'es2020',
    sourcemap: true,
    esbuildPlugins: [browserDev],
  },
  {
    // <script src=".../bugmastery.min.js"> → window.Bugmastery, core included (its `browser` build).
    // A production build: short warnings; a development build of the app shows the full ones.
    entry: { 'bugmastery.min': 'src/index.ts' },
    format: ['iife'],
    globalName: 'Bugmastery',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: true,
    noExternal: [/.*/],
    outExtension: () => ({ js: '.js' }),
    define: { 'process.env.NODE_ENV': '"production"' },
    esbuildPlugins: [browserDev],
  },
]);
