import { Duration } from '@rivulet/shared-types';
import { z } from 'zod';
import { checkedString, MqttClientId, MqttQos, MqttUrl, topicFilterProblem } from '../core/mqtt.js';

export const MqttEventTimeParams = z
  .strictObject({
    field: z.string().min(1).optional().meta({
      description:
        'Field holding the event time: ms since epoch or ISO-8601 text. Absent: the time the message arrived',
    }),
    maxOutOfOrderness: Duration.default(0).meta({
      description: 'How far behind the latest event time a record may arrive, e.g. "2s"',
    }),
  })
  .meta({
    description:
      'Event time and watermarks ({} for arrival time); without it records carry their arrival time but no watermark, so windows never fire',
  });

export const SourceMqttParams = z.strictObject({
  url: MqttUrl,
  topic: checkedString(topicFilterProblem).meta({
    description:
      'Topic filter to subscribe to; "+" stands for one whole level, "#" for the rest (last level only), e.g. "sensors/+/temp"',
  }),
  qos: MqttQos,
  eventTime: MqttEventTimeParams.optional(),
  topicField: z.string().min(1).optional().meta({
    description: "Field to put each message's topic into (replacing a field of that name)",
  }),
  clientId: MqttClientId,
});
export type SourceMqttParams = z.output<typeof SourceMqttParams>;
