import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The slowest tests (the conversations generator over 50,000 events, the property tests)
    // took 2.4 s alone and 10.7 s on a loaded 2-core machine, past vitest's default 5 s.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: process.env.RIVULET_REPORT ? ['default', 'json'] : ['default'],
    outputFile: { json: `../../.reports/${process.env.RIVULET_REPORT ?? 'unused'}.json` },
  },
});
