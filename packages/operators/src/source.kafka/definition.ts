import { describeOperator } from '../core/define.js';
import { SourceKafkaParams } from './params.js';

export const description = describeOperator({
  kind: 'source',
  type: 'source.kafka',
  category: 'source',
  title: 'Kafka source',
  summary: 'Reads JSON records from a Kafka topic, with watermarks per partition.',
  inputs: [],
  outputs: [
    { name: 'out', description: 'One record per JSON object message' },
    {
      name: 'errors',
      description:
        'Messages that are not JSON objects or lack an event time, with partition and offset',
    },
  ],
  params: SourceKafkaParams,
  // In parallel each worker reads its share of the partitions.
  splittable: () => null,
  splitBy: 'partitions',
  docs: {
    description:
      "Reads a Kafka topic: each message's value is a JSON object, and `metadata` names fields to receive the key, partition, offset and timestamp. Partitions are assigned by the source itself (no group rebalance to wait for; at `settings.parallelism` N each worker reads every Nth of them); the group is used to commit offsets once a checkpoint is durable, so that lag shows in Kafka's own tools. Only committed records are read (`read_committed`). Event time comes from `eventTime.field`, or else the record's Kafka timestamp; each partition trails its largest time by `maxOutOfOrderness` and the source's watermark is their minimum (Flink's rule); with `idleTimeout` a partition that has had no record for that long stops holding it back. A message that is not a JSON object, or lacks a valid event time, is a dead letter naming its partition and offset. With checkpoints the offsets are part of the checkpoint and take precedence over `startFrom` on a restore. While no broker answers the node shows `reconnecting` and the run waits; consumer lag per partition is in telemetry.",
    example: {
      bootstrapServers: ['127.0.0.1:9092'],
      topic: 'clicks',
      groupId: 'rivulet-clicks',
      eventTime: { field: 'ts', maxOutOfOrderness: '2s', idleTimeout: '10s' },
    },
  },
});
