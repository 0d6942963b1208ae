import { createHash } from 'node:crypto';
import type { PipelineDocument } from '@rivulet/shared-types';

/**
 * A consistent cut of a running job, taken between source batches (as Flink's checkpoints):
 * where each source was, every node's state, watermarks and counters, and each sink's committed
 * position. Plain JSON: ±∞ watermarks are written as "-inf" / "end".
 */
export interface Checkpoint {
  format: 1;
  /** 1, 2, … within one run. */
  id: number;
  /** The pipeline it belongs to (see pipelineFingerprint), and that pipeline's name. */
  pipeline: string;
  name: string;
  /** Wall clock when the cut was taken, and how long until it was durable. */
  takenAt: number;
  durationMs: number;
  nodes: Record<string, NodeCheckpoint>;
  deadLetterTotal: number;
  /**
   * A run in parallel (parallel/checkpoint.ts): `nodes` and `deadLetterTotal` are the workers'
   * summed (what a person reads); each worker's own cut, the block each source's barrier stood
   * at (every block before it was read and went through the graph, none after), and each
   * shared file sink's length, are what a restore at the same parallelism takes.
   */
  parallel?: ParallelCheckpoint;
}

export interface ParallelCheckpoint {
  count: number;
  /** Records (or lines) per block (none: 1,024, before it was kept); the barriers count blocks. */
  blockSize?: number;
  barriers: Record<string, number>;
  workers: WorkerCut[];
}

/** One worker's part of a checkpoint in parallel. */
export interface WorkerCut {
  nodes: Record<string, NodeCheckpoint>;
  deadLetterTotal: number;
  /** Its exchange (parallel/exchange.ts ExchangeState). */
  exchange: unknown;
}

export type Watermark = number | '-inf' | 'end';

export interface NodeCheckpoint {
  type: string;
  /** The node's params as written: state only fits a node whose params are the same. */
  params: unknown;
  /** The runtime's own snapshot: keyed state, a source's position, a sink's committed bytes. */
  state?: unknown;
  /** The watermark it had forwarded, and that of each incoming edge. */
  watermark: Watermark;
  inputs: Watermark[];
  /** A source's largest event time so far, and whether it was exhausted. */
  source?: { maxTs: Watermark; done: boolean };
  counters: {
    recordsIn: number;
    recordsOut: number;
    deadLetters: number;
    lateRecords: number;
    dropped: number;
  };
}

export const toWatermark = (wm: number): Watermark =>
  wm === Number.NEGATIVE_INFINITY ? '-inf' : wm === Number.POSITIVE_INFINITY ? 'end' : wm;

export const fromWatermark = (wm: Watermark): number =>
  wm === '-inf' ? Number.NEGATIVE_INFINITY : wm === 'end' ? Number.POSITIVE_INFINITY : wm;

/**
 * What recognises a pipeline's checkpoints: a hash of its document's content (key order
 * aside), so that the same file run again resumes, and an edited one does not.
 */
export function pipelineFingerprint(document: PipelineDocument | unknown): string {
  return createHash('sha256').update(canonical(document)).digest('hex').slice(0, 16);
}

/** JSON text with object keys sorted: equal for equal values whatever their key order. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
}
