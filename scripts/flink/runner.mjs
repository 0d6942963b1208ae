// Builds the Flink runner (runners/flink: Java sources and a pom) with Maven once and caches its
// classes and dependency jars in runners/flink/build (ignored by git); rebuilt only when the pom
// or a source changes. apps/engine/src/flink/runner.ts starts it; `npm test` builds it before
// the engine's suite. Node's own modules only (it runs before anything is installed).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runToEnd as run, which } from '../brokers/process.mjs';

export const RUNNER_DIR = fileURLToPath(new URL('../../runners/flink/', import.meta.url));
export const BUILD_DIR = join(RUNNER_DIR, 'build');
export const MAIN_CLASS = 'dev.rivulet.flink.RunScripts';
const POM = join(RUNNER_DIR, 'pom.xml');
const SOURCES = join(RUNNER_DIR, 'src');
// Written last, after the classes and every jar are in place: the build is complete when it
// lists them all and was made from the pom and the sources as they are now.
const MANIFEST = 'complete.json';
const MAIN_FILE = join('classes', ...MAIN_CLASS.split('.')) + '.class';

// Startup over peak speed: C1 only and the serial collector, since the JIT's second tier and a
// parallel collector compete for the 2 cores a short job needs. Measured with two scripts (a
// window job, a failing one), four alternating rounds: 5.1–5.7 s with these flags, 7.0–7.6 s
// with -Xmx512m alone.
const JVM_FLAGS = [
  '-Xmx512m',
  '-XX:TieredStopAtLevel=1',
  '-XX:+UseSerialGC',
  '-XX:-UsePerfData',
  '-Djava.awt.headless=true',
];

// On Linux, setpriv asks the kernel to kill the JVM when its parent dies, however it dies.
const SETPRIV = process.platform === 'linux' ? which('setpriv') : null;

/**
 * The command line that runs the scripts in one JVM, in order. `tmpDir` (writable, made and
 * removed by the caller) is its java.io.tmpdir: Flink's planner unpacks a 42 MB jar there at
 * every start, and the MiniCluster keeps its files there.
 */
export function flinkRunnerCommand(scripts, { tmpDir }) {
  const classpath = [join(BUILD_DIR, 'classes'), join(BUILD_DIR, 'lib', '*')].join(delimiter);
  const java = [...JVM_FLAGS, `-Djava.io.tmpdir=${tmpDir}`, '-cp', classpath, MAIN_CLASS];
  return SETPRIV
    ? [SETPRIV, ['--pdeathsig', 'KILL', 'java', ...java, ...scripts]]
    : ['java', [...java, ...scripts]];
}

function files(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function sourceHash() {
  const hash = createHash('sha256').update(readFileSync(POM));
  for (const file of files(SOURCES)) {
    hash.update(`\0${relative(RUNNER_DIR, file)}\0`).update(readFileSync(file));
  }
  return hash.digest('hex');
}

function buildComplete(dir = BUILD_DIR) {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'));
    return (
      manifest.sources === sourceHash() &&
      existsSync(join(dir, MAIN_FILE)) &&
      manifest.jars.length > 0 &&
      manifest.jars.every((jar) => existsSync(join(dir, 'lib', jar)))
    );
  } catch {
    return false;
  }
}

/**
 * Builds the runner with Maven when runners/flink/build is missing or older than the pom or a
 * source (the first build downloads Flink's jars, about 160 MB, into ~/.m2); does nothing when
 * it is up to date. Resolves to null when ready, else to the problem.
 */
export function ensureFlinkRunner({ log = (line) => console.log(line) } = {}) {
  if (buildComplete()) return Promise.resolve(null);
  // One build at a time in this process (its staging folder is named after the process).
  building ??= build(log)
    .catch((error) => `the Flink runner's build failed: ${error.message}`)
    .finally(() => (building = null));
  return building;
}

let building = null;

async function build(log) {
  // Into a folder of our own, renamed into place once complete: a build that is interrupted, or
  // two at once, never leave a build that looks complete and is not.
  const staging = join(RUNNER_DIR, `build.${process.pid}.tmp`);
  rmSync(staging, { recursive: true, force: true });
  log(
    'rivulet: building the Flink runner with Maven (the first build downloads Flink 2.3, about 160 MB, into ~/.m2)…',
  );
  const sources = sourceHash();
  const args = [
    '-q',
    '-B',
    '-Dstyle.color=never',
    '-f',
    POM,
    'package',
    `-Drivulet.out=${staging}`,
  ];
  const problem = await run('mvn', args, RUNNER_DIR);
  if (problem) {
    rmSync(staging, { recursive: true, force: true });
    return `\`mvn ${args.join(' ')}\` failed (${problem}): Maven and Java 17 must be installed, and Maven Central reachable`;
  }
  if (sourceHash() !== sources) {
    rmSync(staging, { recursive: true, force: true });
    return `the Flink runner's sources changed while it was being built (${RUNNER_DIR}); build again`;
  }
  const jars = readdirSync(join(staging, 'lib')).filter((file) => file.endsWith('.jar'));
  writeFileSync(join(staging, MANIFEST), JSON.stringify({ sources, jars }) + '\n');
  if (buildComplete()) {
    rmSync(staging, { recursive: true, force: true }); // another build finished first
    return null;
  }
  rmSync(BUILD_DIR, { recursive: true, force: true });
  try {
    renameSync(staging, BUILD_DIR);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!buildComplete()) return `could not move the build into ${BUILD_DIR}: ${error.message}`;
  }
  log(`rivulet: Flink runner built in ${BUILD_DIR} (${jars.length} jars)`);
  return null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problem = await ensureFlinkRunner();
  if (problem) {
    console.error(`rivulet: cannot build the Flink runner: ${problem}`);
    process.exit(1);
  }
}
