import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tools/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // The CLI tests spawn bin/dtwin.js, which runs the compiled server: compiled once, up front.
    globalSetup: ['test/support/compile-server.ts'],
  },
});
