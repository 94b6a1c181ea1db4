import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Worker threads share one process per file; forks isolate the wasm backend's memory.
    pool: 'forks',
  },
});
