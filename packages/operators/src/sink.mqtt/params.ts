import { z } from 'zod';
import { checkedString, MqttClientId, MqttQos, MqttUrl, topicNameProblem } from '../core/mqtt.js';

export const SinkMqttParams = z.strictObject({
  url: MqttUrl,
  topic: checkedString(topicNameProblem).meta({
    description: 'Topic to publish each record to (no wildcards), e.g. "alerts/large"',
  }),
  qos: MqttQos,
  retain: z.boolean().default(false).meta({
    description: "Retained: the broker keeps the topic's last message for later subscribers",
  }),
  clientId: MqttClientId,
});
export type SinkMqttParams = z.output<typeof SinkMqttParams>;
