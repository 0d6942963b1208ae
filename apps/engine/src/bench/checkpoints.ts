import { join } from 'node:path';
import { pipelineFingerprint } from '../checkpoint/checkpoint.js';
import { CheckpointStore } from '../checkpoint/store.js';
import { Job } from '../job.js';
import { validatePipeline } from '../validate.js';
import { filePipeline } from './file-sliding.js';
import { fmt, median, quietIO, tempDir } from './support.js';

/**
 * (g) the 1M-line file job with a checkpoint every second against none, and (h) what one
 * checkpoint of 100,000 keys costs: its duration (the cut, the sinks' fsync, the atomic write)
 * and its size.
 */
export async function checkpointsBench(input: string, dir: string, rounds: number): Promise<void> {
  const plain: number[] = [];
  const checkpointed: number[] = [];
  let taken = 0;
  for (let round = 0; round < rounds; round++) {
    const a = await fileRun(input, join(dir, 'plain-out.jsonl'), null);
    const b = await fileRun(input, join(dir, 'chk-out.jsonl'), join(tempDir(), 'chk'));
    plain.push(a.rate);
    checkpointed.push(b.rate);
    taken = b.checkpoints;
    console.log(
      `  round ${round + 1}: no checkpoints ${fmt(a.rate)} ev/s, every 1 s ${fmt(b.rate)} ev/s (${b.checkpoints} checkpoints)`,
    );
  }
  const ratio = median(checkpointed) / median(plain);
  console.log(
    `(g) checkpoint every 1 s: ${fmt(median(checkpointed))} vs ${fmt(median(plain))} ev/s, ratio ${ratio.toFixed(2)} (goal ≥ 0.9; ${taken} checkpoints in the last round)${ratio >= 0.9 ? '' : '  BELOW GOAL'}`,
  );

  console.log('\n(h) one checkpoint of 100,000 keys (tumbling 1h window per card)');
  const durations: number[] = [];
  let bytes = 0;
  for (let round = 0; round < rounds; round++) {
    const measured = await bigState(100_000);
    durations.push(measured.ms);
    bytes = measured.bytes;
    console.log(
      `  round ${round + 1}: ${measured.ms.toFixed(0)} ms, ${(measured.bytes / 1048576).toFixed(1)} MB, ${fmt(measured.windows)} windows`,
    );
  }
  console.log(
    `(h) checkpoint of 100,000 keys: ${median(durations).toFixed(0)} ms (median), ${(bytes / 1048576).toFixed(1)} MB`,
  );
}

async function fileRun(input: string, output: string, checkpointDir: string | null) {
  const valid = validatePipeline(filePipeline(input, output));
  if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
  const store = checkpointDir ? new CheckpointStore(checkpointDir) : null;
  const job = new Job(valid.value, {
    io: quietIO,
    ...(store
      ? {
          checkpoints: {
            everyMs: 1000,
            fingerprint: pipelineFingerprint(valid.value.doc),
            onCheckpoint: (checkpoint) => store.write(checkpoint),
          },
        }
      : {}),
  });
  const t0 = performance.now();
  const result = await job.run();
  const ms = performance.now() - t0;
  store?.clear();
  if (result.status !== 'finished') throw new Error(`bench job ${result.status}`);
  return { rate: (result.nodes[0]!.recordsOut / ms) * 1000, checkpoints: job.checkpointsCompleted };
}

/** A job holding one open window for each of `keys` cards, then one checkpoint of it. */
async function bigState(keys: number): Promise<{ ms: number; bytes: number; windows: number }> {
  const doc = {
    version: 1,
    name: 'bench-h',
    nodes: [
      {
        id: 'gen',
        type: 'source.generator',
        params: { scenario: 'transactions', seed: 3, cards: keys },
      },
      { id: 'key', type: 'keyBy', params: { fields: ['cardId'] } },
      {
        id: 'win',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '1d',
          aggregations: [
            { fn: 'count', as: 'n' },
            { fn: 'sum', field: 'amount', as: 'total' },
          ],
        },
      },
      { id: 'out', type: 'sink.dashboard', params: {} },
    ],
    edges: [
      { source: 'gen', target: 'key' },
      { source: 'key', target: 'win' },
      { source: 'win', target: 'out' },
    ],
  };
  const valid = validatePipeline(doc);
  if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
  const job = new Job(valid.value, { io: quietIO });
  const running = job.run();
  // Once most cards have a window open: one checkpoint, taken between two batches as the
  // periodic ones are, then the job is stopped.
  const measured = await new Promise<{ ms: number; bytes: number; windows: number }>(
    (resolve, reject) => {
      const timer = setInterval(() => {
        if (job.metrics.get('gen')!.recordsOut < keys * 5) return;
        clearInterval(timer);
        const store = new CheckpointStore(join(tempDir(), 'chk'));
        const t0 = performance.now();
        job
          .checkpoint(1, 'bench')
          .then((checkpoint) => {
            const bytes = store.write(checkpoint);
            const ms = performance.now() - t0;
            const windows =
              (checkpoint.nodes.win?.state as { windows?: unknown[] }).windows?.length ?? 0;
            job.stop();
            resolve({ ms, bytes, windows });
          })
          .catch(reject);
      }, 5);
    },
  );
  await running;
  if (measured.windows < keys * 0.9)
    throw new Error(`bench (h): only ${measured.windows} windows open`);
  const { ms, bytes } = measured;
  return { ms, bytes, windows: measured.windows };
}
