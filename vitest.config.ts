import { defineConfig } from 'vitest/config';

// Each package owns its vitest config (environment, timeouts); the root runs them all.
export default defineConfig({
  test: {
    projects: ['packages/*'],
  },
});
