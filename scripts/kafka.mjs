// `npm run kafka`: a Kafka broker for development on 127.0.0.1:9092 (its topics kept in
// .data/kafka), and the shop clickstream written into its topic `clicks` by the engine's CLI
// running examples/kafka/clicks-to-kafka.json, for pipelines that read from Kafka (the template
// "Shop clicks on Kafka"). Runs until Ctrl-C, which stops the producer, then the broker.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureKafkaJars, startKafka } from './brokers/kafka.mjs';
import { accepts } from './brokers/process.mjs';
import { ensureInstall } from './ensure-install.mjs';

const PORT = 9092;
const CONTROLLER_PORT = 9093;
const DATA_DIR = '.data/kafka';
const PIPELINE = 'examples/kafka/clicks-to-kafka.json';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

function fail(message) {
  console.error(`rivulet: ${message}`);
  process.exit(1);
}

for (const port of [PORT, CONTROLLER_PORT]) {
  if (await accepts(port)) fail(`127.0.0.1:${port} is in use (another Kafka?); stop it first`);
}

// The producer is the engine's CLI: install as `npm start` does, and build the engine.
ensureInstall();
const turbo = ['turbo', 'run', 'build', '--filter=@rivulet/engine', '--output-logs=errors-only'];
const build = spawnSync('npx', turbo, {
  stdio: 'inherit',
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
});
if (build.status !== 0) fail('the build failed; see above.');
const problem = await ensureKafkaJars();
if (problem) fail(`cannot start Kafka: ${problem}`);

console.log(`rivulet: starting Kafka on 127.0.0.1:${PORT} (data in ${DATA_DIR})…`);
const startedAt = Date.now();
const broker = await startKafka({
  port: PORT,
  controllerPort: CONTROLLER_PORT,
  dataDir: `${root}${DATA_DIR}`,
  // Its warnings and errors; the INFO lines only say how the start goes.
  log: (line) => {
    if (!line.includes('] INFO ')) console.log(`kafka: ${line}`);
  },
}).catch((error) => fail(error.message));
const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
console.log(`rivulet: Kafka ready on ${broker.bootstrap} in ${seconds} s (pid ${broker.pid})`);

// In this process group, so Ctrl-C reaches the CLI too: it stops its pipeline by itself
// (sinks flushed, summary printed). The broker has a group of its own and is stopped after it.
console.log(`rivulet: writing the shop clickstream into the topic "clicks" (${PIPELINE})`);
let producer = spawn(process.execPath, ['apps/engine/bin/rivulet.js', 'run', PIPELINE], {
  stdio: 'inherit',
});
const producerDone = new Promise((resolve) => {
  producer.once('error', (error) => {
    console.error(`rivulet: the clickstream producer did not start: ${error.message}`);
    resolve();
  });
  producer.once('exit', (code, signal) => {
    producer = null;
    if (!stopping) {
      const how = signal ?? `exit code ${code}`;
      console.error(`rivulet: the clickstream producer stopped (${how}); Kafka keeps running`);
    }
    resolve();
  });
});
console.log('rivulet: Ctrl-C stops both');

let stopping = false;
void broker.exited.then(({ code, signal }) => {
  if (stopping) return;
  console.error(`rivulet: Kafka stopped by itself (${signal ?? `exit code ${code}`}); see above`);
  producer?.kill('SIGINT');
  process.exitCode = 1;
});

async function stop() {
  if (stopping) {
    // A second Ctrl-C: do not wait for the producer.
    producer?.kill('SIGKILL');
    return;
  }
  stopping = true;
  console.log('\nrivulet: stopping the producer, then Kafka…');
  const patience = setTimeout(() => producer?.kill('SIGKILL'), 15_000);
  await producerDone;
  clearTimeout(patience);
  await broker.stop();
  console.log(`rivulet: Kafka stopped; its topics stay in ${DATA_DIR}`);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => {
  producer?.kill('SIGTERM');
  void stop();
});
