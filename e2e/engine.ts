// Where the browser tests find the real engine. The config runs once in the runner and once in
// each worker; the first run picks the port and data folder and leaves them in the environment,
// which the workers (and the engine it starts) inherit, so all agree.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const ENGINE_MAIN = join(ROOT, 'apps/engine/dist/server/main.js');
export const CHROMIUM = '/usr/bin/chromium';

/** A port nothing listens on now (asked of the kernel, synchronously: the config is not async). */
function freePort(): number {
  const script =
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

export interface Engine {
  port: number;
  dataDir: string;
  url: string;
}

export function engine(): Engine {
  process.env.RIVULET_E2E_PORT ??= String(freePort());
  process.env.RIVULET_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'rivulet-e2e-'));
  const port = Number(process.env.RIVULET_E2E_PORT);
  return {
    port,
    dataDir: process.env.RIVULET_E2E_DATA_DIR,
    url: `http://127.0.0.1:${port}`,
  };
}

/** Chromium flags for a headless machine with no GPU and no network but the loopback. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];
