import { startServer, type RunningServer } from '../server/server.js';
import { inMemoryPipeline } from './in-memory.js';
import { fmt, median, runJob, tempDir } from './support.js';

/**
 * (e) the same job in a run's worker thread against the job in this thread, and (f) two runs at
 * once against one: each run's events over the wall time from its start until it ended.
 */
export async function workersBench(events: number, rounds: number): Promise<void> {
  const server = await startServer({ port: 0, dataDir: tempDir(), demo: false, log: () => {} });
  try {
    const id = server.store.createPipeline(inMemoryPipeline(events) as never).id;
    const inWorker: number[] = [];
    const inProcess: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const w = await timeRuns(server, id, 1);
      const t0 = performance.now();
      const { result } = await runJob(inMemoryPipeline(events));
      const p = (result.nodes[0]!.recordsOut / (performance.now() - t0)) * 1000;
      inWorker.push(w);
      inProcess.push(p);
      console.log(`  round ${round + 1}: worker ${fmt(w)} ev/s, in-process ${fmt(p)} ev/s`);
    }
    const ratio = median(inWorker) / median(inProcess);
    console.log(
      `(e) worker vs in-process: ${fmt(median(inWorker))} vs ${fmt(median(inProcess))} ev/s, ratio ${ratio.toFixed(2)} (goal ≥ 0.9)${ratio >= 0.9 ? '' : '  BELOW GOAL'}`,
    );

    console.log(`\n(f) two runs at once against one, ${fmt(events)} events each`);
    const one: number[] = [];
    const two: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const a = await timeRuns(server, id, 1);
      const b = await timeRuns(server, id, 2);
      one.push(a);
      two.push(b);
      console.log(`  round ${round + 1}: one run ${fmt(a)} ev/s, two runs ${fmt(b)} ev/s together`);
    }
    const gain = median(two) / median(one);
    console.log(
      `(f) two runs at once: ${fmt(median(two))} ev/s together vs ${fmt(median(one))} alone, ×${gain.toFixed(2)} (goal ≥ 1.6 on 2 cores)${gain >= 1.6 ? '' : '  BELOW GOAL'}`,
    );
  } finally {
    await server.close();
  }
}

/** Starts `count` runs of the pipeline at once; their events a second together, start to end. */
async function timeRuns(server: RunningServer, pipelineId: string, count: number): Promise<number> {
  const t0 = performance.now();
  const ids: string[] = [];
  const ended = new Promise<void>((resolve, reject) => {
    const done = new Set<string>();
    const onStatus = (m: { runId: string; status: string; error: { message: string } | null }) => {
      if (m.status === 'running') return;
      if (m.status !== 'finished') reject(new Error(`bench run ${m.status}: ${m.error?.message}`));
      done.add(m.runId);
      if (done.size === count) {
        server.runs.off('status', onStatus);
        resolve();
      }
    };
    server.runs.on('status', onStatus);
  });
  const started = await Promise.all(
    Array.from({ length: count }, () => server.runs.start(pipelineId)),
  );
  for (const s of started) {
    if (!s.ok) throw new Error(`bench run refused: ${JSON.stringify(s.problems)}`);
    ids.push(s.value.id);
  }
  await ended;
  const ms = performance.now() - t0;
  let total = 0;
  for (const id of ids) total += server.store.getRun(id)!.metrics![0]!.recordsOut;
  return (total / ms) * 1000;
}
