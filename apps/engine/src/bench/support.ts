import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noConnection, type OperatorContext, type OperatorIO } from '@rivulet/operators';
import { nodeIO } from '../io.js';
import { Job, type JobResult } from '../job.js';
import { validatePipeline } from '../validate.js';

export const quietIO: OperatorIO = nodeIO(() => {});

/** A context for driving one operator by hand (the hand-written loops use the same generator). */
export function bareContext(): OperatorContext {
  return {
    nodeId: 'bench',
    keyFields: null,
    emit: () => {},
    port: () => () => {},
    isConnected: () => false,
    deadLetter: () => {},
    counters: { lateRecords: 0, dropped: 0 },
    io: quietIO,
    now: Date.now,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    connection: noConnection(),
    stopping: () => false,
    checkpoints: false,
  };
}

export async function runJob(doc: unknown): Promise<{ result: JobResult; job: Job }> {
  const valid = validatePipeline(doc);
  if (!valid.ok) throw new Error(JSON.stringify(valid.problems, null, 2));
  const job = new Job(valid.value, { io: quietIO });
  const result = await job.run();
  if (result.status !== 'finished')
    throw new Error(`bench job ${result.status}: ${result.error?.message}`);
  return { result, job };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Peak of a sampled memory figure while `work` runs. */
export async function peakMemory<T>(
  work: () => Promise<T>,
): Promise<{ value: T; peakRss: number; peakHeap: number }> {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 20);
  try {
    const value = await work();
    sample();
    return { value, peakRss, peakHeap };
  } finally {
    clearInterval(timer);
  }
}

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'rivulet-bench-'));
