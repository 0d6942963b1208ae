// source.kafka and sink.kafka against a real broker (started for the suite by
// test-support/brokers.ts): results equal to the same pipeline on a file, exactly-once output
// across SIGKILLs of the CLI, offsets committed to the group, malformed messages as dead letters.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { CheckpointStore } from '../checkpoint/store.js';
import { loadConnectors } from './index.js';
import { nodeIO } from '../io.js';
import { Job } from '../job.js';
import { tempDir } from '../test-support/files.js';
import { startOwnKafka } from '../test-support/ownKafka.js';
import {
  committedOffsets,
  createTopic,
  produce,
  readTopic,
  sorted,
  type Produced,
} from '../test-support/kafka.js';
import { until } from '../test-support/server.js';
import { validatePipeline } from '../validate.js';

const BIN = fileURLToPath(new URL('../../bin/rivulet.js', import.meta.url));
const T0 = Date.UTC(2026, 0, 1);
const USERS = 9;
/** Topics and groups of this run of the suite (a broker kept between runs keeps its topics). */
const RUN = Date.now().toString(36);
const name = (base: string) => `${base}-${RUN}`;

/** Seeded clicks, a little out of order (within 600 ms), keyed by user into their partition. */
function clicks(count: number, partitions: number, seed: number, from = 0): Produced[] {
  let x = seed >>> 0;
  const random = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const out: Produced[] = [];
  for (let i = from; i < from + count; i++) {
    const u = Math.floor(random() * USERS);
    const ts = T0 + i * 25 + Math.floor(random() * 600) - 300;
    out.push({
      partition: u % partitions,
      key: `u${u}`,
      value: JSON.stringify({ user: `u${u}`, ts, amount: Math.floor(random() * 100) - 10 }),
    });
  }
  return out;
}

/** One record per partition far ahead in event time: the windows before it all fire. */
const sentinels = (partitions: number, ts: number): Produced[] =>
  Array.from({ length: partitions }, (_, p) => ({
    partition: p,
    value: JSON.stringify({ user: `zz${p}`, ts, amount: 1 }),
  }));

function pipeline(name: string, source: object, sink: object) {
  return {
    version: 1,
    name,
    nodes: [
      { id: 'in', ...source },
      { id: 'paid', type: 'filter', params: { expr: 'amount > 0' } },
      { id: 'byUser', type: 'keyBy', params: { fields: ['user'] } },
      {
        id: 'w',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '10s',
          aggregations: [
            { fn: 'count', as: 'clicks' },
            { fn: 'sum', field: 'amount', as: 'spent' },
          ],
        },
      },
      { id: 'out', ...sink },
    ],
    edges: [
      { source: 'in', target: 'paid' },
      { source: 'paid', target: 'byUser' },
      { source: 'byUser', target: 'w' },
      { source: 'w', target: 'out' },
    ],
  };
}

const kafkaSource = (bootstrap: string, topic: string, groupId: string) => ({
  type: 'source.kafka',
  params: {
    bootstrapServers: [bootstrap],
    topic,
    groupId,
    eventTime: { field: 'ts', maxOutOfOrderness: '2s' },
  },
});
const kafkaSink = (bootstrap: string, topic: string) => ({
  type: 'sink.kafka',
  params: { bootstrapServers: [bootstrap], topic, key: 'user', delivery: 'exactly-once' },
});

/** The same pipeline on a file of the same values: what the Kafka run must give. */
async function onFile(messages: Produced[]): Promise<string[]> {
  const dir = tempDir();
  writeFileSync(join(dir, 'in.jsonl'), messages.map((m) => m.value).join('\n') + '\n');
  const doc = pipeline(
    'file',
    {
      type: 'source.file',
      params: { path: join(dir, 'in.jsonl'), eventTime: { field: 'ts', maxOutOfOrderness: '2s' } },
    },
    { type: 'sink.file', params: { path: join(dir, 'out.jsonl') } },
  );
  const valid = validatePipeline(doc);
  if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
  const result = await new Job(valid.value, { io: nodeIO(() => {}) }).run();
  expect(result.status).toBe('finished');
  const { readFileSync } = await import('node:fs');
  return readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n');
}

/** Records the Kafka run fires: all but the sentinels' own windows (those wait for more input). */
const withoutSentinels = (lines: string[]) =>
  lines.filter((line) => !(JSON.parse(line) as { user: string }).user.startsWith('zz'));

describe('Kafka connectors on a real broker', () => {
  beforeAll(() => loadConnectors());
  const bootstrap = inject('kafkaBootstrap');

  it('Kafka → filter → window → Kafka gives what the same pipeline gives on a file, exactly once', async () => {
    const partitions = 3;
    const input = [
      ...clicks(3000, partitions, 7),
      { partition: 1, value: 'not json {' },
      { partition: 2, value: '[1, 2]' },
      { partition: 0, value: '{"user": "u1", "ts": "yesterday"}' },
    ];
    input.push(...sentinels(partitions, T0 + 3000 * 25 + 60_000));
    await createTopic(bootstrap, name('eq-in'), partitions);
    await createTopic(bootstrap, name('eq-out'), 1);
    await produce(bootstrap, name('eq-in'), input);
    const expected = sorted(withoutSentinels(await onFile(input)));

    const dir = tempDir();
    const store = new CheckpointStore(dir);
    const valid = validatePipeline(
      pipeline(
        'kafka eq',
        kafkaSource(bootstrap, name('eq-in'), name('eq-group')),
        kafkaSink(bootstrap, name('eq-out')),
      ),
    );
    if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
    const job = new Job(valid.value, {
      io: nodeIO(() => {}),
      checkpoints: { everyMs: 300, fingerprint: 'eq', onCheckpoint: (c) => store.write(c) },
    });
    const running = job.run();
    try {
      await until(
        async () => (await readTopic(bootstrap, name('eq-out'))).length >= expected.length,
        90_000,
      );
      // A few more checkpoints: nothing more, nothing twice.
      const after = job.checkpointsCompleted + 3;
      await until(() => job.checkpointsCompleted >= after, 60_000);
      // Telemetry sees the connection, and no lag once everything is read.
      const source = job.metrics.get('in')!.connection;
      expect(source.status).toBe('connected');
      expect(Object.values(source.lag ?? {})).toEqual([0, 0, 0]);
    } finally {
      job.stop();
    }
    const result = await running;
    expect(result.status).toBe('stopped');
    expect(sorted(await readTopic(bootstrap, name('eq-out')))).toEqual(expected);

    // Malformed messages are dead letters naming partition and offset; the run went on.
    expect(job.deadLetters.map((d) => d.reason)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^partition 1 offset \d+: not valid JSON/),
        expect.stringMatching(/^partition 2 offset \d+: not a JSON object/),
        expect.stringMatching(/^partition 0 offset \d+: event time field "ts"/),
      ]),
    );
    // The offsets of the last completed checkpoint were committed to the group.
    const committed = await committedOffsets(
      bootstrap,
      name('eq-group'),
      name('eq-in'),
      partitions,
    );
    const perPartition = [0, 1, 2].map((p) => input.filter((m) => m.partition === p).length);
    expect(committed).toEqual(perPartition);
  });

  it('a CLI run killed with SIGKILL and resumed leaves the output topic, read_committed, equal to an uninterrupted run', async () => {
    const partitions = 2;
    const chunks = [0, 1, 2, 3].map((k) => clicks(800, partitions, 11 + k, k * 800));
    const all = chunks.flat();
    const last = sentinels(partitions, T0 + 3200 * 25 + 60_000);
    await createTopic(bootstrap, name('kill-in'), partitions);
    // Created beforehand, as a deployment would: a topic the sink creates on its first send has
    // no leader for a moment, which only slows the first run down.
    await createTopic(bootstrap, name('kill-out'), 1);
    const expected = sorted(withoutSentinels(await onFile([...all, ...last])));

    const dir = tempDir();
    const file = join(dir, 'p.json');
    writeFileSync(
      file,
      JSON.stringify(
        pipeline(
          'kafka kill',
          kafkaSource(bootstrap, name('kill-in'), name('kill-group')),
          kafkaSink(bootstrap, name('kill-out')),
        ),
      ),
    );
    const checkpoints = join(dir, 'checkpoints');
    let log = '';
    const start = () => {
      const child = spawn(
        process.execPath,
        [BIN, 'run', file, '--checkpoints', checkpoints, '--checkpoint-interval', '1s'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child.stdout.on('data', (d: Buffer) => (log += d.toString()));
      child.stderr.on('data', (d: Buffer) => (log += d.toString()));
      // A test that fails half-way leaves no CLI running.
      onTestFinished(() => void child.kill('SIGKILL'));
      return child;
    };
    const exited = (child: ChildProcess) =>
      new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const checkpointFiles = () =>
      existsSync(checkpoints)
        ? readdirSync(checkpoints, { recursive: true }).filter((f) =>
            /chk-\d+\.json$/.test(String(f)),
          )
        : [];

    const resumeMs: number[] = [];
    for (const [k, chunk] of chunks.entries()) {
      await produce(bootstrap, name('kill-in'), chunk);
      const child = start();
      const started = performance.now();
      const writtenBefore = (await readTopic(bootstrap, name('kill-out'), 'read_uncommitted'))
        .length;
      // Killed once this run has written output (in an open transaction, or just committed)
      // and a checkpoint exists.
      await until(
        async () =>
          checkpointFiles().length > 0 &&
          (await readTopic(bootstrap, name('kill-out'), 'read_uncommitted')).length > writtenBefore,
        90_000,
      ).catch((error: unknown) => {
        throw new Error(
          `run ${k} wrote nothing (checkpoints: ${checkpointFiles().join(', ')}); its output: ${log}`,
          { cause: error },
        );
      });
      if (k > 0) resumeMs.push(performance.now() - started);
      child.kill('SIGKILL');
      await exited(child);
    }
    // The last run gets the sentinels, fires every window, and is stopped with Ctrl-C.
    await produce(bootstrap, name('kill-in'), last);
    const child = start();
    await until(
      async () => (await readTopic(bootstrap, name('kill-out'))).length >= expected.length,
      120_000,
    );
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
    expect(log).toMatch(/stopped at checkpoint \d+/);

    const got = sorted(await readTopic(bootstrap, name('kill-out')));
    expect(got.length).toBe(expected.length); // no loss, no duplicate
    expect(got).toEqual(expected);
    // Each restart produced output again within seconds (partitions from the checkpoint, no
    // wait for a group rebalance): the figure is in the test's log.
    console.log(
      `resume to first output after a SIGKILL: ${resumeMs.map((ms) => (ms / 1000).toFixed(1)).join(' s, ')} s`,
    );
    for (const ms of resumeMs) expect(ms).toBeLessThan(30_000);
  });
  it('rides out a broker stopped for 20 s mid-run: reconnecting on the nodes, no crash, nothing lost or repeated', async () => {
    const broker = await startOwnKafka();
    try {
      const b = broker.bootstrap;
      const partitions = 2;
      const first = clicks(1500, partitions, 21);
      const second = clicks(1500, partitions, 22, 1500);
      const last = sentinels(partitions, T0 + 3000 * 25 + 60_000);
      await createTopic(b, 'outage-in', partitions);
      await createTopic(b, 'outage-out', 1);
      await produce(b, 'outage-in', first);
      const expected = sorted(withoutSentinels(await onFile([...first, ...second, ...last])));

      const store = new CheckpointStore(tempDir());
      const valid = validatePipeline(
        pipeline(
          'kafka outage',
          kafkaSource(b, 'outage-in', 'outage-group'),
          kafkaSink(b, 'outage-out'),
        ),
      );
      if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
      const failures: unknown[] = [];
      const job = new Job(valid.value, {
        io: nodeIO(() => {}),
        checkpoints: {
          everyMs: 500,
          fingerprint: 'outage',
          onCheckpoint: (c) => store.write(c),
          onFailure: (e) => failures.push(e),
        },
      });
      const running = job.run();
      try {
        await until(async () => (await readTopic(b, 'outage-out')).length > 0, 90_000);
        await broker.stop();
        const down = performance.now();
        // The nodes say what is going on, and the run goes on waiting.
        await until(
          () =>
            job.metrics.get('in')!.connection.status === 'reconnecting' &&
            /no broker answers at 127\.0\.0\.1:\d+/.test(
              job.metrics.get('in')!.connection.error ?? '',
            ),
          60_000,
        );
        await until(() => performance.now() - down >= 20_000, 30_000);
        expect(job.status).toBe('running');
        await broker.restart();
        await produce(b, 'outage-in', [...second, ...last]);
        await until(
          async () => (await readTopic(b, 'outage-out')).length >= expected.length,
          120_000,
        );
        await until(() => job.metrics.get('in')!.connection.status === 'connected', 60_000);
        const after = job.checkpointsCompleted + 2;
        await until(() => job.checkpointsCompleted >= after, 60_000);
      } finally {
        job.stop();
      }
      const result = await running;
      expect(result.status).toBe('stopped');
      expect(failures).toEqual([]);
      expect(sorted(await readTopic(b, 'outage-out'))).toEqual(expected);
    } finally {
      await broker.close();
    }
  });
  it('with no broker at all: both nodes say so, checkpoints go on, and a stop ends the run at once', async () => {
    // A port nothing listens on.
    const nowhere = '127.0.0.1:9';
    const store = new CheckpointStore(tempDir());
    const valid = validatePipeline(
      pipeline('kafka nowhere', kafkaSource(nowhere, 'in', 'g'), kafkaSink(nowhere, 'out')),
    );
    if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
    const job = new Job(valid.value, {
      io: nodeIO(() => {}),
      checkpoints: { everyMs: 200, fingerprint: 'nowhere', onCheckpoint: (c) => store.write(c) },
    });
    const running = job.run();
    const said = (id: string) => job.metrics.get(id)!.connection;
    await until(
      () =>
        said('out').status === 'reconnecting' &&
        said('out').error === 'no broker answers at 127.0.0.1:9' &&
        said('in').status === 'reconnecting' &&
        said('in').error === 'no broker answers at 127.0.0.1:9',
      60_000,
    );
    expect(job.status).toBe('running');
    const stopping = performance.now();
    job.stop({ savepoint: true });
    const result = await running;
    expect(result.status).toBe('stopped');
    expect(performance.now() - stopping).toBeLessThan(20_000);
  });
});
