// Installs the workspace's packages when they are missing or older than the lock file,
// Debian's Chromium for the browser tests (Playwright never downloads a browser here), and what
// the engine's tests need to start real brokers: Kafka's jars (Maven) and mosquitto (apt), and
// the Flink runner (Maven) for the engine's Flink tests.
// No dependencies of its own: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureKafkaJars } from './brokers/kafka.mjs';
import { ensureMosquitto } from './brokers/mosquitto.mjs';
import { ensureFlinkRunner } from './flink/runner.mjs';

export { ensureFlinkRunner, ensureKafkaJars, ensureMosquitto };

const root = fileURLToPath(new URL('..', import.meta.url));
const marker = `${root}node_modules/.package-lock.json`;
const lock = `${root}package-lock.json`;

export function ensureInstall() {
  const fresh =
    existsSync(marker) && (!existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs);
  if (fresh) return;
  const args = existsSync(lock)
    ? ['ci', '--no-audit', '--no-fund']
    : ['install', '--no-audit', '--no-fund'];
  console.log(`rivulet: installing packages (npm ${args[0]})…`);
  // Playwright never downloads a browser: the browser tests use Debian's Chromium.
  const env = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };
  const run = spawnSync('npm', args, { cwd: root, stdio: 'inherit', env });
  if (run.status !== 0) {
    console.error('rivulet: npm could not install the packages; see above.');
    process.exit(run.status ?? 1);
  }
}

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Installs Debian's `chromium` package when /usr/bin/chromium is missing, printing each step.
 * Returns a reason when Chromium is still not there, so the caller counts the browser suite as
 * failed instead of skipping it; null when Chromium is ready.
 */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return null;
  const steps = [
    ['apt-get', ['update']],
    ['apt-get', ['install', '-y', '--no-install-recommends', 'chromium']],
  ];
  const sudo = typeof process.getuid === 'function' && process.getuid() !== 0;
  for (const [command, args] of steps) {
    const [cmd, argv] = sudo ? ['sudo', ['-n', command, ...args]] : [command, args];
    console.log(`rivulet: ${CHROMIUM} is missing; running: ${cmd} ${argv.join(' ')}`);
    const run = spawnSync(cmd, argv, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (run.error || run.status !== 0) {
      const why = run.error ? run.error.message : `exit code ${run.status}`;
      return `\`${cmd} ${argv.join(' ')}\` failed (${why}); install Debian's chromium package by hand`;
    }
  }
  if (!existsSync(CHROMIUM)) return `apt-get installed chromium but ${CHROMIUM} is still missing`;
  console.log(`rivulet: installed ${CHROMIUM}`);
  return null;
}

/**
 * Kafka's jars (fetched with Maven once) and mosquitto (installed with apt when missing), for
 * the engine's tests. Resolves to null when both are there, else to what is wrong.
 */
export async function ensureBrokers() {
  const problems = [await ensureKafkaJars(), ensureMosquitto()].filter((p) => p !== null);
  return problems.length > 0 ? problems.join('; ') : null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureInstall();
  if (process.argv.includes('--chromium')) {
    const problem = ensureChromium();
    if (problem) {
      console.error(`rivulet: no Chromium for the browser tests: ${problem}`);
      process.exit(1);
    }
  }
  if (process.argv.includes('--brokers')) {
    const problem = await ensureBrokers();
    if (problem) {
      console.error(`rivulet: cannot start the brokers: ${problem}`);
      process.exit(1);
    }
  }
}
