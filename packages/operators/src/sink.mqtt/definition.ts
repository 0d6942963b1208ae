import { describeOperator } from '../core/define.js';
import { SinkMqttParams } from './params.js';

export const description = describeOperator({
  kind: 'sink',
  type: 'sink.mqtt',
  category: 'sink',
  title: 'MQTT sink',
  summary: 'Publishes each record as a JSON message to an MQTT topic.',
  inputs: [{ name: 'in', description: 'Records to publish' }],
  outputs: [],
  params: SinkMqttParams,
  docs: {
    description:
      'Publishes each record as one JSON object to `topic`, in order. Publishing is queued; when the broker is slower than the pipeline (or unreachable: the client reconnects by itself), the queue fills and the sources wait (backpressure). With QoS 1 the broker acknowledges each message, and a checkpoint is complete only once every message before it is acknowledged; after a recovery the records after that checkpoint are published again, so delivery is at-least-once (duplicates possible, none lost). QoS 0 is at-most-once. Closing waits for the acknowledgements, and fails the run, naming this node, when the broker does not give them in time.',
    example: { url: 'mqtt://127.0.0.1:1883', topic: 'alerts/large', qos: 1 },
  },
});
