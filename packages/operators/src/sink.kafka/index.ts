import { defineOperator } from '../core/define.js';
import type { KafkaTransactionHandle } from '../core/net.js';
import { SinkKafkaParams } from './params.js';

/** What a checkpoint keeps: the transaction its snapshot pre-committed (exactly-once), if any. */
export interface SinkKafkaState {
  transaction: KafkaTransactionHandle | null;
}

/** A record's key field as a message key: text as it is, anything else as JSON. */
export function messageKey(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const slug = (text: string): string =>
  text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80) || 'pipeline';

export const sinkKafka = defineOperator({
  kind: 'sink',
  type: 'sink.kafka',
  category: 'sink',
  title: 'Kafka sink',
  summary: 'Writes records to a Kafka topic, exactly once with checkpoints.',
  inputs: [{ name: 'in', description: 'Records to write' }],
  outputs: [],
  params: SinkKafkaParams,
  docs: {
    description:
      "Writes each record as a JSON object value to a Kafka topic, with the `key` field's value as a UTF-8 key. `exactly-once` writes inside Kafka transactions: a checkpoint pre-commits the open one and it is committed once the checkpoint is durable, so consumers reading `read_committed` see each record once, even across a `kill -9` (a restart commits what its checkpoint holds and aborts what the killed run left open). It needs checkpoints, and output becomes visible at each checkpoint. `at-least-once` sends with acknowledgement from every in-sync replica; a checkpoint waits for them, and records since the last checkpoint may be written again after a crash. While no broker answers the node shows `reconnecting` and the sources wait.",
    example: {
      bootstrapServers: ['127.0.0.1:9092'],
      topic: 'recommendations',
      key: 'userId',
      delivery: 'exactly-once',
    },
  },
  create(params, ctx) {
    const net = ctx.net?.kafka;
    if (!net) throw new Error('this engine has no Kafka client');
    const exactlyOnce = params.delivery === 'exactly-once';
    const producer = net.producer({
      bootstrapServers: params.bootstrapServers,
      topic: params.topic,
      clientId: `rivulet-${ctx.nodeId}`,
      connection: ctx.connection,
    });
    const keyField = params.key;
    let recover: KafkaTransactionHandle | null = null;
    /** The transaction the last snapshot pre-committed, to commit when its checkpoint is durable. */
    let pending: KafkaTransactionHandle | null = null;
    return {
      async ready() {
        if (!exactlyOnce) return;
        if (!ctx.checkpoints)
          throw new Error(
            'exactly-once delivery commits when a checkpoint completes: run with checkpoints (on the CLI: --checkpoints DIR), or choose at-least-once',
          );
        const prefix =
          params.transactionalIdPrefix ?? `rivulet-${slug(ctx.pipelineName ?? '')}-${ctx.nodeId}`;
        await producer.transactional(prefix, recover);
      },
      onRecord(record) {
        producer.send(keyField ? messageKey(record[keyField]) : null, JSON.stringify(record));
      },
      backpressure() {
        return producer.backpressure();
      },
      snapshot(): SinkKafkaState {
        pending = exactlyOnce ? producer.precommit() : null;
        return { transaction: pending };
      },
      restore(state) {
        recover = (state as SinkKafkaState | null)?.transaction ?? null;
      },
      flush() {
        return producer.flush();
      },
      async checkpointComplete() {
        const handle = pending;
        pending = null;
        if (handle) await producer.commit(handle);
      },
      close() {
        return producer.close({ flush: true });
      },
    };
  },
});
