// `npm test`: installs what is missing, builds, checks format, lint and types, runs every
// suite, and ends with the total line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ensureBrokers,
  ensureChromium,
  ensureFlinkRunner,
  ensureInstall,
} from './ensure-install.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
ensureInstall();

const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  FORCE_COLOR: '0',
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
};
let passed = 0;
let failed = 0;
const failures = [];

function step(name, command, args, options = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const run = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...env, ...options.env },
    cwd: options.cwd ?? root,
    ...(options.timeout ? { timeout: options.timeout, killSignal: 'SIGTERM' } : {}),
  });
  if (run.error) console.error(`${name}: ${run.error.message}`);
  return run.status === 0;
}

function check(name, command, args) {
  if (step(name, command, args)) passed++;
  else {
    failed++;
    failures.push(name);
  }
}

check('build', 'npx', ['turbo', 'run', 'build', '--output-logs=errors-only']);
check('format', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']);
check('lint', 'npx', ['eslint', '.']);
check('import cycles', 'node', ['scripts/cycles.mjs']);
check('typecheck', 'npx', ['turbo', 'run', 'typecheck', '--output-logs=errors-only']);

// The engine's tests run against a real Kafka broker and mosquitto, which its vitest setup
// starts: their jars and program are fetched or installed here first. Without them the engine
// suite cannot run, and counts as a failure.
const brokersProblem = await ensureBrokers();
// The Flink runner (runners/flink) is built with Maven here too, not within the suite's time
// limits; should it fail, the engine's Flink test reports it again.
const flinkProblem = await ensureFlinkRunner();
if (flinkProblem) {
  console.error(`\n=== Flink runner: cannot build it: ${flinkProblem}`);
  failed++;
  failures.push('Flink runner (build)');
}

// Unit and integration suites, one vitest run per workspace, counted from their JSON reports.
const reports = `${root}.reports`;
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const suites = ['packages/shared-types', 'packages/operators', 'apps/engine', 'apps/web'];
for (const dir of suites) {
  if (dir === 'apps/engine' && brokersProblem) {
    console.error(`\n=== tests ${dir}: cannot start the brokers: ${brokersProblem}`);
    failed++;
    failures.push(`${dir} (no brokers)`);
    continue;
  }
  const report = `${reports}/${dir.replaceAll('/', '-')}.json`;
  const ok = step(
    `tests ${dir}`,
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    { cwd: `${root}${dir}` },
  );
  if (!existsSync(report)) {
    failed++;
    failures.push(`${dir} (no report)`);
    continue;
  }
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  if (json.numFailedTests > 0 || !ok) failures.push(dir);
  if (!ok && json.numFailedTests === 0) failed++; // a suite that failed to load
}

// Browser tests: Playwright in Debian's Chromium against the real engine (e2e/), counted from
// their JSON report. No Chromium, no report or no test run each count as a failure.
const chromiumProblem = ensureChromium();
if (chromiumProblem) {
  console.error(`\n=== tests e2e: cannot run the browser tests: ${chromiumProblem}`);
  failed++;
  failures.push('e2e (no Chromium)');
} else {
  const report = `${reports}/e2e.json`;
  const ok = step('tests e2e', 'npx', ['playwright', 'test'], {
    cwd: `${root}e2e`,
    env: { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
    timeout: 20 * 60_000,
  });
  if (!existsSync(report)) {
    failed++;
    failures.push('e2e (no report)');
  } else {
    const { stats, errors = [] } = JSON.parse(readFileSync(report, 'utf8'));
    for (const error of errors) console.error(`e2e: ${error.message ?? JSON.stringify(error)}`);
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected;
    if (stats.skipped > 0) console.log(`e2e: ${stats.skipped} skipped`);
    const ran = stats.expected + stats.flaky + stats.unexpected;
    if (stats.unexpected > 0 || !ok || ran === 0) failures.push('e2e');
    if ((!ok || ran === 0) && stats.unexpected === 0) failed++; // it did not start, or ran nothing
  }
}

console.log('');
if (failures.length > 0) console.log(`failed: ${failures.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
