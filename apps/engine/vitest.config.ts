import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Runs execute in worker threads, which load the compiled engine: build it first.
    globalSetup: ['./vitest.build.ts'],
    testTimeout: 30_000,
    reporters: process.env.RIVULET_REPORT ? ['default', 'json'] : ['default'],
    outputFile: { json: `../../.reports/${process.env.RIVULET_REPORT ?? 'unused'}.json` },
  },
});
