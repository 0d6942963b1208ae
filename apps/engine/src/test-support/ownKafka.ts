// A Kafka broker for one test alone, for tests that stop or restart it (a broker outage);
// the others share the suite's broker, inject('kafkaBootstrap') (see ./brokers.ts).
import { rmSync } from 'node:fs';
import { startKafka, type KafkaBroker } from '../../../../scripts/brokers/kafka.mjs';
import { tempDir } from './files.js';

export interface OwnKafka extends KafkaBroker {
  /** Stops the broker and deletes its data. */
  close(): Promise<void>;
}

/**
 * Starts a single-node broker on free ports with a data folder of its own; resolves once it
 * accepts clients (a few seconds; up to a minute on a loaded machine). Call close() at the end.
 */
export async function startOwnKafka(): Promise<OwnKafka> {
  const dataDir = tempDir();
  let broker: KafkaBroker;
  try {
    // Its stops are part of the test: not slowed by writing the class archive (the suite's
    // broker writes it).
    broker = await startKafka({ dataDir, writeClassArchive: false });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return Object.assign(broker, {
    async close() {
      await broker.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
