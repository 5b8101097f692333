import { defineProject } from 'vitest/config';

// The docs' own tests: every code block users copy is type-checked and run, and the event schema is checked
// against real events. They use the BUILT packages (`npm test` builds first).
export default defineProject({
  test: {
    name: 'docs',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Snippet runs are child processes: two at a time on a two-core machine.
    maxConcurrency: 2,
    hookTimeout: 60_000,
  },
});
