import { defineOperator } from '../core/define.js';
import { description } from './definition.js';
import type { KafkaTransactionHandle } from '../core/net.js';

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
  ...description,
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
