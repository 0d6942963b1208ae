// `npm run bench:web`: the web benchmark (not part of `npm test`), same engine and Chromium.
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

const minutes = Number(process.env.BENCH_WEB_MINUTES ?? 10);

export default defineConfig({
  ...base,
  testDir: './bench',
  outputDir: './test-results/bench',
  timeout: (minutes + 3) * 60_000,
  globalTimeout: (minutes + 10) * 60_000,
  reporter: [['list']],
});
