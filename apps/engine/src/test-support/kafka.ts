// Talking to a test broker: topics, producing, and reading a topic back as a consumer would.
import { Admin, Consumer, Producer, stringSerializers } from '@platformatic/kafka';
import { readTopicValues } from '../connectors/kafka.js';

export interface Produced {
  partition: number;
  key?: string;
  value: string;
}

export async function createTopic(
  bootstrap: string,
  topic: string,
  partitions: number,
): Promise<void> {
  const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [bootstrap] });
  try {
    await admin.createTopics({ topics: [topic], partitions, replicas: 1 });
  } finally {
    await admin.close();
  }
}

export async function produce(
  bootstrap: string,
  topic: string,
  messages: Produced[],
): Promise<void> {
  const producer = new Producer({
    clientId: 'test-producer',
    bootstrapBrokers: [bootstrap],
    serializers: stringSerializers,
    acks: -1,
    // Idempotent: a send retried on a loaded machine does not write its messages twice.
    idempotent: true,
    producerId: -1n,
    producerEpoch: -1,
  });
  try {
    for (let i = 0; i < messages.length; i += 1000)
      await producer.send({ messages: messages.slice(i, i + 1000).map((m) => ({ ...m, topic })) });
  } finally {
    await producer.close();
  }
}

/**
 * Every value of a topic, partition by partition, as a consumer with this isolation sees it:
 * `read_committed` (what exactly-once promises) or `read_uncommitted` (open transactions too).
 */
export async function readTopic(
  bootstrap: string,
  topic: string,
  isolation: 'read_committed' | 'read_uncommitted' = 'read_committed',
): Promise<string[]> {
  return (await readTopicValues([bootstrap], topic, { isolation })) ?? [];
}

/** The group's committed offset of each partition (−1: none). */
export async function committedOffsets(
  bootstrap: string,
  groupId: string,
  topic: string,
  partitions: number,
): Promise<number[]> {
  const consumer = new Consumer({
    clientId: 'test-offsets',
    bootstrapBrokers: [bootstrap],
    groupId,
  });
  try {
    const offsets = await consumer.listCommittedOffsets({
      topics: [{ topic, partitions: Array.from({ length: partitions }, (_, i) => i) }],
    });
    return (offsets.get(topic) ?? []).map(Number);
  } finally {
    await consumer.close();
  }
}

/** Sorted, for comparing outputs as multisets. */
export const sorted = (values: string[]): string[] => [...values].sort();
