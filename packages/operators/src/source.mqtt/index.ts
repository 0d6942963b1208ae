import { defineOperator } from '../core/define.js';
import { setField } from '../core/fields.js';
import { MAX_RECORD_DEPTH } from '../core/limits.js';
import { defaultClientId } from '../core/mqtt.js';
import type { MqttSubscription } from '../core/net.js';
import { eventTimeOf } from '../core/parse.js';
import type { Rec, SourceBatch } from '../core/runtime.js';
import { decodePayload, keptMessage, MAX_PAYLOAD_BYTES } from './payload.js';
import { SourceMqttParams } from './params.js';

export { MAX_PAYLOAD_BYTES } from './payload.js';

/** How long a read waits for a message: short, so that checkpoints and a stop are not held up. */
export const POLL_WAIT_MS = 100;

export const sourceMqtt = defineOperator({
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
  create(params, ctx) {
    const mqtt = ctx.net?.mqtt;
    if (mqtt === undefined) throw new Error('MQTT is not available here (no network clients)');
    const timeField = params.eventTime?.field;
    const delay = params.eventTime ? params.eventTime.maxOutOfOrderness : null;
    const arrivalTime = params.eventTime !== undefined && timeField === undefined;
    const { topicField } = params;
    let subscription: MqttSubscription | null = null;
    const open = (): MqttSubscription =>
      (subscription ??= mqtt.subscribe({
        url: params.url,
        topic: params.topic,
        qos: params.qos,
        connection: ctx.connection,
        clientId: params.clientId ?? defaultClientId(ctx, 'sub', params.url, params.topic),
      }));

    return {
      maxOutOfOrderness: delay,
      async next(max) {
        const source = open();
        // Every message that arrived before this instant is in the queue polled now.
        const before = ctx.now();
        const messages = await source.poll(max, ctx.stopping() ? 0 : POLL_WAIT_MS);
        const batch: SourceBatch = { records: [], times: [] };
        for (const { topic, payload, receivedAt } of messages) {
          const decoded = decodePayload(payload);
          if (!decoded.ok) {
            // On arrival time a message has its time even when it is no record.
            ctx.deadLetter(
              keptMessage(topic, payload, decoded.text),
              `topic "${topic}": ${decoded.reason}`,
              timeField === undefined ? receivedAt : undefined,
            );
            continue;
          }
          const record: Rec = decoded.record;
          let ts = receivedAt;
          if (timeField !== undefined) {
            const t = eventTimeOf(record, timeField);
            if (typeof t === 'string') {
              ctx.deadLetter({ topic, record }, `topic "${topic}": ${t}`);
              continue;
            }
            ts = t;
          }
          if (topicField !== undefined) setField(record, topicField, topic);
          batch.records.push(record);
          batch.times.push(ts);
        }
        // On arrival time, a drained queue means every later message arrives after `before`:
        // the watermark may follow the clock while the topic is quiet (spec §3, idleness).
        if (arrivalTime && messages.length < max) batch.watermark = before - delay! - 1;
        return batch;
      },
      async close() {
        if (subscription === null) return;
        // Acknowledged but never read: MQTT cannot give them back, so they are counted.
        ctx.counters.dropped += (await subscription.poll(Number.MAX_SAFE_INTEGER, 0)).length;
        await subscription.close();
      },
    };
  },
});
