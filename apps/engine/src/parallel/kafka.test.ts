// Kafka in parallel on a real broker (started for the suite by test-support/brokers.ts): each
// worker reads its share of the partitions; the windows equal one thread's on the same values,
// also across a crash and a restore from a checkpoint taken across the workers.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Checkpoint } from '../checkpoint/checkpoint.js';
import { loadConnectors } from '../connectors/index.js';
import { nodeIO } from '../io.js';
import { Job } from '../job.js';
import { tempDir } from '../test-support/files.js';
import { createTopic, produce, sorted, type Produced } from '../test-support/kafka.js';
import { until } from '../test-support/server.js';
import { validatePipeline } from '../validate.js';
import { ParallelJob } from './run.js';

const T0 = Date.UTC(2026, 0, 1);
const RUN = Date.now().toString(36);

/** Seeded clicks within the 2 s disorder bound, each user in one partition; one sentinel each. */
function clicks(count: number, partitions: number, seed: number): Produced[] {
  let x = seed >>> 0;
  const random = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const out: Produced[] = [];
  for (let i = 0; i < count; i++) {
    const u = Math.floor(random() * 20);
    const ts = T0 + i * 25 + Math.floor(random() * 600) - 300;
    out.push({
      partition: u % partitions,
      value: JSON.stringify({ user: `u${u}`, ts, amount: Math.floor(random() * 100) - 10 }),
    });
  }
  // Far ahead in event time, in every partition: every window before it fires.
  for (let p = 0; p < partitions; p++)
    out.push({
      partition: p,
      value: JSON.stringify({ user: `zz${p}`, ts: T0 + count * 25 + 60_000, amount: 1 }),
    });
  return out;
}

function pipeline(source: object, out: string, parallelism: number) {
  const valid = validatePipeline({
    version: 1,
    name: 'kafka parallel',
    settings: { parallelism },
    nodes: [
      { id: 'in', ...source },
      { id: 'paid', type: 'filter', params: { expr: 'amount > 0' } },
      { id: 'byUser', type: 'keyBy', params: { fields: ['user'] } },
      {
        id: 'w',
        type: 'window',
        params: {
          kind: 'sliding',
          size: '10s',
          slide: '5s',
          aggregations: [
            { fn: 'count', as: 'clicks' },
            { fn: 'sum', field: 'amount', as: 'spent' },
          ],
        },
      },
      { id: 'out', type: 'sink.file', params: { path: out } },
    ],
    edges: [
      { source: 'in', target: 'paid' },
      { source: 'paid', target: 'byUser' },
      { source: 'byUser', target: 'w' },
      { source: 'w', target: 'out' },
    ],
  });
  if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
  return valid.value;
}

const lines = (path: string): string[] => {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
  } catch {
    return [];
  }
};
/** The windows of the clicks, not those of the sentinels (they wait for more input). */
const clicksOnly = (rows: string[]) =>
  sorted(rows.filter((l) => !(JSON.parse(l) as { user: string }).user.startsWith('zz')));

/** What one thread gives on a file of the same values. */
async function onFile(messages: Produced[]): Promise<string[]> {
  const dir = tempDir();
  writeFileSync(join(dir, 'in.jsonl'), messages.map((m) => m.value).join('\n') + '\n');
  const source = {
    type: 'source.file',
    params: { path: join(dir, 'in.jsonl'), eventTime: { field: 'ts', maxOutOfOrderness: '2s' } },
  };
  const result = await new Job(pipeline(source, join(dir, 'out.jsonl'), 1), {
    io: nodeIO(() => {}),
  }).run();
  expect(result.status).toBe('finished');
  return clicksOnly(lines(join(dir, 'out.jsonl')));
}

describe('Kafka in parallel on a real broker', () => {
  beforeAll(() => loadConnectors());
  const bootstrap = inject('kafkaBootstrap');
  const kafka = (topic: string) => ({
    type: 'source.kafka',
    params: {
      bootstrapServers: [bootstrap],
      topic,
      groupId: `${topic}-group`,
      eventTime: { field: 'ts', maxOutOfOrderness: '2s' },
    },
  });

  it('three workers on two partitions (one reads none): the windows of one thread', async () => {
    const topic = `par3-${RUN}`;
    const input = clicks(4000, 2, 3);
    await createTopic(bootstrap, topic, 2);
    await produce(bootstrap, topic, input);
    const expected = await onFile(input);
    const out = join(tempDir(), 'out.jsonl');
    // Checkpoints flush the file as the run goes (a worker whose source ended takes part).
    const job = new ParallelJob(pipeline(kafka(topic), out, 3), {
      checkpoints: { everyMs: 100, fingerprint: 'kafka', onCheckpoint: () => 1 },
    });
    const running = job.run();
    try {
      await until(() => clicksOnly(lines(out)).length >= expected.length, 120_000);
    } finally {
      job.stop();
    }
    expect((await running).status).toBe('stopped');
    expect(clicksOnly(lines(out))).toEqual(expected);
  });

  it('two workers on four partitions, crashed after a checkpoint and resumed: nothing lost or twice', async () => {
    const topic = `par2-${RUN}`;
    const input = clicks(6000, 4, 5);
    await createTopic(bootstrap, topic, 4);
    await produce(bootstrap, topic, input);
    const expected = await onFile(input);
    const out = join(tempDir(), 'out.jsonl');
    const doc = pipeline(kafka(topic), out, 2);
    // Crashed (stopped, no savepoint) at the first checkpoint with output behind it.
    let taken: Checkpoint | undefined;
    const first: ParallelJob = new ParallelJob(doc, {
      checkpoints: {
        everyMs: 100,
        fingerprint: 'kafka',
        onCheckpoint: (checkpoint) => {
          if (taken === undefined && lines(out).length > 0) {
            taken = JSON.parse(JSON.stringify(checkpoint)) as Checkpoint;
            first.stop();
          }
          return 1;
        },
      },
    });
    const crashed = first.run();
    await until(() => taken !== undefined, 120_000);
    expect((await crashed).status).toBe('stopped');
    // Each worker kept the offsets of its own partitions.
    const offsets = taken!.parallel!.workers.map((w) =>
      Object.keys((w.nodes.in!.state as { partitions: object }).partitions).sort(),
    );
    expect(offsets).toEqual([
      ['0', '2'],
      ['1', '3'],
    ]);
    const again = new ParallelJob(doc, {
      restore: taken!,
      checkpoints: { everyMs: 100, fingerprint: 'kafka', onCheckpoint: () => 1 },
    });
    const running = again.run();
    try {
      await until(() => clicksOnly(lines(out)).length >= expected.length, 120_000);
    } finally {
      again.stop();
    }
    expect((await running).status).toBe('stopped');
    expect(clicksOnly(lines(out))).toEqual(expected);
  });
});
