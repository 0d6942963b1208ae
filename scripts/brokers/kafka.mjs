// A real single-node Kafka broker (KRaft: broker and controller in one JVM) for development and
// tests. Its jars come from Maven Central once (brokers/kafka/pom.xml) and are cached in
// brokers/kafka/lib; nothing is installed by hand. Node's own modules only.
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, runToEnd as run, startServer, which } from './process.mjs';

export const KAFKA_DIR = fileURLToPath(new URL('../../brokers/kafka/', import.meta.url));
export const LIB_DIR = join(KAFKA_DIR, 'lib');
const POM = join(KAFKA_DIR, 'pom.xml');
// Written last, after every jar is in place: lib is complete when it lists them all and was
// made from the pom as it is now.
const MANIFEST = join(LIB_DIR, 'complete.json');

const JVM_FLAGS = [
  // A broker for a few test topics: a small heap, and startup over peak speed (C1 only, the
  // serial collector) since the JIT's second tier mostly competes for 2 loaded cores.
  '-Xmx256m',
  '-XX:TieredStopAtLevel=1',
  '-XX:+UseSerialGC',
  '-XX:-UsePerfData',
  '-Djava.awt.headless=true',
];

function pomHash() {
  return createHash('sha256').update(readFileSync(POM)).digest('hex');
}

function libComplete() {
  try {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    return (
      manifest.pom === pomHash() &&
      manifest.jars.length > 0 &&
      manifest.jars.every((jar) => existsSync(join(LIB_DIR, jar)))
    );
  } catch {
    return false;
  }
}

/**
 * Fetches the broker's jars with Maven when brokers/kafka/lib is missing or incomplete (about
 * 43 MB, once); does nothing when they are there. Resolves to null when ready, else to the
 * problem.
 */
export async function ensureKafkaJars({ log = (line) => console.log(line) } = {}) {
  if (libComplete()) return null;
  // Into a folder of our own, renamed into place once complete: a Maven run that is interrupted,
  // or two runs at once, never leave a lib that looks complete and is not.
  const staging = join(KAFKA_DIR, `lib.${process.pid}.tmp`);
  rmSync(staging, { recursive: true, force: true });
  log('rivulet: fetching the Kafka broker (jars from Maven Central, once)…');
  const args = [
    '-q',
    '-B',
    '-Dstyle.color=never',
    '-f',
    POM,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${staging}`,
    '-DincludeScope=runtime',
  ];
  const problem = await run('mvn', args, KAFKA_DIR);
  if (problem) {
    rmSync(staging, { recursive: true, force: true });
    return `\`mvn ${args.join(' ')}\` failed (${problem}): Maven (and Java 17) must be installed`;
  }
  const jars = readdirSync(staging).filter((file) => file.endsWith('.jar'));
  writeFileSync(join(staging, 'complete.json'), JSON.stringify({ pom: pomHash(), jars }) + '\n');
  if (libComplete()) {
    rmSync(staging, { recursive: true, force: true }); // another run finished first
    return null;
  }
  rmSync(LIB_DIR, { recursive: true, force: true });
  try {
    renameSync(staging, LIB_DIR);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!libComplete()) return `could not move the jars into ${LIB_DIR}: ${error.message}`;
  }
  log(`rivulet: ${jars.length} jars in ${LIB_DIR}`);
  return null;
}

// A KRaft cluster id: 16 random bytes in URL-safe base64 (Kafka refuses one starting with '-').
function clusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

// Class-data sharing: the classes a broker loads, parsed and verified once, kept in an archive
// the next JVMs map. Measured here: a broker ready in 1.1–1.3 s instead of 1.9–2.2 s on an idle
// machine, and in 6.5 s instead of 19–20 s on a loaded one (load average 16 on 2 cores), since
// most of a JVM's start is spent loading classes. The first broker writes the archive when it
// stops (-XX:ArchiveClassesAtExit, a few seconds); later ones use it. The JVM checks the archive
// against itself and the jars and ignores one that does not match (a changed JDK or lib), and
// the name carries the JDK's identity so a new JDK writes a new one.
function classArchive(write = true) {
  const javaPath = which('java');
  if (!javaPath) return null;
  let key;
  try {
    const real = realpathSync(javaPath);
    const { size, mtimeMs } = statSync(real);
    key = createHash('sha256').update(`${real} ${size} ${mtimeMs}`).digest('hex').slice(0, 12);
  } catch {
    return null;
  }
  const archive = join(LIB_DIR, `kafka-${key}.jsa`);
  if (existsSync(archive)) return { archive, flags: [`-XX:SharedArchiveFile=${archive}`] };
  if (!write) return null;
  removeStaleArchives(key);
  const dumping = join(LIB_DIR, `kafka-${key}.${process.pid}.${++dumps}.jsa.tmp`);
  return { archive, dumping, flags: [`-XX:ArchiveClassesAtExit=${dumping}`] };
}
let dumps = 0;

// Archives of another JDK, and unfinished ones of processes that are gone.
function removeStaleArchives(key) {
  for (const file of readdirSync(LIB_DIR)) {
    const old = /^kafka-([0-9a-f]+)\.jsa$/.exec(file);
    const unfinished = /^kafka-[0-9a-f]+\.([0-9]+)\.[0-9]+\.jsa\.tmp$/.exec(file);
    if ((old && old[1] !== key) || (unfinished && !alive(Number(unfinished[1]))))
      rmSync(join(LIB_DIR, file), { force: true });
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

// The archive is complete only when the JVM exited by itself (after SIGTERM, its shutdown
// hooks ran and it wrote the archive), not when it was killed.
function keepArchive({ archive, dumping }, { signal }) {
  try {
    if (signal === null && existsSync(dumping) && !existsSync(archive))
      renameSync(dumping, archive);
    else rmSync(dumping, { force: true });
  } catch {
    rmSync(dumping, { force: true });
  }
}

function java(args) {
  return ['java', [...JVM_FLAGS, '-cp', join(LIB_DIR, '*'), ...args]];
}

/**
 * Starts a single-node broker and resolves once it accepts clients (1–3 s on an idle machine,
 * up to 20 s on a loaded one; it rejects after `timeoutMs` with its last log lines). The data folder keeps the topics across restarts;
 * it is formatted on its first start only. Ports not given are free ones picked here. `log`
 * receives each line the broker prints (warnings, errors, start and stop). With
 * `writeClassArchive: false` it never writes the class archive (which makes its first stop
 * seconds longer): for brokers that a test stops and restarts.
 */
export async function startKafka({
  port,
  controllerPort,
  dataDir,
  log,
  timeoutMs = 60_000,
  writeClassArchive = true,
} = {}) {
  if (!dataDir) throw new Error('startKafka: dataDir is required');
  const problem = await ensureKafkaJars();
  if (problem) throw new Error(`cannot start Kafka: ${problem}`);
  port ??= await freePort();
  controllerPort ??= await freePort();
  mkdirSync(dataDir, { recursive: true });
  const logDir = join(dataDir, 'logs');
  const properties = join(dataDir, 'server.properties');
  const template = readFileSync(join(KAFKA_DIR, 'server.properties'), 'utf8');
  writeFileSync(
    properties,
    template
      .replaceAll('{{port}}', String(port))
      .replaceAll('{{controllerPort}}', String(controllerPort))
      .replaceAll('{{logDir}}', logDir),
  );

  if (!existsSync(join(logDir, 'meta.properties'))) {
    const classes = classArchive(false);
    const [cmd, args] = java([
      ...(classes?.flags ?? []),
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId(),
      '-c',
      properties,
    ]);
    const failed = await run(cmd, args, dataDir);
    if (failed) throw new Error(`cannot format Kafka's data folder ${logDir}: ${failed}`);
  }

  let dumping = null;
  const launch = async () => {
    const classes = classArchive(writeClassArchive);
    dumping = classes?.dumping ?? null;
    const [cmd, args] = java([
      ...(classes?.flags ?? []),
      `-Dlog4j2.configurationFile=${join(KAFKA_DIR, 'log4j2.properties')}`,
      'kafka.Kafka',
      properties,
    ]);
    const server = await startServer({
      name: `Kafka on 127.0.0.1:${port}`,
      command: cmd,
      args,
      cwd: dataDir,
      onLine: log,
      ready: (line) => line.includes('Kafka Server started'),
      timeoutMs,
    }).catch((error) => {
      if (classes?.dumping) rmSync(classes.dumping, { force: true });
      throw error;
    });
    if (classes?.dumping) void server.exited.then((exit) => keepArchive(classes, exit));
    return server;
  };
  // Writing the class archive at exit takes a few seconds (more on a loaded machine): the
  // first stop waits longer before it kills.
  const stop = (graceMs) => server.stop(graceMs ?? (dumping ? 60_000 : 15_000));

  let server = await launch();
  return {
    bootstrap: `127.0.0.1:${port}`,
    port,
    controllerPort,
    dataDir,
    get pid() {
      return server.pid;
    },
    /** Resolves to { code, signal } when the current broker process ends, however it ends. */
    get exited() {
      return server.exited;
    },
    /** SIGTERM, SIGKILL after a grace period; resolves once the broker's process is gone. */
    stop,
    /** Stops it and starts it again on the same ports and data: topics and offsets survive. */
    async restart() {
      await stop();
      server = await launch();
    },
  };
}
