import { defineConfig } from 'tsup';

export default defineConfig({
  // cli.ts is the `bugmastery` command (bin/bugmastery.js loads dist/cli.js).
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'es2022',
  sourcemap: true,
  external: ['ioredis', '@bugmastery/core'],
});
