import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRegistry,
  GeneratorParams,
  operators,
  type OperatorDefinition,
  type Rec,
  type SourceDefinition,
  type TransformDefinition,
} from '@rivulet/operators';
import type { PipelineDocument } from '@rivulet/shared-types';
import { nodeIO } from '../io.js';
import { Job, type JobResult } from '../job.js';
import { relativeTo } from '../paths.js';
import { validatePipeline } from '../validate.js';
import type { DataFile } from './types.js';

/** A record as it reached a dashboard sink, with the wall-clock time (performance.now) it did. */
export interface Captured {
  record: Rec;
  ts: number;
  at: number;
}

export interface BoundedRun {
  result: JobResult;
  /** Records per dashboard sink id. */
  captured: Map<string, Captured[]>;
  /** Wall-clock time (performance.now) at which the source batch holding each event was read, by event id. */
  readAt: Map<string, number>;
  /** The largest event time the sources emitted. */
  lastTs: number;
}

export interface BoundedRunOptions {
  seed: number;
  events: number;
  /** Id of a source event, to match alerts to the batch that carried their trigger. */
  eventId: (record: Rec) => string;
  /** Files the pipeline reads, written to a temporary folder its paths resolve against. */
  files?: DataFile[];
  /** Sees every source record as it is read (to collect the labels). */
  observe?: (record: Rec) => void;
  /**
   * Scenario options the evaluation sets on every generator beyond its public params (so far
   * `preferenceShiftAt`, a whole number of ms): accepted only in evaluations.
   */
  hidden?: { preferenceShiftAt?: number };
  /** Public generator params set over the template's (e.g. `{ fraudRate: 0.05 }`). */
  params?: Record<string, unknown>;
  /**
   * `virtual` (default): a paced generator reads the batches it reads live but its sleeps
   * return at once, so the run takes only the engine's time. `real`: paced on the wall clock
   * at the template's rate, as live (the run lasts events / rate seconds), for latency.
   */
  clock?: 'virtual' | 'real';
}

/** Where simulated time starts in evaluations (unless the template sets a start). */
export const START_TIME = Date.UTC(2026, 0, 1);

/**
 * Runs a live template bounded: every generator gets `limit` and `seed` (and `startTime`, so a
 * backlog does not apply), and the graph is otherwise the same. Two thin wrappers, registered under the same types, take the
 * measurements: the generator notes when each batch was read, each `sink.dashboard` keeps
 * what reaches it. A paced generator keeps its pace but on a virtual clock, whose sleeps
 * return at once: it reads the same small batches as live (the records due at each moment:
 * one or a few), with event time running at the template's rate, and the run takes only
 * the time the engine needs.
 */
export async function runBounded(
  doc: PipelineDocument,
  options: BoundedRunOptions,
): Promise<BoundedRun> {
  const captured = new Map<string, Captured[]>();
  const readAt = new Map<string, number>();
  const clock = { lastTs: -Infinity };
  const registry = createRegistry(
    operators.map((def) =>
      def.type === 'source.generator'
        ? timedSource(def as SourceDefinition, readAt, options, clock)
        : def.type === 'sink.dashboard'
          ? capturingSink(def as TransformDefinition, captured)
          : def,
    ),
  );
  const bounded: PipelineDocument = {
    ...doc,
    nodes: doc.nodes.map((node) => {
      if (node.type !== 'source.generator') return node;
      const params: Record<string, unknown> = {
        ...node.params,
        ...options.params,
        ...options.hidden,
        seed: options.seed,
        limit: options.events,
      };
      // On the virtual clock the watermark's ticks between events change no result (they
      // never make an event late) and would only add empty batches.
      if (options.clock !== 'real') delete params.clockWatermark;
      return { ...node, params: { startTime: START_TIME, ...params } };
    }),
  };
  const folder = await mkdtemp(join(tmpdir(), 'rivulet-scenario-'));
  try {
    for (const file of options.files ?? [])
      await writeFile(join(folder, file.path), file.lines.join('\n') + '\n');
    const valid = validatePipeline(bounded, { registry, checkPath: relativeTo(folder) });
    if (!valid.ok)
      throw new Error(`invalid scenario pipeline: ${JSON.stringify(valid.problems, null, 1)}`);
    const job = new Job(valid.value, { io: nodeIO(() => {}) });
    const result = await job.run();
    if (result.status !== 'finished')
      throw new Error(`scenario run ${result.status}: ${result.error?.message ?? ''}`);
    return { result, captured, readAt, lastTs: clock.lastTs };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function timedSource(
  def: SourceDefinition,
  readAt: Map<string, number>,
  { eventId, observe, clock: mode }: BoundedRunOptions,
  clock: { lastTs: number },
): OperatorDefinition {
  // The hidden options: an optional positive whole number, as the generator's `limit`.
  const schema = GeneratorParams.extend({ preferenceShiftAt: GeneratorParams.shape.limit });
  return {
    ...def,
    params: schema,
    create(params, ctx) {
      let now = (params as { startTime?: number }).startTime ?? START_TIME;
      const virtual = { ...ctx, now: () => now, sleep: async (ms: number) => void (now += ms) };
      const inner = def.create(params, mode === 'real' ? ctx : virtual);
      return {
        ...inner,
        maxOutOfOrderness: inner.maxOutOfOrderness,
        async next(max) {
          const batch = await inner.next(max);
          if (batch !== null) {
            const at = performance.now();
            for (const ts of batch.times) if (ts > clock.lastTs) clock.lastTs = ts;
            for (const record of batch.records) {
              readAt.set(eventId(record), at);
              observe?.(record);
            }
          }
          return batch;
        },
      };
    },
  };
}

function capturingSink(
  def: TransformDefinition,
  captured: Map<string, Captured[]>,
): OperatorDefinition {
  return {
    ...def,
    create(_params, ctx) {
      const list: Captured[] = [];
      captured.set(ctx.nodeId, list);
      return {
        onRecord(record, ts) {
          list.push({ record, ts, at: performance.now() });
        },
      };
    },
  };
}
