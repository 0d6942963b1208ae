import { describeOperator } from '../core/define.js';
import { SinkKafkaParams } from './params.js';

export const description = describeOperator({
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
});
