// source.mqtt and sink.mqtt against a real mosquitto, started for the test run by the brokers'
// global setup. Each test has topics of its own; waits are on conditions, never bare sleeps.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { noConnection, type MqttMessage } from '@rivulet/operators';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConnectors } from './index.js';
import { nodeIO } from '../io.js';
import { Job } from '../job.js';
import { relativeTo } from '../paths.js';
import { readJsonl, tempDir, writeJsonl } from '../test-support/files.js';
import { until } from '../test-support/server.js';
import { validatePipeline } from '../validate.js';
import { startMosquitto } from '../../../../scripts/brokers/mosquitto.mjs';
import { mqttNet, PUBLISH_HIGH_WATER, RECEIVE_QUEUE, subscribe } from './mqtt.js';

const url = inject('mqttUrl');

/** Clients and jobs a test opened, ended after it whatever happened. */
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A client of the test's own: publishes, and collects what arrives on a topic filter. */
async function testClient(subscribeTo?: string, broker = url) {
  const client: MqttClient = await connectAsync(broker, {
    clientId: `rivulet-test-${randomUUID()}`,
    reconnectPeriod: 0,
  });
  cleanups.push(() => client.endAsync(true));
  const received: { topic: string; text: string }[] = [];
  client.on('message', (topic, payload) => received.push({ topic, text: payload.toString() }));
  if (subscribeTo !== undefined) await client.subscribeAsync(subscribeTo, { qos: 1 });
  return {
    received,
    records: () => received.map((m) => JSON.parse(m.text) as Record<string, unknown>),
    publish: (topic: string, payload: string | Buffer) =>
      client.publishAsync(topic, payload, { qos: 1 }),
  };
}

function startJob(doc: unknown, folder = tempDir()) {
  const valid = validatePipeline(doc, { checkPath: relativeTo(folder) });
  if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
  const job = new Job(valid.value, { io: nodeIO(() => {}) });
  const run = job.run();
  cleanups.push(async () => {
    job.stop();
    await run;
  });
  return { job, run };
}

/**
 * Resolves once the job's source `id` reads `probeTopic`: probes (not JSON, so dead letters)
 * are published there until one comes through, so that nothing published after is missed.
 */
async function subscribed(job: Job, id: string, probeTopic: string, broker = url) {
  const probe = await testClient(undefined, broker);
  const probes = () =>
    job.deadLetters.filter((d) => d.nodeId === id && d.reason.includes(`"${probeTopic}"`)).length;
  const before = probes();
  await until(async () => {
    await probe.publish(probeTopic, 'probe');
    return probes() > before;
  });
}

const node = (id: string, type: string, params: Record<string, unknown>) => ({ id, type, params });
const edges = (...ids: string[]) => ids.slice(1).map((target, i) => ({ source: ids[i]!, target }));

describe('MQTT connectors against mosquitto', () => {
  beforeAll(() => loadConnectors());
  it('runs MQTT in → filter → map → MQTT out, publishing what the same pipeline writes from a file', async () => {
    const base = `rivulet-test/${randomUUID()}`;
    const records = Array.from({ length: 300 }, (_, i) => ({
      id: i,
      card: `c${i % 7}`,
      amount: (i * 37) % 100,
      note: i % 11 === 0 ? 'é€😀' : null,
    }));
    const transform = [
      node('big', 'filter', { expr: 'amount >= 40' }),
      node('fee', 'map', { fields: { fee: 'round(amount * 0.3)', card: 'upper(card)' } }),
    ];
    const folder = tempDir();
    writeJsonl(join(folder, 'in.jsonl'), records);
    const fromFile = startJob(
      {
        version: 1,
        name: 'file',
        nodes: [
          node('in', 'source.file', { path: 'in.jsonl' }),
          ...transform,
          node('out', 'sink.file', { path: 'out.jsonl' }),
        ],
        edges: edges('in', 'big', 'fee', 'out'),
      },
      folder,
    );
    expect((await fromFile.run).status).toBe('finished');
    const expected = readJsonl(join(folder, 'out.jsonl'));
    expect(expected.length).toBeGreaterThan(100);

    const output = await testClient(`${base}/out`);
    const { job, run } = startJob({
      version: 1,
      name: 'mqtt',
      nodes: [
        node('in', 'source.mqtt', { url, topic: `${base}/in` }),
        ...transform,
        node('out', 'sink.mqtt', { url, topic: `${base}/out` }),
      ],
      edges: edges('in', 'big', 'fee', 'out'),
    });
    await subscribed(job, 'in', `${base}/in`);
    expect(job.metrics.get('in')!.connection).toMatchObject({ status: 'connected', error: null });
    const input = await testClient();
    for (const record of records) await input.publish(`${base}/in`, JSON.stringify(record));
    await until(() => output.received.length >= expected.length);
    job.stop();
    expect((await run).status).toBe('stopped');
    expect(output.records()).toEqual(expected);
    expect(job.metrics.get('out')!.recordsIn).toBe(expected.length);
  });

  it('subscribes to a wildcard filter across topics and puts each topic into topicField', async () => {
    const base = `rivulet-test/${randomUUID()}`;
    const output = await testClient(`${base}/out`);
    const { job } = startJob({
      version: 1,
      name: 'wildcards',
      nodes: [
        node('in', 'source.mqtt', { url, topic: `${base}/sensors/+/temp`, topicField: 'from' }),
        node('out', 'sink.mqtt', { url, topic: `${base}/out` }),
      ],
      edges: edges('in', 'out'),
    });
    await subscribed(job, 'in', `${base}/sensors/probe/temp`);
    const input = await testClient();
    await input.publish(`${base}/sensors/s1/temp`, '{"c":20.5}');
    await input.publish(`${base}/sensors/s1/humidity`, '{"h":40}'); // not matched
    await input.publish(`${base}/sensors/s1/inner/temp`, '{"c":-1}'); // "+" is one level
    await input.publish(`${base}/sensors/s2/temp`, '{"c":19,"from":"replaced"}');
    await input.publish(`${base}/sensors/s3/temp`, '{"c":21}');
    await until(() => output.received.length >= 3);
    // A last message through the same path: nothing unmatched was on its way before it.
    await input.publish(`${base}/sensors/end/temp`, '{"end":true}');
    await until(() => output.received.length >= 4);
    expect(output.records()).toEqual([
      { c: 20.5, from: `${base}/sensors/s1/temp` },
      { c: 19, from: `${base}/sensors/s2/temp` },
      { c: 21, from: `${base}/sensors/s3/temp` },
      { end: true, from: `${base}/sensors/end/temp` },
    ]);
  });

  it('makes dead letters of malformed payloads, with the topic and the reason, and goes on', async () => {
    const base = `rivulet-test/${randomUUID()}`;
    const output = await testClient(`${base}/out`);
    const errors = await testClient(`${base}/errors`);
    const { job, run } = startJob({
      version: 1,
      name: 'malformed',
      nodes: [
        node('in', 'source.mqtt', {
          url,
          topic: `${base}/in/#`,
          eventTime: { field: 'ts' },
        }),
        node('out', 'sink.mqtt', { url, topic: `${base}/out` }),
        node('errors', 'sink.mqtt', { url, topic: `${base}/errors` }),
      ],
      edges: [...edges('in', 'out'), { source: 'in', sourceHandle: 'errors', target: 'errors' }],
    });
    await subscribed(job, 'in', `${base}/in/probe`);
    const input = await testClient();
    const bad: [string, string | Buffer, string][] = [
      ['json', '{"ts": 1, "v": ', 'not valid JSON'],
      ['array', '[1,2,3]', 'not a JSON object (got an array)'],
      ['number', '17', 'not a JSON object (got number)'],
      ['deep', `{"d":${'['.repeat(70)}${']'.repeat(70)}}`, 'nested deeper than 64 levels'],
      ['binary', Buffer.from([0xff, 0xfe, 0x00]), 'payload is not UTF-8 text'],
      ['big', Buffer.alloc(1024 * 1024 + 1, 0x20), 'over the limit of 1048576 (1 MiB'],
      ['untimed', '{"v":1}', 'event time field "ts" is missing'],
    ];
    await input.publish(`${base}/in/good`, '{"ts":1,"v":"first"}');
    for (const [name, payload] of bad) await input.publish(`${base}/in/${name}`, payload);
    await input.publish(`${base}/in/good`, '{"ts":"2026-01-01T00:00:00Z","v":"last"}');
    await until(() => output.received.length >= 2 && errors.received.length >= bad.length);
    expect(output.records()).toEqual([
      { ts: 1, v: 'first' },
      { ts: '2026-01-01T00:00:00Z', v: 'last' },
    ]);
    const letters = job.deadLetters.filter((d) => !d.reason.includes('/probe'));
    expect(letters).toHaveLength(bad.length);
    for (const [i, [name, , reason]] of bad.entries()) {
      expect(letters[i]!.reason.startsWith(`topic "${base}/in/${name}": `)).toBe(true);
      expect(letters[i]!.reason).toContain(reason);
    }
    // The errors port carries each with its topic and the start of its text.
    const sent = errors.records().filter((e) => !String(e.error).includes('/probe'));
    expect(sent[0]).toEqual({
      error: letters[0]!.reason,
      node: 'in',
      record: { topic: `${base}/in/json`, payload: '{"ts": 1, "v": ' },
    });
    expect(sent).toHaveLength(bad.length);
    expect(job.status).toBe('running');
    job.stop();
    expect((await run).status).toBe('stopped');
  });

  it('loses nothing at QoS 1 when the sink holds the pipeline back', async () => {
    const base = `rivulet-test/${randomUUID()}`;
    // One batch of the high-water mark: the sink holds the source back at once. No more than
    // mosquitto queues for one client (1,000 besides 20 in flight), so that the test's own
    // subscriber, on this busy thread, loses none however far behind it falls.
    const count = PUBLISH_HIGH_WATER;
    const folder = tempDir();
    writeJsonl(
      join(folder, 'in.jsonl'),
      Array.from({ length: count }, (_, i) => ({ i, pad: 'x'.repeat(200) })),
    );
    const output = await testClient(`${base}/out`);
    const { job, run } = startJob(
      {
        version: 1,
        name: 'bulk',
        nodes: [
          node('in', 'source.file', { path: 'in.jsonl' }),
          node('out', 'sink.mqtt', { url, topic: `${base}/out`, qos: 1 }),
        ],
        edges: edges('in', 'out'),
      },
      folder,
    );
    // A bounded run ends once the sink has closed: every message acknowledged by then.
    expect((await run).status).toBe('finished');
    expect(job.metrics.get('in')!.blockedMs).toBeGreaterThan(0);
    await until(() => output.received.length >= count);
    const got = output.records().map((r) => r.i);
    expect(got).toEqual(Array.from({ length: count }, (_, i) => i));
  });

  it('keeps QoS 1 messages published while the source is stopped for its next run', async () => {
    const base = `rivulet-test/${randomUUID()}`;
    const output = await testClient(`${base}/out`);
    const doc = {
      version: 1,
      name: 'session',
      nodes: [
        node('in', 'source.mqtt', { url, topic: `${base}/in/#`, qos: 1 }),
        node('out', 'sink.mqtt', { url, topic: `${base}/out` }),
      ],
      edges: edges('in', 'out'),
    };
    const first = startJob(doc);
    await subscribed(first.job, 'in', `${base}/in/probe`);
    first.job.stop();
    await first.run;
    const input = await testClient();
    for (let i = 0; i < 50; i++) await input.publish(`${base}/in/x`, JSON.stringify({ i }));
    const second = startJob(doc);
    await until(() => output.received.length >= 50);
    expect(output.records()).toEqual(Array.from({ length: 50 }, (_, i) => ({ i })));
    expect(second.job.metrics.get('in')!.connection.status).toBe('connected');
  });

  it('stops reading past its receive queue and reads the rest once the source takes some', async () => {
    const base = `rivulet-test/${randomUUID()}`;
    const subscription = subscribe({
      url,
      topic: `${base}/#`,
      qos: 1,
      connection: noConnection(),
      clientId: `rivulet-test-${randomUUID()}`,
    });
    cleanups.push(() => subscription.close());
    const input = await testClient();
    await until(async () => {
      await input.publish(`${base}/probe`, '{}');
      return (await subscription.poll(1000, 0)).length > 0;
    });
    const total = RECEIVE_QUEUE + 500;
    for (let i = 0; i < total; i++) await input.publish(`${base}/m`, String(i));
    // Every message is with the broker (acknowledged to the publisher) or the client; the
    // queue has stopped at its bound, the broker keeps the rest.
    await until(() => subscription.queued() >= RECEIVE_QUEUE);
    const texts = (messages: MqttMessage[]) =>
      messages.map((m) => Buffer.from(m.payload).toString()).filter((t) => t !== '{}');
    const got = texts(await subscription.poll(10_000, 0));
    expect(got.length).toBeLessThanOrEqual(RECEIVE_QUEUE);
    await until(async () => {
      got.push(...texts(await subscription.poll(10_000, 100)));
      return got.length >= total;
    });
    expect(got).toEqual(Array.from({ length: total }, (_, i) => String(i)));
  });

  it('reconnects by itself when its broker goes away and comes back, subscribing again', async () => {
    const own = await startMosquitto();
    cleanups.push(() => own.stop());
    const base = `rivulet-test/${randomUUID()}`;
    const { job } = startJob({
      version: 1,
      name: 'outage',
      nodes: [
        node('in', 'source.mqtt', { url: own.url, topic: `${base}/in` }),
        node('out', 'sink.mqtt', { url: own.url, topic: `${base}/out` }),
      ],
      edges: edges('in', 'out'),
    });
    const connection = (id: string) => job.metrics.get(id)!.connection;
    await subscribed(job, 'in', `${base}/in`, own.url);
    const before = await testClient(`${base}/out`, own.url);
    const input = await testClient(undefined, own.url);
    await input.publish(`${base}/in`, '{"n":1}');
    await until(() => before.received.length >= 1);

    await own.stop();
    const refused = `no broker answers at 127.0.0.1:${own.port} (connection refused)`;
    await until(() =>
      ['in', 'out'].every(
        (id) => connection(id).status === 'reconnecting' && connection(id).error === refused,
      ),
    );
    expect(job.status).toBe('running');

    // The broker kept nothing (no persistence): the source must subscribe again by itself.
    await own.restart();
    await until(() => ['in', 'out'].every((id) => connection(id).status === 'connected'));
    expect(connection('in').error).toBeNull();
    const after = await testClient(`${base}/out`, own.url);
    await subscribed(job, 'in', `${base}/in`, own.url);
    const again = await testClient(undefined, own.url);
    await again.publish(`${base}/in`, '{"n":2}');
    await until(() => after.received.length >= 1);
    expect(after.records()).toEqual([{ n: 2 }]);
  });

  it('says in plain words when no broker answers, and keeps trying', async () => {
    const connection = noConnection();
    const publisher = mqttNet.publisher({
      url: 'mqtt://127.0.0.1:1',
      qos: 1,
      connection,
      clientId: `rivulet-test-${randomUUID()}`,
    });
    await until(() => connection.status === 'reconnecting' && connection.error !== null);
    expect(connection.error).toBe('no broker answers at 127.0.0.1:1 (connection refused)');
    await publisher.close();
    expect(connection.status).toBeNull();
  });
});
