import { describeOperator } from '../core/define.js';
import { MAX_RECORD_DEPTH } from '../core/limits.js';
import { MAX_PAYLOAD_BYTES } from './payload.js';
import { SourceMqttParams } from './params.js';

export const description = describeOperator({
  kind: 'source',
  type: 'source.mqtt',
  category: 'source',
  title: 'MQTT source',
  summary: 'Subscribes to an MQTT topic filter; each message is one JSON record.',
  inputs: [],
  outputs: [
    { name: 'out', description: 'One record per message whose payload is a JSON object' },
    {
      name: 'errors',
      description: 'Messages that are not records, with their topic and the reason',
    },
  ],
  params: SourceMqttParams,
  docs: {
    description:
      'Subscribes to a topic filter (`+` one level, `#` the rest) and reads each message as a JSON object. A payload that is not one (not JSON, not UTF-8, an array, empty, nested deeper than ' +
      String(MAX_RECORD_DEPTH) +
      ` levels, larger than ${MAX_PAYLOAD_BYTES / 1024 / 1024} MiB) is a dead letter with its topic and the reason — never fatal. \`topicField\` puts the message's topic into the record. With \`eventTime\`, the time comes from \`field\` (ms or ISO-8601), or is the arrival time when no field is given; in that case the watermark also follows the wall clock while no message comes, so windows fire on a quiet topic. Without \`eventTime\` records carry their arrival time and no watermark. ` +
      'Delivery: QoS 1 uses a persistent session (clean session off, a stable client id): messages published while the run is disconnected or stopped are kept by the broker (within its own queue limit) and read when it reconnects or starts again. A message is acknowledged once it is in the source’s receive queue; MQTT has no position to go back to, so a checkpoint holds none: after a crash, messages that were acknowledged but had not reached the sinks are not read again, and at a stop those still in the receive queue are counted as dropped (at-least-once across broker disconnects and restarts, not across crashes). When the pipeline is slower than the broker, the source stops reading and the broker holds the messages; QoS 0 messages beyond what the broker keeps for a slow client are dropped by the broker.',
    example: {
      url: 'mqtt://127.0.0.1:1883',
      topic: 'sensors/+/reading',
      eventTime: { field: 'ts', maxOutOfOrderness: '2s' },
      topicField: 'topic',
    },
  },
});
