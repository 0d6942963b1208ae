// One Kafka broker and one mosquitto for a test run, in a process of their own:
//   node scripts/brokers/serve.mjs
// prints `rivulet-brokers {"kafkaBootstrap":"127.0.0.1:…","mqttUrl":"mqtt://127.0.0.1:…"}` once
// both accept clients (or `rivulet-brokers {"error":"…"}` and exits 1), and stops them when its
// standard input closes (its parent is gone or done), on SIGINT or on SIGTERM.
// A process of its own because the engine's test setup compiles the engine synchronously first:
// the brokers start meanwhile instead of after it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureKafkaJars, startKafka } from './kafka.mjs';
import { ensureMosquitto, startMosquitto } from './mosquitto.mjs';

const READY = 'rivulet-brokers ';

const dataDir = mkdtempSync(join(tmpdir(), 'rivulet-kafka-'));
const started = [];
let stopping = null;

function stop(code) {
  stopping ??= Promise.allSettled(started.map((broker) => broker.stop())).then(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(code);
  });
  return stopping;
}

process.on('SIGINT', () => void stop(130));
process.on('SIGTERM', () => void stop(143));
process.stdin.on('end', () => void stop(0));
process.stdin.on('error', () => void stop(0));
process.stdin.resume();

// Broker output is shown only when a broker does not start (in the error's last lines).
const quiet = () => {};
const [kafka, mqtt] = await Promise.allSettled([
  ensureKafkaJars().then((problem) => {
    if (problem) throw new Error(problem);
    return startKafka({ dataDir, log: quiet });
  }),
  Promise.resolve().then(() => {
    const problem = ensureMosquitto();
    if (problem) throw new Error(problem);
    return startMosquitto({ log: quiet });
  }),
]);
for (const result of [kafka, mqtt]) if (result.status === 'fulfilled') started.push(result.value);
if (kafka.status === 'rejected' || mqtt.status === 'rejected') {
  const error = [kafka, mqtt]
    .filter((result) => result.status === 'rejected')
    .map((result) => result.reason?.message ?? String(result.reason))
    .join('\n');
  console.log(READY + JSON.stringify({ error }));
  await stop(1);
} else if (stopping === null) {
  const ready = { kafkaBootstrap: kafka.value.bootstrap, mqttUrl: mqtt.value.url };
  console.log(READY + JSON.stringify(ready));
}
