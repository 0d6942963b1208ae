// `npm start`: installs what is missing, builds, and serves the engine and the web app on one
// port (http://127.0.0.1:5170; PORT, HOST, RIVULET_DATA_DIR, RIVULET_TOKEN,
// RIVULET_ALLOWED_HOSTS, RIVULET_RUN_HEAP_MB and RIVULET_WATCHDOG_MS override: docs/api.md).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureInstall } from './ensure-install.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
ensureInstall();
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
const build = spawnSync('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], {
  stdio: 'inherit',
  env,
});
if (build.status !== 0) {
  console.error('rivulet: the build failed; see above.');
  process.exit(build.status ?? 1);
}
await import('../apps/engine/dist/server/main.js');
