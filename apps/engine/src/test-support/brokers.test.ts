// The brokers the connector tests run against are real and answer: Kafka (topics, produce,
// consume, transactions read with read_committed) and mosquitto (subscribe, publish, receive);
// a test's own broker restarts with its data and leaves no process behind.
import { randomUUID } from 'node:crypto';
import {
  Admin,
  Consumer,
  FetchIsolationLevels,
  Producer,
  stringDeserializers,
  stringSerializers,
  type MessagesStream,
} from '@platformatic/kafka';
import mqtt from 'mqtt';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startMosquitto } from '../../../../scripts/brokers/mosquitto.mjs';
import { startOwnKafka } from './ownKafka.js';

type Stream = MessagesStream<string, string, string, string>;

// Clients and brokers a test opened, closed after it whatever happened.
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

function admin(bootstrap: string): Admin {
  const client = new Admin({ clientId: 'rivulet-test', bootstrapBrokers: [bootstrap] });
  cleanups.push(() => client.close());
  return client;
}

function producer(
  bootstrap: string,
  transactionalId?: string,
): Producer<string, string, string, string> {
  const client = new Producer({
    clientId: 'rivulet-test',
    bootstrapBrokers: [bootstrap],
    serializers: stringSerializers,
    ...(transactionalId ? { transactionalId, idempotent: true } : {}),
  });
  cleanups.push(() => client.close());
  return client;
}

async function consume(
  bootstrap: string,
  topic: string,
  isolationLevel: number = FetchIsolationLevels.READ_UNCOMMITTED,
): Promise<Stream> {
  const client = new Consumer({
    groupId: `rivulet-test-${randomUUID()}`,
    clientId: 'rivulet-test',
    bootstrapBrokers: [bootstrap],
    deserializers: stringDeserializers,
    isolationLevel,
  });
  cleanups.push(() => client.close());
  const stream = await client.consume({ topics: [topic], mode: 'earliest', isolationLevel });
  cleanups.push(() => stream.close());
  return stream;
}

/** The values read until one satisfies `last` (in order, that one included). */
async function readUntil(stream: Stream, last: (value: string) => boolean): Promise<string[]> {
  const values: string[] = [];
  for await (const message of stream) {
    values.push(message.value);
    if (last(message.value)) break;
  }
  return values;
}

async function createTopic(bootstrap: string): Promise<string> {
  const topic = `test-${randomUUID()}`;
  await admin(bootstrap).createTopics({ topics: [topic], partitions: 1, replicas: 1 });
  return topic;
}

function gone(pid: number | undefined): boolean {
  try {
    process.kill(pid!, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

describe('the suite’s Kafka broker', () => {
  const bootstrap = inject('kafkaBootstrap');

  it('creates a topic, takes a message and gives it back', async () => {
    const topic = await createTopic(bootstrap);
    const metadata = await admin(bootstrap).metadata({ topics: [topic] });
    expect(metadata.topics.get(topic)?.partitionsCount).toBe(1);

    await producer(bootstrap).send({ messages: [{ topic, key: 'user-1', value: 'hello' }] });
    const stream = await consume(bootstrap, topic);
    for await (const message of stream) {
      expect([message.key, message.value, message.offset]).toEqual(['user-1', 'hello', 0n]);
      break;
    }
  });

  it('keeps an aborted transaction from a read_committed consumer', async () => {
    const topic = await createTopic(bootstrap);
    const transactional = producer(bootstrap, `rivulet-test-${randomUUID()}`);
    const aborted = await transactional.beginTransaction();
    await aborted.send({ messages: [{ topic, value: 'aborted' }] });
    await aborted.abort();
    const committed = await transactional.beginTransaction();
    await committed.send({ messages: [{ topic, value: 'committed 1' }] });
    await committed.send({ messages: [{ topic, value: 'committed 2' }] });
    await committed.commit();

    const isLast = (value: string) => value === 'committed 2';
    const readCommitted = await consume(bootstrap, topic, FetchIsolationLevels.READ_COMMITTED);
    expect(await readUntil(readCommitted, isLast)).toEqual(['committed 1', 'committed 2']);
    // The aborted record is in the log: a read_uncommitted consumer gets it.
    const readUncommitted = await consume(bootstrap, topic);
    expect(await readUntil(readUncommitted, isLast)).toEqual([
      'aborted',
      'committed 1',
      'committed 2',
    ]);
  });
});

describe('the suite’s mosquitto', () => {
  it('delivers what is published to a subscriber', async () => {
    const subscriber = await mqtt.connectAsync(inject('mqttUrl'), { reconnectPeriod: 0 });
    cleanups.push(() => subscriber.endAsync());
    const publisher = await mqtt.connectAsync(inject('mqttUrl'), { reconnectPeriod: 0 });
    cleanups.push(() => publisher.endAsync());
    const topic = `test/${randomUUID()}`;
    await subscriber.subscribeAsync(topic, { qos: 1 });
    const received = new Promise<[string, string]>((resolve) =>
      subscriber.on('message', (t, payload) => resolve([t, payload.toString()])),
    );
    await publisher.publishAsync(topic, 'hello', { qos: 1 });
    expect(await received).toEqual([topic, 'hello']);
  });
});

describe('a test’s own brokers', () => {
  it('Kafka restarts on the same port with its topics, and stops leaving no process', async () => {
    const broker = await startOwnKafka();
    cleanups.push(() => broker.close());
    const topic = await createTopic(broker.bootstrap);
    await producer(broker.bootstrap).send({ messages: [{ topic, value: 'before' }] });
    const first = broker.pid;

    await broker.restart();
    expect(broker.pid).not.toBe(first);
    expect(gone(first)).toBe(true);
    await producer(broker.bootstrap).send({ messages: [{ topic, value: 'after' }] });
    const stream = await consume(broker.bootstrap, topic);
    expect(await readUntil(stream, (value) => value === 'after')).toEqual(['before', 'after']);

    const second = broker.pid;
    await broker.close();
    expect(gone(second)).toBe(true);
  });

  it('mosquitto restarts on the same port, and stops leaving no process', async () => {
    const broker = await startMosquitto();
    cleanups.push(() => broker.stop());
    const first = broker.pid;
    await broker.restart();
    expect(gone(first)).toBe(true);
    const client = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    await client.endAsync();
    const second = broker.pid;
    await broker.stop();
    expect(gone(second)).toBe(true);
  });
});
