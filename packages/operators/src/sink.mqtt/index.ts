import { defineOperator } from '../core/define.js';
import { description } from './definition.js';
import { defaultClientId } from '../core/mqtt.js';
import type { MqttPublisher } from '../core/net.js';

export const sinkMqtt = defineOperator({
  ...description,
  create(params, ctx) {
    const mqtt = ctx.net?.mqtt;
    if (mqtt === undefined) throw new Error('MQTT is not available here (no network clients)');
    let publisher: MqttPublisher | null = null;
    // Connected before the sources start (not awaited: messages queue until it is).
    const options = {
      url: params.url,
      qos: params.qos,
      retain: params.retain,
      connection: ctx.connection,
      clientId: params.clientId ?? defaultClientId(ctx, 'pub', params.url, params.topic),
    };
    const open = (): MqttPublisher => (publisher ??= mqtt.publisher(options));
    const { topic } = params;
    return {
      ready() {
        open();
        return Promise.resolve();
      },
      onRecord(record) {
        (publisher ?? open()).publish(topic, JSON.stringify(record));
      },
      backpressure() {
        return publisher?.backpressure() ?? null;
      },
      async flush() {
        await publisher?.flush();
      },
      async close() {
        await publisher?.close();
      },
    };
  },
});
