import { describe, expect, it } from 'vitest';
import type {
  KafkaConsumer,
  KafkaMessage,
  KafkaNet,
  KafkaProducer,
  KafkaStartFrom,
  KafkaTransactionHandle,
} from '../core/net.js';
import { createTestContext } from '../core/test-support/context.js';
import { sinkKafka } from '../sink.kafka/index.js';
import { SinkKafkaParams } from '../sink.kafka/params.js';
import { sourceKafka, type SourceKafkaPosition } from './index.js';
import { SourceKafkaParams } from './params.js';

/** A topic in memory: partitions of messages, read from assigned offsets, commits recorded. */
class FakeConsumer implements KafkaConsumer {
  assigned = new Map<number, number>();
  commits: Map<number, number>[] = [];
  starts: KafkaStartFrom[] = [];
  constructor(readonly topic: KafkaMessage[][]) {}
  partitions() {
    return Promise.resolve(this.topic.map((_, i) => i));
  }
  startOffsets(partitions: readonly number[], from: KafkaStartFrom) {
    this.starts.push(from);
    return Promise.resolve(
      new Map(partitions.map((p) => [p, from === 'latest' ? this.topic[p]!.length : 0])),
    );
  }
  assign(offsets: ReadonlyMap<number, number>) {
    this.assigned = new Map(offsets);
  }
  poll(max: number) {
    const out: KafkaMessage[] = [];
    for (const [p, offset] of this.assigned) {
      const next = this.topic[p]!.slice(offset, offset + max - out.length);
      out.push(...next);
      this.assigned.set(p, offset + next.length);
    }
    return Promise.resolve(out);
  }
  commit(offsets: ReadonlyMap<number, number>) {
    this.commits.push(new Map(offsets));
    return Promise.resolve();
  }
  close() {
    return Promise.resolve();
  }
}

const message = (
  partition: number,
  offset: number,
  value: string | null,
  key = 'k',
): KafkaMessage => ({
  partition,
  offset,
  timestamp: 1_000 + offset,
  key,
  value,
});

function setup(topic: KafkaMessage[][], raw: Record<string, unknown> = {}) {
  const consumer = new FakeConsumer(topic);
  const t = createTestContext();
  const net: KafkaNet = {
    consumer: () => consumer,
    producer: () => {
      throw new Error('no producer here');
    },
  };
  const ctx = {
    ...t.ctx,
    net: { kafka: net, mqtt: undefined as never },
    // The fake answers at once: the source's wait for a slow start never ends first.
    sleep: () => new Promise<void>(() => {}),
  };
  const params = SourceKafkaParams.parse({ topic: 't', groupId: 'g', ...raw });
  return { t, consumer, source: sourceKafka.create(params, ctx) };
}

describe('source.kafka', () => {
  it('reads JSON objects with event time from a field, and the metadata fields asked for', async () => {
    const { source } = setup([[message(0, 0, '{"ts": 5000, "v": 1}')]], {
      eventTime: { field: 'ts' },
      metadata: { key: 'k', partition: 'p', offset: 'o', timestamp: 'kts' },
    });
    const batch = await source.next(10);
    expect(batch!.records).toEqual([{ ts: 5000, v: 1, k: 'k', p: 0, o: 0, kts: 1000 }]);
    expect(batch!.times).toEqual([5000]);
  });

  it('takes the Kafka timestamp when no field is named, and trails it per partition', async () => {
    const { source } = setup([[message(0, 0, '{}'), message(0, 1, '{}')], [message(1, 0, '{}')]], {
      eventTime: { maxOutOfOrderness: '0s' },
    });
    const batch = await source.next(10);
    expect(batch!.times).toEqual([1000, 1001, 1000]);
    // Partition 1 has nothing until its record: the minimum is −∞, then 999.
    expect(batch!.watermarks).toEqual([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, 999]);
  });

  it('turns malformed messages into dead letters naming partition and offset, and goes on', async () => {
    const { source, t } = setup(
      [
        [
          message(0, 0, 'not json'),
          message(0, 1, '[1]'),
          message(0, 2, null),
          message(0, 3, '{"ts":"x"}'),
          message(0, 4, '{"ts":1}'),
        ],
      ],
      { eventTime: { field: 'ts' } },
    );
    const batch = await source.next(10);
    expect(batch!.records).toEqual([{ ts: 1 }]);
    expect(t.deadLetters.map((d) => d.reason)).toEqual([
      expect.stringMatching(/^partition 0 offset 0: not valid JSON/),
      'partition 0 offset 1: not a JSON object (got an array)',
      'partition 0 offset 2: no value (a tombstone)',
      expect.stringMatching(/^partition 0 offset 3: event time field "ts" is neither/),
    ]);
    expect(t.deadLetters[0]!.record).toMatchObject({ partition: 0, offset: 0, value: 'not json' });
  });

  it('resumes from its checkpoint, not from startFrom, and commits offsets once it is durable', async () => {
    const topic = [[0, 1, 2, 3].map((o) => message(0, o, `{"n":${o}}`))];
    const first = setup(topic, { startFrom: 'latest' });
    expect((await first.source.next(2))!.records).toEqual([]); // latest: nothing
    const fresh = setup(topic);
    expect((await fresh.source.next(2))!.records).toEqual([{ n: 0 }, { n: 1 }]);
    const saved = fresh.source.snapshot!() as SourceKafkaPosition;
    expect(saved.partitions['0']!.offset).toBe(2);
    await fresh.source.checkpointComplete!(1);
    expect(fresh.consumer.commits).toEqual([new Map([[0, 2]])]);

    const again = setup(topic, { startFrom: 'latest' });
    again.source.restore!(saved);
    expect((await again.source.next(10))!.records).toEqual([{ n: 2 }, { n: 3 }]);
    expect(again.consumer.starts).toEqual([]); // no partition needed startFrom
  });
});

class FakeProducer implements KafkaProducer {
  sent: [string | null, string][] = [];
  committed: KafkaTransactionHandle[] = [];
  transactionalWith: [string, KafkaTransactionHandle | null] | null = null;
  private epoch = 0;
  transactional(prefix: string, recover: KafkaTransactionHandle | null) {
    this.transactionalWith = [prefix, recover];
    return Promise.resolve();
  }
  send(key: string | null, value: string) {
    this.sent.push([key, value]);
  }
  backpressure() {
    return null;
  }
  precommit() {
    return { transactionalId: 'x-0', producerId: '7', producerEpoch: this.epoch++ };
  }
  flush() {
    return Promise.resolve();
  }
  commit(handle: KafkaTransactionHandle) {
    this.committed.push(handle);
    return Promise.resolve();
  }
  close() {
    return Promise.resolve();
  }
}

function sink(raw: Record<string, unknown>, checkpoints: boolean) {
  const producer = new FakeProducer();
  const t = createTestContext();
  const net: KafkaNet = {
    consumer: () => {
      throw new Error('no');
    },
    producer: () => producer,
  };
  const ctx = {
    ...t.ctx,
    checkpoints,
    pipelineName: 'My shop!',
    net: { kafka: net, mqtt: undefined as never },
  };
  return {
    producer,
    runtime: sinkKafka.create(SinkKafkaParams.parse({ topic: 'o', ...raw }), ctx),
  };
}

describe('sink.kafka', () => {
  it('refuses exactly-once without checkpoints, saying what to do', async () => {
    await expect(sink({ delivery: 'exactly-once' }, false).runtime.ready!()).rejects.toThrow(
      /run with checkpoints/,
    );
  });

  it('writes JSON values with the key field as text, and commits what a checkpoint pre-committed once it is durable', async () => {
    const { producer, runtime } = sink({ delivery: 'exactly-once', key: 'user' }, true);
    await runtime.ready!();
    expect(producer.transactionalWith).toEqual(['rivulet-My-shop-w', null]);
    runtime.onRecord({ user: 'u1', n: 1 }, 0, '');
    runtime.onRecord({ user: 42 }, 0, '');
    runtime.onRecord({ n: 2 }, 0, '');
    expect(producer.sent).toEqual([
      ['u1', '{"user":"u1","n":1}'],
      ['42', '{"user":42}'],
      [null, '{"n":2}'],
    ]);
    const state = runtime.snapshot!();
    expect(producer.committed).toEqual([]);
    await runtime.checkpointComplete!(1);
    expect(producer.committed).toEqual([(state as { transaction: unknown }).transaction]);

    const restarted = sink({ delivery: 'exactly-once' }, true);
    restarted.runtime.restore!(state);
    await restarted.runtime.ready!();
    expect(restarted.producer.transactionalWith![1]).toEqual({
      transactionalId: 'x-0',
      producerId: '7',
      producerEpoch: 0,
    });
  });
});
