import { defineConfig } from 'vitest/config';

// Each package owns its vitest config (environment, timeouts), and so do the docs (their snippets); the root runs them all.
export default defineConfig({
  test: {
    projects: ['packages/*', 'docs'],
  },
});
