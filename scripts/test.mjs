// `npm test`: installs what is missing, builds, checks format, lint and types, runs every
// suite, and ends with the total line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureInstall } from './ensure-install.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
ensureInstall();

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', FORCE_COLOR: '0' };
let passed = 0;
let failed = 0;
const failures = [];

function step(name, command, args, options = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const run = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...env, ...options.env },
    cwd: options.cwd ?? root,
  });
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
check('typecheck', 'npx', ['turbo', 'run', 'typecheck', '--output-logs=errors-only']);

// Unit and integration suites, one vitest run per workspace, counted from their JSON reports.
const reports = `${root}.reports`;
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const suites = ['packages/shared-types', 'packages/operators', 'apps/engine'];
for (const dir of suites) {
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

console.log('');
if (failures.length > 0) console.log(`failed: ${failures.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
