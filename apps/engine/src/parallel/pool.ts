// Worker threads kept between runs in parallel: a run takes warm workers (their modules loaded,
// the engine's code compiled) instead of starting threads, as Flink's task managers outlive jobs.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The worker's compiled entry: beside this file in dist/, or in dist/ when running from src/ (tests). */
const here = fileURLToPath(import.meta.url);
const WORKER_ENTRY = here.endsWith('.ts')
  ? here.replace(/([\\/])src([\\/].*)pool\.ts$/, '$1dist$2worker.js')
  : here.replace(/pool\.js$/, 'worker.js');

/**
 * A worker's young generation (Node's default: 48 MB). Records wait in the exchange for their
 * turn in stream order or for the next message: in a young generation twice as large they die
 * young more often instead of being copied by its collections and promoted (q5 at parallelism 2:
 * 8 % less CPU; 192 MB no better).
 */
const YOUNG_GENERATION_MB = 96;

/** Idle workers beyond this many are ended rather than kept. */
const MAX_IDLE = 16;

const idle: Worker[] = [];

/** `n` workers for a run: idle ones first, new ones for the rest. */
export function takeWorkers(n: number): Worker[] {
  const taken: Worker[] = [];
  while (taken.length < n && idle.length > 0) {
    const worker = idle.pop()!;
    worker.ref();
    taken.push(worker);
  }
  while (taken.length < n) {
    const worker = new Worker(WORKER_ENTRY, {
      workerData: { parallelPool: true },
      execArgv: [],
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    // One that ends while idle is not handed out again.
    worker.once('exit', () => {
      const at = idle.indexOf(worker);
      if (at >= 0) idle.splice(at, 1);
    });
    taken.push(worker);
  }
  return taken;
}

/**
 * Gives back the workers of a run that finished everywhere: each closes the run's ports and
 * waits, not keeping the process alive. A run that failed or was stopped ends its workers.
 */
export function giveBack(workers: Worker[]): void {
  for (const worker of workers) {
    worker.postMessage({ t: 'release' });
    if (idle.length >= MAX_IDLE) {
      void worker.terminate();
      continue;
    }
    worker.unref();
    idle.push(worker);
  }
}

/** The workers waiting for a run. */
export const idleWorkers = (): readonly Worker[] => idle;

/** Ends the idle workers (tests, a server shutting down). */
export async function endIdleWorkers(): Promise<void> {
  await Promise.all(idle.splice(0).map((w) => w.terminate()));
}
