import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Pure unit tests (the slowest took 5 ms): a wide limit costs nothing and a busy 2-core CI
    // machine never reaches it.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: process.env.RIVULET_REPORT ? ['default', 'json'] : ['default'],
    outputFile: { json: `../../.reports/${process.env.RIVULET_REPORT ?? 'unused'}.json` },
  },
});
