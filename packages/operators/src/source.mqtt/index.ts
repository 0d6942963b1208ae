import { defineOperator } from '../core/define.js';
import { description } from './definition.js';
import { setField } from '../core/fields.js';
import { defaultClientId } from '../core/mqtt.js';
import type { MqttSubscription } from '../core/net.js';
import { eventTimeOf } from '../core/parse.js';
import type { Rec, SourceBatch } from '../core/runtime.js';
import { decodePayload, keptMessage } from './payload.js';

export { MAX_PAYLOAD_BYTES } from './payload.js';

/** How long a read waits for a message: short, so that checkpoints and a stop are not held up. */
export const POLL_WAIT_MS = 100;

export const sourceMqtt = defineOperator({
  ...description,
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
