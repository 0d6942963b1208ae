// One pipeline, two engines: each pipeline here runs in Rivulet and, exported to Flink SQL, on
// real Apache Flink 2.3 (an embedded MiniCluster, one JVM for all of them, since a SQL job
// costs seconds to start); their outputs must be equal as multisets. The input is generated
// out of order, with records late for their windows, so that watermarks and lateness matter.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineDocument } from '@rivulet/shared-types';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { main } from '../../cli/main.js';
import { runPipelineFile } from '../../cli/run.js';
import { ensureFlinkRunner, runFlinkScripts, type FlinkRun } from '../../flink/runner.js';
import type { Job } from '../../job.js';
import {
  canonicalRows,
  DIFFERENTIAL_CASES as CASES,
  outOfOrderEvents,
  pipelineOf,
} from '../../test-support/differential.js';
import { readJsonl, tempDir, writeJsonl } from '../../test-support/files.js';
import { createTopic, produce } from '../../test-support/kafka.js';
import { until } from '../../test-support/server.js';
import { partFileLines } from './parts.js';

async function cli(...argv: string[]) {
  const err: string[] = [];
  const code = await main(argv, { out: () => {}, err: (t) => err.push(t) });
  return { code, err: err.join('\n') };
}

function flinkRows(dir: string): Record<string, unknown>[] {
  return partFileLines(dir).map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function exportTo(pipeline: string, script: string, sinkDir: string): Promise<void> {
  const exported = await cli(
    'export',
    pipeline,
    '--target',
    'flink-sql',
    '-o',
    script,
    '--sink-dir',
    sinkDir,
  );
  expect(exported.code, exported.err).toBe(0);
}

/** A sentinel per partition, a day after the input, moves every partition's watermark past it. */
const SENTINEL_USER = 'zz-sentinel';

/**
 * source.kafka on two partitions (a user's records all in one), keyed windows, the partition
 * from metadata. Disorder stays within maxOutOfOrderness: with late records, which ones are
 * late would depend on how each engine interleaves the partitions.
 */
function kafkaPipeline(bootstrap: string, topic: string): PipelineDocument {
  return {
    version: 1,
    name: 'kafka, two partitions, keyed windows',
    nodes: [
      {
        id: 'src',
        type: 'source.kafka',
        params: {
          bootstrapServers: [bootstrap],
          topic,
          groupId: `${topic}-group`,
          eventTime: { field: 'ts', maxOutOfOrderness: '5s' },
          metadata: { partition: 'partition' },
        },
      },
      { id: 'by', type: 'keyBy', params: { fields: ['user'] } },
      {
        id: 'w',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '10s',
          aggregations: [
            { fn: 'count', as: 'n' },
            { fn: 'max', field: 'amount', as: 'most' },
            { fn: 'min', field: 'partition', as: 'partition' },
          ],
        },
      },
      { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
    ],
    edges: [
      { source: 'src', target: 'by' },
      { source: 'by', target: 'w' },
      { source: 'w', target: 'out' },
    ],
  };
}

describe('the same pipeline on Rivulet and on Apache Flink', () => {
  const dir = tempDir();
  const events = outOfOrderEvents({ seed: 7, count: 1500, users: 6, maxDelayMs: 4000 });
  const others = outOfOrderEvents({
    seed: 8,
    count: 700,
    users: 6,
    maxDelayMs: 3000,
    idFrom: 10_000,
  });
  const ordered = outOfOrderEvents({
    seed: 9,
    count: 600,
    users: 6,
    maxDelayMs: 0,
    idFrom: 20_000,
  });
  const folders = CASES.map((_, i) => join(dir, `case${i}`));
  const kafkaFolder = join(dir, 'kafka');
  const rivulet = new Map<string, { rows: Record<string, unknown>[]; ms: number }>();
  let flink: FlinkRun;

  beforeAll(async () => {
    const scripts: string[] = [];
    for (const [i, c] of CASES.entries()) {
      const folder = folders[i]!;
      mkdirSync(folder);
      writeJsonl(join(folder, 'events.jsonl'), events);
      writeJsonl(join(folder, 'others.jsonl'), others);
      writeJsonl(join(folder, 'ordered.jsonl'), ordered);
      const pipeline = join(folder, 'p.json');
      writeFileSync(pipeline, JSON.stringify(pipelineOf(c)));
      const started = performance.now();
      const run = await cli('run', pipeline, '--quiet');
      expect(run.code, run.err).toBe(0);
      rivulet.set(c.name, {
        rows: readJsonl(join(folder, 'out.jsonl')),
        ms: performance.now() - started,
      });
      const script = join(folder, 'job.sql');
      await exportTo(pipeline, script, join(folder, 'flink'));
      scripts.push(script);
    }

    // The Kafka case: its topic is written first, since the export learns fields from it.
    const bootstrap = inject('kafkaBootstrap');
    const topic = `flink-differential-${process.pid}-${Date.now()}`;
    await createTopic(bootstrap, topic, 2);
    const records = outOfOrderEvents({ seed: 10, count: 1200, users: 6, maxDelayMs: 4000 });
    const last = Math.max(...records.map((r) => r.ts as number));
    await produce(bootstrap, topic, [
      ...records.map((r) => ({
        partition: Number(String(r.user).slice(1)) % 2,
        value: JSON.stringify(r),
      })),
      ...[0, 1].map((partition) => ({
        partition,
        value: JSON.stringify({ id: -1, user: SENTINEL_USER, amount: 0, ts: last + 86_400_000 }),
      })),
    ]);
    mkdirSync(kafkaFolder);
    const kafkaFile = join(kafkaFolder, 'p.json');
    writeFileSync(kafkaFile, JSON.stringify(kafkaPipeline(bootstrap, topic)));
    const kafkaScript = join(kafkaFolder, 'job.sql');
    await exportTo(kafkaFile, kafkaScript, join(kafkaFolder, 'flink'));
    // For the test only: Flink reads the topic to its current end and finishes, so that its
    // job ends (Rivulet's source.kafka is unbounded: it is stopped below).
    const script = readFileSync(kafkaScript, 'utf8');
    expect(script).toContain("'connector' = 'kafka',");
    writeFileSync(
      kafkaScript,
      script.replace(
        "'connector' = 'kafka',",
        "'connector' = 'kafka',\n  'scan.bounded.mode' = 'latest-offset',",
      ),
    );
    scripts.push(kafkaScript);

    const problem = await ensureFlinkRunner({ log: (line) => console.log(line) });
    expect(problem).toBeNull();
    flink = await runFlinkScripts(scripts, { timeoutMs: 600_000 });

    // Rivulet on the same topic, until its sink has taken every window Flink output for the
    // users (Flink also fires the sentinels' windows at its end of input; Rivulet, unbounded,
    // does not).
    const expected = flink.jobs.at(-1)?.ok
      ? flinkRows(join(kafkaFolder, 'flink', 'out')).filter((r) => r.user !== SENTINEL_USER).length
      : 0;
    const started = performance.now();
    let job: Job | undefined;
    const running = runPipelineFile(kafkaFile, { onStart: (j) => (job = j as Job) });
    await until(() => (job?.metrics.get('out')?.recordsIn ?? 0) >= expected, 180_000);
    job!.stop();
    const outcome = await running;
    expect(outcome.ok).toBe(true);
    rivulet.set('kafka', {
      rows: readJsonl(join(kafkaFolder, 'out.jsonl')),
      ms: performance.now() - started,
    });

    console.log(
      `Flink: JVM start ${flink.jvmStartMs ?? '?'} ms, total ${Math.round(flink.totalMs)} ms; ` +
        [...CASES.map((c) => c.name), 'kafka']
          .map(
            (name, i) =>
              `${name}: Flink ${flink.jobs[i]?.ms ?? '?'} ms, Rivulet ${Math.round(rivulet.get(name)!.ms)} ms`,
          )
          .join('; '),
    );
  }, 1_200_000);

  it.each(CASES.map((c, i) => [c.name, i] as const))('%s', (name, i) => {
    const job = flink.jobs[i];
    expect(job?.ok, job?.error ?? flink.stderr.slice(-3000)).toBe(true);
    const ours = canonicalRows(rivulet.get(name)!.rows);
    const theirs = canonicalRows(flinkRows(join(folders[i]!, 'flink', 'out')));
    expect(ours.length).toBeGreaterThan(0);
    expect(theirs).toEqual(ours);
  });

  it('a Kafka source on two partitions, with per-partition watermarks', () => {
    const job = flink.jobs.at(-1);
    expect(job?.ok, job?.error ?? flink.stderr.slice(-3000)).toBe(true);
    const ours = canonicalRows(rivulet.get('kafka')!.rows);
    const theirs = canonicalRows(
      flinkRows(join(kafkaFolder, 'flink', 'out')).filter((r) => r.user !== SENTINEL_USER),
    );
    expect(ours.length).toBeGreaterThan(0);
    expect(theirs).toEqual(ours);
  });
});

describe('rivulet flink run', () => {
  it('writes the sink file as rivulet run does, from Flink', async () => {
    const dir = tempDir();
    const events = outOfOrderEvents({ seed: 11, count: 800, users: 4, maxDelayMs: 3000 });
    writeJsonl(join(dir, 'events.jsonl'), events);
    const pipeline = join(dir, 'p.json');
    writeFileSync(pipeline, JSON.stringify(pipelineOf(CASES[0]!)));
    expect((await cli('run', pipeline, '--quiet')).code).toBe(0);
    const ours = canonicalRows(readJsonl(join(dir, 'out.jsonl')));
    const run = await cli('flink', 'run', pipeline);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(/out: \d+ records → /);
    expect(run.err).toContain('finished on Flink');
    expect(canonicalRows(readJsonl(join(dir, 'out.jsonl')))).toEqual(ours);
  }, 600_000);
});
