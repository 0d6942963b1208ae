import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fmt, peakMemory, runJob } from './support.js';

const KEYS = 100_000;

function pipeline(limit: number) {
  return {
    version: 1,
    name: 'bench-memory',
    nodes: [
      {
        id: 'gen',
        type: 'source.generator',
        params: { scenario: 'clickstream', seed: 3, limit, users: KEYS },
      },
      { id: 'key', type: 'keyBy', params: { fields: ['userId'] } },
      {
        id: 'win',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '1m',
          aggregations: [
            { fn: 'count', as: 'n' },
            { fn: 'countDistinct', field: 'itemId', as: 'items' },
          ],
        },
      },
      { id: 'sink', type: 'sink.dashboard', params: {} },
    ],
    edges: [
      { source: 'gen', target: 'key' },
      { source: 'key', target: 'win' },
      { source: 'win', target: 'sink' },
    ],
  };
}

/** Runs in a child process of its own, so that each figure is that run's peak alone. */
async function child(limit: number): Promise<void> {
  let maxState = { keys: 0, windows: 0 };
  const { value, peakRss, peakHeap } = await peakMemory(async () => {
    const run = runJob(pipeline(limit));
    return run;
  });
  maxState =
    value.job.vertices.find((v) => v.node.id === 'win')?.runtime?.stateSize?.() ?? maxState;
  process.send!({
    limit,
    peakRss,
    peakHeap,
    outputs: value.result.nodes.at(-1)!.recordsIn,
    ms: value.result.elapsedMs,
    maxState,
  });
}

export async function memoryBench(): Promise<void> {
  const sizes = (process.env.BENCH_MEMORY ?? '1000000,10000000').split(',').map(Number);
  const rows: { limit: number; peakRss: number; peakHeap: number; outputs: number; ms: number }[] =
    [];
  for (const limit of sizes) {
    const row = await new Promise<(typeof rows)[number]>((resolve, reject) => {
      const p = fork(fileURLToPath(import.meta.url), [String(limit)], {
        execArgv: ['--expose-gc'],
      });
      p.once('message', (m) => resolve(m as (typeof rows)[number]));
      p.once(
        'exit',
        (code) => code !== 0 && reject(new Error(`memory bench child exited ${code}`)),
      );
    });
    rows.push(row);
    const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
    console.log(
      `  ${fmt(limit)} events: peak RSS ${mb(row.peakRss)}, peak heap ${mb(row.peakHeap)}, ${fmt(row.outputs)} window results, ${(row.ms / 1000).toFixed(1)} s`,
    );
  }
  if (rows.length >= 2) {
    const first = rows[0]!;
    const last = rows.at(-1)!;
    console.log(
      `(c) memory: ${fmt(last.limit / first.limit)}× the events → ${(last.peakHeap / first.peakHeap).toFixed(2)}× the peak heap (bounded by keys × open windows, not by records)`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send)
  await child(Number(process.argv[2]));
