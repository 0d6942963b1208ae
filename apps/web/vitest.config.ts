import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Framework-free unit tests (the slowest took 41 ms): the limit only has to survive a busy
    // 2-core CI machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
