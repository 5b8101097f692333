import { defineProject } from 'vitest/config';

// Unit tests run in happy-dom. The end-to-end tests in test/e2e drive real Chromium from Node and
// say so with a `@vitest-environment node` docblock: the root config takes one project per package.
export default defineProject({
  test: {
    name: 'browser',
    environment: 'happy-dom',
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
