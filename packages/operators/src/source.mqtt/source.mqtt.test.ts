import { describe, expect, it } from 'vitest';
import { createTestContext } from '../core/test-support/context.js';
import { fakeMqtt } from '../core/test-support/fake-mqtt.js';
import { MAX_RECORD_DEPTH } from '../core/limits.js';
import { topicFilterProblem, topicNameProblem } from '../core/mqtt.js';
import type { SourceBatch } from '../core/runtime.js';
import { MAX_PAYLOAD_BYTES, POLL_WAIT_MS, sourceMqtt } from './index.js';
import { SourceMqttParams } from './params.js';

function open(
  raw: Record<string, unknown>,
  options: { now?: number; stopping?: boolean; pipelineName?: string } = {},
) {
  const test = createTestContext();
  const fake = fakeMqtt();
  const ctx = {
    ...test.ctx,
    nodeId: 'sensors',
    pipelineName: options.pipelineName ?? 'p',
    net: fake.net,
    now: () => options.now ?? 0,
    stopping: () => options.stopping ?? false,
  };
  const source = sourceMqtt.create(SourceMqttParams.parse({ topic: 'a/#', ...raw }), ctx);
  return { ...test, ctx, source, fake };
}

/** The subscription the source opened at its first read. */
async function firstRead(opened: ReturnType<typeof open>, max = 100) {
  const batch = (await opened.source.next(max)) as SourceBatch;
  return { batch, subscription: opened.fake.subscriptions[0]! };
}

const issues = (raw: unknown) =>
  SourceMqttParams.safeParse(raw).error?.issues.map((i) => ({
    path: i.path.join('.'),
    message: i.message,
  })) ?? [];

describe('source.mqtt params', () => {
  it('has defaults for all but the topic', () => {
    expect(SourceMqttParams.parse({ topic: 'sensors/#' })).toEqual({
      url: 'mqtt://127.0.0.1:1883',
      topic: 'sensors/#',
      qos: 1,
    });
    expect(
      SourceMqttParams.parse({ topic: 't', eventTime: { maxOutOfOrderness: '2s' } }).eventTime,
    ).toEqual({ maxOutOfOrderness: 2000 });
    expect(issues({})).toEqual([{ path: 'topic', message: expect.any(String) as string }]);
  });

  it.each([
    ['a#', '"#" must be the whole last level'],
    ['a/#/b', '"#" must be the whole last level'],
    ['#/a', '"#" must be the whole last level'],
    ['a+', '"+" must be a whole level'],
    ['a/b+/c', '"+" must be a whole level'],
    ['', 'is empty'],
    ['a\u0000b', 'NUL'],
  ])('refuses the topic filter %j on the field topic', (topic, message) => {
    const found = issues({ topic });
    expect(found).toHaveLength(1);
    expect(found[0]!.path).toBe('topic');
    expect(found[0]!.message).toContain(message);
  });

  it.each(['a', 'a/b', '+', '#', 'a/+/c', 'a/#', '+/+', '/', 'a//b', '$SYS/#', 'ä/€/😀'])(
    'takes the topic filter %j',
    (topic) => expect(issues({ topic })).toEqual([]),
  );

  it('refuses a topic longer than MQTT allows', () => {
    expect(topicFilterProblem('a'.repeat(65_535))).toBeNull();
    expect(topicFilterProblem('€'.repeat(21_846))).toContain('65535 bytes');
  });

  it.each([
    ['127.0.0.1:1883', 'not a URL'],
    ['http://broker:80', 'not a broker scheme'],
    ['mqtt://', 'names no host'],
    ['mqtt://host:0', 'port 0'],
    ['mqtt://host:99999', 'port 99999'],
  ])('refuses the url %j on the field url', (url, message) => {
    const found = issues({ topic: 't', url });
    expect(found).toEqual([{ path: 'url', message: expect.stringContaining(message) as string }]);
  });

  it.each(['mqtt://b:1883', 'mqtts://user:pw@b.example', 'ws://[::1]:9001/mqtt', 'wss://b/mqtt'])(
    'takes the url %j',
    (url) => expect(issues({ topic: 't', url })).toEqual([]),
  );

  it('takes QoS 0 or 1 only', () => {
    expect(issues({ topic: 't', qos: 0 })).toEqual([]);
    expect(issues({ topic: 't', qos: 2 }).map((i) => i.path)).toEqual(['qos']);
  });

  it('refuses unknown params, also inside eventTime', () => {
    expect(issues({ topic: 't', eventTime: { field: 'ts', lag: 1 } }).map((i) => i.path)).toEqual([
      'eventTime',
    ]);
  });

  it('tells a topic to publish to from a filter', () => {
    expect(topicNameProblem('a/b')).toBeNull();
    expect(topicNameProblem('a/+')).toContain('no wildcards');
    expect(topicNameProblem('#')).toContain('no wildcards');
    expect(topicNameProblem('$SYS/x')).toContain('broker');
  });
});

describe('source.mqtt', () => {
  it('subscribes at its first read with the params, a stable client id and the node connection', async () => {
    const opened = open({ qos: 0, url: 'mqtt://b:1' });
    expect(opened.fake.subscriptions).toHaveLength(0);
    const { subscription } = await firstRead(opened);
    expect(subscription.options).toEqual({
      url: 'mqtt://b:1',
      topic: 'a/#',
      qos: 0,
      connection: opened.ctx.connection,
      clientId: expect.stringMatching(/^rivulet-sensors-sub-[0-9a-f]{8}$/) as string,
    });
    // The same node, URL and topic: the same session at the broker.
    const again = await firstRead(open({ qos: 0, url: 'mqtt://b:1' }));
    expect(again.subscription.options.clientId).toBe(subscription.options.clientId);
    const other = await firstRead(open({ url: 'mqtt://b:1', topic: 'b/#' }));
    expect(other.subscription.options.clientId).not.toBe(subscription.options.clientId);
    // Another pipeline with a node of the same id does not take this one's session.
    const elsewhere = await firstRead(open({ qos: 0, url: 'mqtt://b:1' }, { pipelineName: 'q' }));
    expect(elsewhere.subscription.options.clientId).not.toBe(subscription.options.clientId);
    const named = await firstRead(open({ clientId: 'mine' }));
    expect(named.subscription.options.clientId).toBe('mine');
  });

  it('reads each JSON object payload as a record, at its arrival time by default', async () => {
    const opened = open({});
    const { subscription } = await firstRead(opened);
    subscription.deliver('a/1', '{"v":1}', 1000);
    subscription.deliver('a/2', '{"v":2,"nested":{"x":[1]}}', 1001);
    const batch = (await opened.source.next(10)) as SourceBatch;
    expect(batch).toEqual({
      records: [{ v: 1 }, { v: 2, nested: { x: [1] } }],
      times: [1000, 1001],
    });
    expect(opened.source.maxOutOfOrderness).toBeNull();
  });

  it('reads at most max messages per batch, the rest later in order', async () => {
    const opened = open({});
    const { subscription } = await firstRead(opened);
    for (let i = 0; i < 5; i++) subscription.deliver('a', JSON.stringify({ i }));
    const first = (await opened.source.next(3)) as SourceBatch;
    const second = (await opened.source.next(3)) as SourceBatch;
    expect([first.records, second.records]).toEqual([
      [{ i: 0 }, { i: 1 }, { i: 2 }],
      [{ i: 3 }, { i: 4 }],
    ]);
  });

  it('makes a dead letter of every payload that is not a record, naming the topic, and goes on', async () => {
    const opened = open({});
    const { subscription } = await firstRead(opened);
    const deep = '['.repeat(MAX_RECORD_DEPTH) + ']'.repeat(MAX_RECORD_DEPTH);
    subscription.deliver('a/json', '{"v":', 5);
    subscription.deliver('a/array', '[1,2]', 6);
    subscription.deliver('a/number', '42', 7);
    subscription.deliver('a/null', 'null', 8);
    subscription.deliver('a/deep', `{"d":${deep}}`, 9);
    subscription.deliver('a/big', new Uint8Array(MAX_PAYLOAD_BYTES + 1).fill(32), 10);
    subscription.deliver('a/empty', '', 11);
    subscription.deliver('a/latin1', new Uint8Array([0x7b, 0xe9, 0x7d]), 12);
    subscription.deliver('a/good', '{"ok":true}', 13);
    const batch = (await opened.source.next(100)) as SourceBatch;
    expect(batch.records).toEqual([{ ok: true }]);
    expect(opened.deadLetters.map((d) => [d.reason, d.ts])).toEqual([
      [expect.stringMatching(/^topic "a\/json": not valid JSON \(/), 5],
      ['topic "a/array": not a JSON object (got an array)', 6],
      ['topic "a/number": not a JSON object (got number)', 7],
      ['topic "a/null": not a JSON object (got null)', 8],
      [expect.stringMatching(/^topic "a\/deep": nested deeper than 64 levels/), 9],
      [
        `topic "a/big": payload of ${MAX_PAYLOAD_BYTES + 1} bytes is over the limit of ${MAX_PAYLOAD_BYTES} (1 MiB, MAX_PAYLOAD_BYTES)`,
        10,
      ],
      ['topic "a/empty": empty payload', 11],
      ['topic "a/latin1": payload is not UTF-8 text', 12],
    ]);
    expect(opened.deadLetters[0]!.record).toEqual({ topic: 'a/json', payload: '{"v":' });
    expect(opened.deadLetters[5]!.record).toEqual({
      topic: 'a/big',
      payload: `(${MAX_PAYLOAD_BYTES + 1} bytes)`,
    });
    expect(opened.deadLetters[7]!.record).toEqual({ topic: 'a/latin1', payload: '(3 bytes)' });
  });

  it('keeps at most 1000 characters of a bad payload', async () => {
    const opened = open({});
    const { subscription } = await firstRead(opened);
    subscription.deliver('a', `[${'1,'.repeat(2000)}1]`);
    await opened.source.next(10);
    expect((opened.deadLetters[0]!.record as { payload: string }).payload).toHaveLength(1000);
  });

  it('takes the event time from a field (ms or ISO-8601); a message without one is a dead letter', async () => {
    const opened = open({ eventTime: { field: 'ts', maxOutOfOrderness: '1s' } });
    const { subscription } = await firstRead(opened);
    subscription.deliver('a/1', '{"ts":1500}', 99);
    subscription.deliver('a/2', '{"ts":"2026-01-01T00:00:00Z"}', 99);
    subscription.deliver('a/3', '{"v":1}', 99);
    subscription.deliver('a/4', '{"ts":"soon"}', 99);
    const batch = (await opened.source.next(10)) as SourceBatch;
    expect(batch.times).toEqual([1500, Date.UTC(2026, 0, 1)]);
    expect(batch.watermark).toBeUndefined();
    expect(opened.source.maxOutOfOrderness).toBe(1000);
    expect(opened.deadLetters.map((d) => [d.record, d.reason, d.ts])).toEqual([
      [
        { topic: 'a/3', record: { v: 1 } },
        'topic "a/3": event time field "ts" is missing',
        undefined,
      ],
      [
        { topic: 'a/4', record: { ts: 'soon' } },
        'topic "a/4": event time field "ts" is neither ms since epoch nor ISO-8601 text: "soon"',
        undefined,
      ],
    ]);
  });

  it('on arrival time, follows the clock with its watermark while the queue is drained', async () => {
    const opened = open({ eventTime: { maxOutOfOrderness: '2s' } }, { now: 10_000 });
    const { batch: idle, subscription } = await firstRead(opened, 2);
    expect(idle).toEqual({ records: [], times: [], watermark: 10_000 - 2000 - 1 });
    expect(opened.source.maxOutOfOrderness).toBe(2000);
    subscription.deliver('a', '{"i":1}', 9000);
    subscription.deliver('a', '{"i":2}', 9500);
    subscription.deliver('a', '{"i":3}', 9900);
    // A full batch may leave messages behind, older than the clock: no watermark from it.
    const full = (await opened.source.next(2)) as SourceBatch;
    expect(full).toEqual({ records: [{ i: 1 }, { i: 2 }], times: [9000, 9500] });
    const rest = (await opened.source.next(2)) as SourceBatch;
    expect(rest).toEqual({ records: [{ i: 3 }], times: [9900], watermark: 7999 });
  });

  it('puts the topic into topicField, replacing a field of that name', async () => {
    const opened = open({ topic: 'sensors/+/temp', topicField: 'from' });
    const { subscription } = await firstRead(opened);
    subscription.deliver('sensors/s1/temp', '{"c":20}');
    subscription.deliver('sensors/s2/temp', '{"c":21,"from":"me"}');
    const batch = (await opened.source.next(10)) as SourceBatch;
    expect(batch.records).toEqual([
      { c: 20, from: 'sensors/s1/temp' },
      { c: 21, from: 'sensors/s2/temp' },
    ]);
  });

  it('takes a topicField named __proto__ as a field', async () => {
    const opened = open({ topicField: '__proto__' });
    const { subscription } = await firstRead(opened);
    subscription.deliver('a', '{"c":1}');
    const batch = (await opened.source.next(10)) as SourceBatch;
    expect(Object.hasOwn(batch.records[0]!, '__proto__')).toBe(true);
    expect(JSON.stringify(batch.records[0])).toBe('{"c":1,"__proto__":"a"}');
  });

  it('waits a short while for a message, and not at all once the run is stopping', async () => {
    const running = await firstRead(open({}));
    expect(running.subscription.waits).toEqual([POLL_WAIT_MS]);
    expect(POLL_WAIT_MS).toBeLessThanOrEqual(100);
    const stopping = await firstRead(open({}, { stopping: true }));
    expect(stopping.subscription.waits).toEqual([0]);
  });

  it('never ends: a quiet topic gives empty batches', async () => {
    const opened = open({});
    for (let i = 0; i < 3; i++)
      expect(await opened.source.next(10)).toEqual({ records: [], times: [] });
  });

  it('counts messages received but never read as dropped when it closes', async () => {
    const opened = open({});
    const { subscription } = await firstRead(opened);
    subscription.deliver('a', '{}');
    subscription.deliver('a', '{}');
    await opened.source.close!();
    expect(opened.counters.dropped).toBe(2);
    expect(subscription.closed).toBe(true);
    // Closed before it ever read: nothing to close.
    const unread = open({});
    await unread.source.close!();
    expect(unread.fake.subscriptions).toHaveLength(0);
  });

  it('gives no position to checkpoint: MQTT cannot go back to one', () => {
    const { source } = open({});
    expect(source.snapshot).toBeUndefined();
    expect(source.restore).toBeUndefined();
  });

  it('says so plainly without network clients', () => {
    const { ctx } = createTestContext();
    expect(() => sourceMqtt.create(SourceMqttParams.parse({ topic: 't' }), ctx)).toThrow(
      'MQTT is not available here',
    );
  });
});
