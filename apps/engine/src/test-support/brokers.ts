// Vitest global setup: one real Kafka broker and one mosquitto for the whole engine suite,
// given to tests as inject('kafkaBootstrap') and inject('mqttUrl'), stopped at teardown.
// They run in a process of their own, scripts/brokers/serve.mjs, started as soon as vitest
// loads this file: vitest loads every global setup before it runs the first, which compiles the
// engine synchronously (./vitest.build.ts, up to a minute on a loaded machine), so the brokers
// start meanwhile. On a fresh clone that process fetches Kafka's jars with Maven first.
// A test that needs a broker of its own (to stop it) uses startOwnKafka from ./ownKafka.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `127.0.0.1:<port>` of the suite's Kafka broker. */
    kafkaBootstrap: string;
    /** `mqtt://127.0.0.1:<port>` of the suite's mosquitto. */
    mqttUrl: string;
  }
}

const SERVE = fileURLToPath(new URL('../../../../scripts/brokers/serve.mjs', import.meta.url));
const READY = 'rivulet-brokers ';

interface Brokers {
  helper: ChildProcess;
  ready: Promise<{ kafkaBootstrap: string; mqttUrl: string }>;
}

function launch(): Brokers {
  // Standard input is the brokers' lifeline: it closes when this process ends, however it ends,
  // and they stop then.
  const helper = spawn(process.execPath, [SERVE], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ready = new Promise<{ kafkaBootstrap: string; mqttUrl: string }>((resolve, reject) => {
    createInterface({ input: helper.stdout! }).on('line', (line) => {
      if (!line.startsWith(READY)) {
        console.log(line); // a first Maven fetch, an apt install
        return;
      }
      const message = JSON.parse(line.slice(READY.length)) as {
        error?: string;
        kafkaBootstrap: string;
        mqttUrl: string;
      };
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(message);
    });
    helper.once('error', reject);
    helper.once('exit', (code, signal) =>
      reject(new Error(`scripts/brokers/serve.mjs ended (${signal ?? `exit code ${code}`})`)),
    );
  });
  ready.catch(() => {}); // reported by setup()
  return { helper, ready };
}

let pending: Brokers | null = launch();

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const brokers = pending ?? launch(); // a second run in watch mode starts them again
  pending = null;
  const { helper } = brokers;
  const exited = new Promise<void>((resolve) => {
    if (helper.exitCode !== null || helper.signalCode !== null) resolve();
    else helper.once('exit', () => resolve());
  });
  try {
    const { kafkaBootstrap, mqttUrl } = await brokers.ready;
    project.provide('kafkaBootstrap', kafkaBootstrap);
    project.provide('mqttUrl', mqttUrl);
  } catch (error) {
    helper.stdin?.end();
    await exited;
    throw new Error(`cannot start the brokers: ${(error as Error).message}`);
  }
  return async () => {
    helper.stdin?.end();
    await exited;
  };
}
