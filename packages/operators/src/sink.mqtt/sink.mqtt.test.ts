import { describe, expect, it } from 'vitest';
import { createTestContext } from '../core/test-support/context.js';
import { fakeMqtt } from '../core/test-support/fake-mqtt.js';
import { sinkMqtt } from './index.js';
import { SinkMqttParams } from './params.js';

function open(raw: Record<string, unknown>) {
  const test = createTestContext();
  const fake = fakeMqtt();
  const ctx = { ...test.ctx, nodeId: 'alerts', net: fake.net };
  const sink = sinkMqtt.create(SinkMqttParams.parse({ topic: 'out/x', ...raw }), ctx);
  return { ...test, ctx, sink, fake };
}

const paths = (raw: unknown) =>
  SinkMqttParams.safeParse(raw).error?.issues.map((i) => i.path.join('.')) ?? [];

/** Whether a promise has settled after a few turns of microtasks. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return done;
}

describe('sink.mqtt params', () => {
  it('has defaults for all but the topic', () => {
    expect(SinkMqttParams.parse({ topic: 'a/b' })).toEqual({
      url: 'mqtt://127.0.0.1:1883',
      topic: 'a/b',
      qos: 1,
      retain: false,
    });
    expect(paths({})).toEqual(['topic']);
  });

  it.each(['a/+', 'a/#', '#', '', '$SYS/x'])('refuses the topic %j on the field topic', (topic) =>
    expect(paths({ topic })).toEqual(['topic']),
  );

  it('refuses a bad url, QoS 2 and unknown params, each on its field', () => {
    expect(paths({ topic: 't', url: 'tcp://b', qos: 2, retain: 'yes' })).toEqual([
      'url',
      'qos',
      'retain',
    ]);
    expect(SinkMqttParams.safeParse({ topic: 't', partition: 1 }).success).toBe(false);
  });
});

describe('sink.mqtt', () => {
  it('connects when made ready, with a stable client id of its own', async () => {
    const opened = open({ qos: 0, retain: true });
    expect(opened.fake.publishers).toHaveLength(0);
    await opened.sink.ready!();
    expect(opened.fake.publishers[0]!.options).toEqual({
      url: 'mqtt://127.0.0.1:1883',
      qos: 0,
      retain: true,
      connection: opened.ctx.connection,
      clientId: expect.stringMatching(/^rivulet-alerts-pub-[0-9a-f]{8}$/) as string,
    });
  });

  it('publishes each record as a JSON object to its topic, in order', async () => {
    const opened = open({});
    await opened.sink.ready!();
    opened.sink.onRecord({ a: 1, s: 'é' }, 0, '');
    opened.sink.onRecord({ a: 2, nested: { x: [null] } }, 0, '');
    expect(opened.fake.publishers[0]!.sent).toEqual([
      { topic: 'out/x', payload: '{"a":1,"s":"é"}' },
      { topic: 'out/x', payload: '{"a":2,"nested":{"x":[null]}}' },
    ]);
  });

  it('makes the pipeline wait while the broker is behind, and a checkpoint wait for every acknowledgement', async () => {
    const opened = open({});
    await opened.sink.ready!();
    const publisher = opened.fake.publishers[0]!;
    for (let i = 0; i < 2; i++) opened.sink.onRecord({ i }, 0, '');
    expect(opened.sink.backpressure!()).toBeNull();
    opened.sink.onRecord({ i: 2 }, 0, '');
    const wait = opened.sink.backpressure!()!;
    expect(wait).not.toBeNull();
    expect(await settled(wait)).toBe(false);
    publisher.ack(1);
    expect(await settled(wait)).toBe(true);
    const flushed = opened.sink.flush!();
    expect(await settled(flushed)).toBe(false);
    publisher.ack();
    expect(await settled(flushed)).toBe(true);
  });

  it('flushes and disconnects when it closes; without a record it still connected once', async () => {
    const opened = open({});
    opened.sink.onRecord({ i: 1 }, 0, '');
    const publisher = opened.fake.publishers[0]!;
    const closed = opened.sink.close!() as Promise<void>;
    expect(await settled(closed)).toBe(false);
    publisher.ack();
    await closed;
    expect(publisher.closed).toBe(true);
  });

  it('says so plainly without network clients', () => {
    const { ctx } = createTestContext();
    expect(() => sinkMqtt.create(SinkMqttParams.parse({ topic: 't' }), ctx)).toThrow(
      'MQTT is not available here',
    );
  });
});
