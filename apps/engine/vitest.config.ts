import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Runs execute in worker threads, which load the compiled engine: build it first. Then one
    // real Kafka broker and one mosquitto for the suite (they start while the build runs).
    globalSetup: ['./vitest.build.ts', './src/test-support/brokers.ts'],
    // Integration tests: the scenario evaluations, real servers and sockets, the CLI as a child
    // process. The slowest (the fraud scenario, 150,000 payments) took 14 s alone and 42 s on a
    // loaded 2-core machine; the server tests up to 5 s. 180 s keeps four times the loaded figure.
    testTimeout: 180_000,
    hookTimeout: 60_000,
    reporters: process.env.RIVULET_REPORT ? ['default', 'json'] : ['default'],
    outputFile: { json: `../../.reports/${process.env.RIVULET_REPORT ?? 'unused'}.json` },
  },
});
