import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { PipelineDocument } from '@rivulet/shared-types';
import { afterAll, describe, expect, it } from 'vitest';
import type { Checkpoint } from '../checkpoint/checkpoint.js';
import { planRestore } from '../checkpoint/compat.js';
import { nodeIO } from '../io.js';
import { Job, type JobResult } from '../job.js';
import { relativeTo } from '../paths.js';
import { readJsonlOrNone } from '../test-support/files.js';
import { canonicalRows, outOfOrderEvents } from '../test-support/differential.js';
import { validatePipeline, type ValidPipeline } from '../validate.js';
import { ParallelJob } from './run.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const read = readJsonlOrNone;

const SINKS = ['out.jsonl', 'late.jsonl', 'bad.jsonl'];
const rowsIn = (dir: string) =>
  Object.fromEntries(SINKS.map((s) => [s, canonicalRows(read(join(dir, s)))]));

function valid(doc: PipelineDocument, dir: string, parallelism: number): ValidPipeline {
  const checked = validatePipeline(
    { ...doc, settings: { parallelism } },
    { checkPath: relativeTo(dir) },
  );
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked.value;
}

/**
 * Runs at `parallelism` with a checkpoint every few ms, and "crashes" (stops without a
 * savepoint: windows open are lost, output after the checkpoint is cut back on restore) after
 * the `crashes`-th checkpoint; then resumes from the last one, and so on, until a run ends.
 */
async function crashingRuns(
  doc: PipelineDocument,
  dir: string,
  parallelism: number,
  crashes: number,
): Promise<{ result: JobResult; restoredMidStream: number }> {
  let restore: Checkpoint | undefined;
  let restoredMidStream = 0;
  const blocksBefore = (c: Checkpoint | undefined) =>
    Object.values(c?.parallel?.barriers ?? {}).reduce((t, b) => t + b, 0);
  for (let run = 0; ; run++) {
    const from = blocksBefore(restore);
    let last: Checkpoint | undefined;
    const crash = run < crashes;
    const job: ParallelJob = new ParallelJob(valid(doc, dir, parallelism), {
      baseDir: dir,
      ...(restore ? { restore } : {}),
      checkpoints: {
        everyMs: 5,
        fingerprint: 'test',
        onCheckpoint: (checkpoint) => {
          // Durable: a deep copy, as a file would keep it.
          last = JSON.parse(JSON.stringify(checkpoint)) as Checkpoint;
          // Crashes once the workers are under way (a barrier after where this run began).
          if (crash && blocksBefore(checkpoint) > from) job.stop();
          return 1;
        },
      },
    });
    const result = await job.run();
    if (!crash || last === undefined || result.status === 'finished') {
      expect(result.status, result.error?.message).toBe('finished');
      return { result, restoredMidStream };
    }
    expect(result.status, result.error?.message).toBe('stopped');
    restore = last;
    if (blocksBefore(last) > from) restoredMidStream++;
  }
}

async function once(doc: PipelineDocument, dir: string) {
  for (const s of SINKS) rmSync(join(dir, s), { force: true });
  const result = await new Job(valid(doc, dir, 1), { io: nodeIO(() => {}) }).run();
  expect(result.status).toBe('finished');
  return { result, rows: rowsIn(dir) };
}

interface Shape {
  kind: 'tumbling' | 'sliding' | 'session';
  lateness: string | null;
  keys: readonly string[];
}

/** source → filter → keyBy → window → files (records, late records, bad lines). */
function pipeline(source: PipelineDocument['nodes'][number], shape: Shape): PipelineDocument {
  return {
    version: 1,
    name: 'crashing',
    nodes: [
      source,
      { id: 'f', type: 'filter', params: { expr: 'amount > 20' } },
      { id: 'by', type: 'keyBy', params: { fields: [...shape.keys] } },
      {
        id: 'w',
        type: 'window',
        params: {
          kind: shape.kind,
          ...(shape.kind === 'session' ? { gap: '2s' } : { size: '5s' }),
          ...(shape.kind === 'sliding' ? { slide: '1s' } : {}),
          ...(shape.lateness ? { allowedLateness: shape.lateness } : {}),
          aggregations: [
            { fn: 'count', as: 'n' },
            { fn: 'sum', field: 'amount', as: 'total' },
            { fn: 'max', field: 'amount', as: 'most' },
          ],
        },
      },
      { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
      { id: 'late', type: 'sink.file', params: { path: 'late.jsonl' } },
      ...(source.type === 'source.file'
        ? [{ id: 'bad', type: 'sink.file', params: { path: 'bad.jsonl' } }]
        : []),
    ],
    edges: [
      { source: 'src', target: 'f' },
      ...(source.type === 'source.file'
        ? [{ source: 'src', sourceHandle: 'errors', target: 'bad' }]
        : []),
      { source: 'f', target: 'by' },
      { source: 'by', target: 'w' },
      { source: 'w', target: 'out' },
      { source: 'w', sourceHandle: 'late', target: 'late' },
    ],
  };
}

/** p1 once; at `parallelism`, crashed `crashes` times and resumed: the same files and counts. */
async function expectSameAfterCrashes(
  doc: PipelineDocument,
  dir: string,
  parallelism: number,
  crashes: number,
): Promise<number> {
  const one = await once(doc, dir);
  expect(one.rows['out.jsonl']!.length).toBeGreaterThan(0);
  const crashed = await crashingRuns(doc, dir, parallelism, crashes);
  expect(rowsIn(dir)).toEqual(one.rows);
  // Counters carry on across restores: every record read once, every dead letter once.
  expect(crashed.result.deadLetters).toBe(one.result.deadLetters);
  const node = (r: JobResult, id: string) => r.nodes.find((n) => n.nodeId === id)!;
  for (const id of ['src', 'w'])
    expect(node(crashed.result, id).recordsOut).toBe(node(one.result, id).recordsOut);
  return crashed.restoredMidStream;
}

const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'rivulet-pcheckpoint-'));
  dirs.push(dir);
  return dir;
};

/** A folder with `in.jsonl`: out-of-order events, late ones too, and a bad line every `every`. */
function eventsFile(options: { seed: number; count: number; users: number; every: number }) {
  const lines = outOfOrderEvents({ ...options, maxDelayMs: 9000 }).map((r) => JSON.stringify(r));
  for (let i = 7; i < lines.length; i += options.every) lines[i] = '{not json';
  const dir = folder();
  writeFileSync(join(dir, 'in.jsonl'), lines.join('\n') + '\n');
  const source = (maxOutOfOrderness: string) => ({
    id: 'src',
    type: 'source.file',
    params: { path: 'in.jsonl', eventTime: { field: 'ts', maxOutOfOrderness } },
  });
  return { dir, lines, source };
}

/** Sliding windows per card over 60,000 generated transactions. */
function generated(seed: number): PipelineDocument {
  const source = {
    id: 'src',
    type: 'source.generator',
    params: { scenario: 'transactions', seed, limit: 60_000, maxOutOfOrderness: '1s' },
  };
  return pipeline(source, { kind: 'sliding', lateness: null, keys: ['cardId'] });
}

/** A run at parallelism 2 stopped with a savepoint once its workers are under way. */
async function stoppedWithSavepoint(doc: PipelineDocument, dir: string, blockSize?: number) {
  const saved: Checkpoint[] = [];
  const job: ParallelJob = new ParallelJob(valid(doc, dir, 2), {
    baseDir: dir,
    ...(blockSize !== undefined ? { blockSize } : {}),
    checkpoints: {
      everyMs: 5,
      fingerprint: 'test',
      onCheckpoint: (checkpoint) => {
        if (Object.values(checkpoint.parallel!.barriers).some((b) => b > 0))
          job.stop({ savepoint: true });
        return 1;
      },
      onSavepoint: (savepoint) => void saved.push(JSON.parse(JSON.stringify(savepoint))),
    },
  });
  expect((await job.run()).status).toBe('stopped');
  expect(saved).toHaveLength(1);
  return { job, saved: saved[0]! };
}

describe('checkpoints in parallel: crashed, resumed, the same results as one thread', () => {
  it('random keyed windows over a generator, crashed 1-3 times (p2, p3 = p1)', async () => {
    let midStream = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 10_000 }),
          limit: fc.integer({ min: 20_000, max: 40_000 }),
          disorder: fc.constantFrom('0ms', '1s', '3s'),
          kind: fc.constantFrom('tumbling', 'sliding', 'session'),
          lateness: fc.constantFrom(null, '1s'),
          keys: fc.constantFrom(['cardId'], ['merchantCategory'], ['merchantCategory', 'country']),
          parallelism: fc.constantFrom(2, 3),
          crashes: fc.integer({ min: 1, max: 3 }),
        }),
        async (p) => {
          const source = {
            id: 'src',
            type: 'source.generator',
            params: {
              scenario: 'transactions',
              seed: p.seed,
              limit: p.limit,
              maxOutOfOrderness: p.disorder,
            },
          };
          midStream += await expectSameAfterCrashes(
            pipeline(source, p),
            folder(),
            p.parallelism,
            p.crashes,
          );
        },
      ),
      { numRuns: 6 },
    );
    // The crashes fell in the middle of the stream (a generator claims block by block).
    expect(midStream).toBeGreaterThan(0);
  });

  it('a file with late records and bad lines, crashed twice: shared output files cut back', async () => {
    // Large enough that a barrier falls inside it (each worker claims the blocks of the lines
    // it has read ahead, about 1 MB).
    const { dir, lines, source } = eventsFile({ seed: 3, count: 150_000, users: 50, every: 997 });
    const doc = pipeline(source('0ms'), { kind: 'sliding', lateness: '500ms', keys: ['user'] });
    expect(await expectSameAfterCrashes(doc, dir, 2, 2)).toBeGreaterThan(0);
    expect(read(join(dir, 'late.jsonl')).length).toBeGreaterThan(0);
    expect(read(join(dir, 'bad.jsonl')).length).toBe(Math.ceil((lines.length - 7) / 997));
  });

  it('rivulet run --checkpoints at parallelism 2, killed with SIGKILL and run again: the same rows', async () => {
    const BIN = fileURLToPath(new URL('../../bin/rivulet.js', import.meta.url));
    const { dir, source } = eventsFile({ seed: 5, count: 400_000, users: 300, every: 1009 });
    const doc = pipeline(source('1s'), {
      kind: 'tumbling',
      lateness: null,
      keys: ['user', 'country'],
    });
    writeFileSync(join(dir, 'p1.json'), JSON.stringify(doc));
    writeFileSync(join(dir, 'p2.json'), JSON.stringify({ ...doc, settings: { parallelism: 2 } }));
    const run = (file: string) =>
      spawnSync(process.execPath, [BIN, 'run', file, '--checkpoints', 'chk'], {
        cwd: dir,
        encoding: 'utf8',
      });
    expect(run('p1.json').status).toBe(0);
    const expected = rowsIn(dir);
    expect(expected['late.jsonl']!.length).toBeGreaterThan(0);

    // Killed once a newer checkpoint than the last run's is durable (and a little later).
    const chk = join(dir, 'chk');
    const newest = () =>
      existsSync(chk)
        ? readdirSync(chk)
            .flatMap((f) => readdirSync(join(chk, f)).map((c) => join(chk, f, c)))
            .filter((c) => /chk-\d+\.json$/.test(c))
            .reduce((t, c) => Math.max(t, statSync(c).mtimeMs), 0)
        : 0;
    let kills = 0;
    let resumed = 0;
    for (let attempt = 0; attempt < 4; attempt++) {
      const before = newest();
      const child = spawn(
        process.execPath,
        [BIN, 'run', 'p2.json', '--checkpoints', 'chk', '--checkpoint-interval', '100ms'],
        { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<string | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      let gone = false;
      void exited.then(() => (gone = true));
      const deadline = performance.now() + 120_000;
      while (!gone && newest() <= before && performance.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      if (!gone) await new Promise((r) => setTimeout(r, attempt * 40));
      child.kill('SIGKILL');
      if ((await exited) === 'SIGKILL') kills++;
      if (/resumed from checkpoint/.test(stderr)) resumed++;
    }
    const last = spawnSync(
      process.execPath,
      [BIN, 'run', 'p2.json', '--checkpoints', 'chk', '--checkpoint-interval', '100ms'],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(last.status, last.stderr).toBe(0);
    expect(kills).toBeGreaterThan(1);
    expect(resumed + (/resumed from checkpoint/.test(last.stderr) ? 1 : 0)).toBeGreaterThan(1);
    expect(rowsIn(dir)).toEqual(expected);
    console.log(`parallel checkpoints: ${kills} kills, ${resumed} resumes`);
    // Completed: nothing left to resume.
    expect(readdirSync(chk).flatMap((f) => readdirSync(join(chk, f)))).toEqual([]);
  });

  it('stop with a savepoint: the last checkpoint is taken first, and the run goes on from it', async () => {
    const dir = folder();
    const doc = generated(9);
    const one = await once(doc, dir);
    const { job, saved } = await stoppedWithSavepoint(doc, dir);
    expect(job.savepoint?.id).toBe(saved.id);
    const again = new ParallelJob(valid(doc, dir, 2), { baseDir: dir, restore: saved });
    expect((await again.run()).status).toBe('finished');
    expect(rowsIn(dir)).toEqual(one.rows);
  });

  it('goes on in blocks of its checkpoint: its own size, or 1,024 lines from one that does not say', async () => {
    // Its barriers count blocks: resumed in blocks of another size it would skip other records.
    const dir = folder();
    const doc = generated(4);
    const one = await once(doc, dir);
    for (const size of [1000, 1024]) {
      const { saved } = await stoppedWithSavepoint(doc, dir, size);
      expect(saved.parallel!.blockSize).toBe(size);
      // Mid-stream: blocks of another size before the barrier would be other records.
      expect(saved.parallel!.barriers.src! * size).toBeLessThan(60_000);
      // As taken before the block size was kept.
      if (size === 1024) delete saved.parallel!.blockSize;
      const again = new ParallelJob(valid(doc, dir, 2), { baseDir: dir, restore: saved });
      expect((await again.run()).status).toBe('finished');
      expect(rowsIn(dir)).toEqual(one.rows);
    }
  });

  it('resumes only at the parallelism it was taken at; one thread refuses it, naming why', async () => {
    const dir = folder();
    const source = {
      id: 'src',
      type: 'source.generator',
      params: { scenario: 'transactions', seed: 2, limit: 40_000 },
    };
    const doc = pipeline(source, { kind: 'tumbling', lateness: null, keys: ['cardId'] });
    let taken: Checkpoint | undefined;
    const job: ParallelJob = new ParallelJob(valid(doc, dir, 2), {
      baseDir: dir,
      checkpoints: {
        everyMs: 5,
        fingerprint: 'test',
        onCheckpoint: (checkpoint) => {
          taken ??= checkpoint;
          return 1;
        },
      },
    });
    await job.run();
    expect(taken).toBeDefined();
    expect(() => new ParallelJob(valid(doc, dir, 3), { restore: taken! })).toThrow(
      /taken at parallelism 2: it resumes at that parallelism only/,
    );
    const plan = planRestore(taken!, valid(doc, dir, 1), true);
    expect(plan.ok).toBe(false);
    expect(JSON.stringify(plan)).toMatch(/taken at settings.parallelism 2/);
  });
});
