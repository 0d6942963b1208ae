// Browser tests against the real engine (built by turbo first) in Debian's Chromium.
// Playwright's own browsers are never downloaded: the executable is /usr/bin/chromium.
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS, ENGINE_MAIN, ROOT, engine } from './engine';

const { port, dataDir, url } = engine();

if (!existsSync(CHROMIUM))
  throw new Error(`${CHROMIUM} is missing: run \`node scripts/ensure-install.mjs --chromium\``);
if (!existsSync(ENGINE_MAIN))
  throw new Error(`${ENGINE_MAIN} is missing: build first (\`npx turbo run build\`)`);

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  globalTeardown: './support/teardown.ts',
  timeout: 90_000,
  // `npm test` must stay well under 10 minutes: the whole browser suite gets 8.
  globalTimeout: 8 * 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: '../.reports/e2e.json' }]],
  use: {
    browserName: 'chromium',
    baseURL: url,
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'off',
    acceptDownloads: true,
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    command: `node ${JSON.stringify(ENGINE_MAIN)}`,
    cwd: ROOT,
    url: `${url}/api/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    env: { PORT: String(port), HOST: '127.0.0.1', RIVULET_DATA_DIR: dataDir },
  },
});
