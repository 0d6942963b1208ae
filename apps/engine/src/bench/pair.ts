// What two threads of this machine give at this moment: the same parallelism-1 job in two
// worker threads at once. On a shared or loaded machine two threads rarely run at twice the
// speed of one (caches, memory, other tenants); the benches print parallelism 2's speed-up beside
// this one, measured in the same run, so that a ratio can be read against what the cores gave.
import { Worker } from 'node:worker_threads';

export class Pair {
  private constructor(private readonly workers: Worker[]) {}

  static start(): Pair {
    const entry = new URL('./pair-worker.js', import.meta.url);
    return new Pair([0, 1].map(() => new Worker(entry)));
  }

  /** Runs `doc(i)` in thread i, both at once: the time until both have ended. */
  async both(doc: (i: number) => object): Promise<number> {
    const started = performance.now();
    await Promise.all(
      this.workers.map(
        (worker, i) =>
          new Promise<void>((resolve, reject) => {
            worker.once('message', (m: { ok: true } | { ok: false; error: string }) =>
              m.ok ? resolve() : reject(new Error(m.error)),
            );
            worker.postMessage(doc(i));
          }),
      ),
    );
    return performance.now() - started;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
