import { defineOperator } from '../core/define.js';
import { description } from './definition.js';
import type { KafkaConsumer, KafkaMessage } from '../core/net.js';
import { eventTimeOf, parseJsonLine } from '../core/parse.js';
import type { Rec, SourceBatch } from '../core/runtime.js';
import { PartitionWatermarks } from './watermarks.js';

/** Characters of a bad message's value kept in its dead letter. */
const MAX_KEPT_VALUE = 1000;
/** Longest a read waits for a message, so that checkpoints and a stop are not held up. */
const POLL_WAIT_MS = 100;

/** What a checkpoint keeps per partition: the next offset to read and its largest event time. */
export interface SourceKafkaPosition {
  partitions: Record<string, { offset: number; maxTs: number | null }>;
}

export const sourceKafka = defineOperator({
  ...description,
  create(params, ctx) {
    const net = ctx.net?.kafka;
    if (!net) throw new Error('this engine has no Kafka client');
    const timeField = params.eventTime?.field;
    const meta = params.metadata ?? {};
    const watermarks = new PartitionWatermarks(
      params.eventTime?.maxOutOfOrderness ?? 0,
      params.eventTime?.idleTimeout ?? null,
    );
    let starting: Promise<void> | null = null;
    /** The next offset of each partition after the last record returned by next(). */
    const positions = new Map<number, number>();
    let restored: SourceKafkaPosition | null = null;
    /** Offsets of the last snapshot, committed to the group once its checkpoint is durable. */
    let lastSnapshot: Map<number, number> | null = null;

    // Created at once, so that the node shows its connection while the run gets ready.
    const consumer: KafkaConsumer = net.consumer({
      bootstrapServers: params.bootstrapServers,
      topic: params.topic,
      groupId: params.groupId,
      clientId: `rivulet-${ctx.nodeId}`,
      connection: ctx.connection,
    });
    // Asked at once: while the run gets ready, the node already says whether a broker answers.
    const partitionsAsked = consumer.partitions();
    partitionsAsked.catch(() => {});
    let started = false;
    let nothingToRead = false;
    const start = async (): Promise<void> => {
      const share = ctx.split?.share;
      // In parallel: this reader's share of the partitions (the others read the rest).
      const partitions = [...(await partitionsAsked)]
        .sort((a, b) => a - b)
        .filter((_, i) => share === undefined || i % share.count === share.index);
      const saved = restored?.partitions ?? {};
      // A restore goes on from its offsets; partitions it does not know start from `startFrom`
      // on a fresh run, from the earliest record after a restore (added since: read them all).
      const fresh = partitions.filter((p) => saved[p] === undefined);
      const begin =
        fresh.length > 0
          ? await consumer.startOffsets(fresh, restored ? 'earliest' : params.startFrom)
          : new Map<number, number>();
      const maxTs = new Map<number, number>();
      for (const p of partitions) {
        const s = saved[p];
        positions.set(p, s ? s.offset : begin.get(p)!);
        if (s?.maxTs != null) maxTs.set(p, s.maxTs);
      }
      // In parallel a reader with no partition has nothing to read: it ends (its watermark
      // then holds nothing back), as Flink's idle source readers.
      if (partitions.length === 0 && share !== undefined) nothingToRead = true;
      watermarks.assign(partitions, ctx.now(), maxTs);
      consumer.assign(positions);
      started = true;
    };

    const reject = (m: KafkaMessage, text: string, reason: string): void =>
      ctx.deadLetter(
        {
          partition: m.partition,
          offset: m.offset,
          key: m.key,
          value: text.slice(0, MAX_KEPT_VALUE),
        },
        `partition ${m.partition} offset ${m.offset}: ${reason}`,
      );

    return {
      maxOutOfOrderness: params.eventTime?.maxOutOfOrderness ?? 0,
      async next(max): Promise<SourceBatch | null> {
        if (!started) {
          // While no broker answers (or the topic is missing), empty batches: checkpoints and
          // a stop go on.
          starting ??= start();
          await Promise.race([starting, ctx.sleep(POLL_WAIT_MS)]);
          if (!started) return { records: [], times: [] };
        }
        if (nothingToRead) return null;
        const messages = await consumer.poll(max, POLL_WAIT_MS);
        const now = ctx.now();
        const records: Rec[] = [];
        const times: number[] = [];
        const wms: number[] = [];
        for (const m of messages) {
          positions.set(m.partition, m.offset + 1);
          const text = m.value ?? '';
          if (m.value === null) {
            reject(m, text, 'no value (a tombstone)');
            continue;
          }
          const parsed = parseJsonLine(text);
          if (!parsed.ok) {
            reject(m, text, parsed.reason);
            continue;
          }
          const record = parsed.record;
          let ts = m.timestamp;
          if (timeField !== undefined) {
            const t = eventTimeOf(record, timeField);
            if (typeof t === 'string') {
              reject(m, text, t);
              continue;
            }
            ts = t;
          }
          if (meta.key) record[meta.key] = m.key;
          if (meta.partition) record[meta.partition] = m.partition;
          if (meta.offset) record[meta.offset] = m.offset;
          if (meta.timestamp) record[meta.timestamp] = m.timestamp;
          records.push(record);
          times.push(ts);
          wms.push(watermarks.onRecord(m.partition, ts, now));
        }
        return { records, times, watermarks: wms, watermark: watermarks.tick(now) };
      },
      snapshot(): SourceKafkaPosition | undefined {
        const partitions: SourceKafkaPosition['partitions'] = {};
        // Not started yet (no broker): where it will start is where it was restored from, or
        // as `startFrom` says.
        if (!started) return restored ?? undefined;
        for (const [p, offset] of positions) {
          const maxTs = watermarks.largest(p);
          partitions[p] = { offset, maxTs: Number.isFinite(maxTs) ? maxTs : null };
        }
        lastSnapshot = new Map(positions);
        return { partitions };
      },
      restore(state) {
        restored = state as SourceKafkaPosition;
      },
      async checkpointComplete() {
        if (started && lastSnapshot) await consumer.commit(lastSnapshot);
      },
      async close() {
        await consumer.close();
        // A start still waiting for the broker ends with the consumer: nothing to report.
        await starting?.catch(() => {});
      },
    };
  },
});
