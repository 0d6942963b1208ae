import type { OperatorContext, Rec, SourceBatch, SourceRuntime } from '../core/runtime.js';
import { disorder } from './disorder.js';
import type { GeneratorParams } from './params.js';
import { DEFAULT_START_TIME } from './params.js';
import { Rng } from './rng.js';
import { SCENARIOS } from './scenarios/index.js';
import type { ScenarioStream, TimedRecord } from './scenarios/types.js';

/** Event time per second of simulated time when unpaced. */
const UNPACED_EVENTS_PER_SEC = 1000;
const DISORDER_STREAM = 2;

/**
 * The backlog that applies: paced and started from the wall clock only (a given startTime says
 * where event time starts, and a run that chose it, such as a measurement, keeps its pace).
 */
export const backlogOf = (params: GeneratorParams): number =>
  params.ratePerSec !== undefined && params.startTime === undefined ? (params.backlog ?? 0) : 0;

/** The scenario's records as the source emits them: started, clocked and made out of order. */
export function openStream(
  params: GeneratorParams,
  wallNow: number,
): { stream: ScenarioStream; startTime: number; maxOutOfOrderness: number } {
  const scenario = SCENARIOS[params.scenario];
  const paced = params.ratePerSec !== undefined;
  const startTime = params.startTime ?? (paced ? wallNow - backlogOf(params) : DEFAULT_START_TIME);
  const meanGapMs = 1000 / (params.ratePerSec ?? UNPACED_EVENTS_PER_SEC);
  const maxOutOfOrderness = params.maxOutOfOrderness ?? scenario.defaultMaxOutOfOrderness;
  const inOrder = scenario.create(params, params.seed, { startTime, meanGapMs });
  const stream = disorder(inOrder, maxOutOfOrderness, new Rng(params.seed, DISORDER_STREAM));
  return { stream, startTime, maxOutOfOrderness };
}

/**
 * Where a checkpoint leaves a generator: the records it returned, and the event time it started
 * from (for a paced one, the wall clock at its first start). Its events depend only on these,
 * the seed and the params, so a restore replays that many and drops them.
 */
export interface GeneratorPosition {
  emitted: number;
  startTime: number;
}

export function createGeneratorRuntime(
  params: GeneratorParams,
  ctx: OperatorContext,
): SourceRuntime {
  const wallNow = ctx.now();
  const opened = openStream(params, wallNow);
  // Paced with a backlog: the clock counts as started `backlog` ago, so the first stretch of
  // event time is due at once, and from then on each record is due at its event time.
  let wallStart = wallNow - backlogOf(params);
  const { maxOutOfOrderness } = opened;
  let { stream, startTime } = opened;
  const limit = params.limit ?? Infinity;
  let produced = 0;
  /** The largest event time returned so far. */
  let maxTs = -Infinity;

  const snapshot = (): GeneratorPosition => ({ emitted: produced, startTime });
  const restore = (state: unknown): void => {
    const { emitted, startTime: start } = (state ?? {}) as Partial<GeneratorPosition>;
    if (
      !Number.isSafeInteger(emitted) ||
      emitted! < 0 ||
      emitted! > limit ||
      !Number.isSafeInteger(start)
    )
      throw new Error(`not a source.generator position: ${JSON.stringify(state)}`);
    if (start !== startTime) {
      stream = openStream({ ...params, startTime: start! }, wallNow).stream;
      startTime = start!;
    }
    for (let i = 0; i < emitted!; i++) {
      const ts = stream.next().ts;
      if (ts > maxTs) maxTs = ts;
    }
    produced = emitted!;
    // Paced: go on at the pace from now, as if the clock had started that long ago.
    if (produced > 0) wallStart = ctx.now() - (maxTs - startTime);
  };

  /** The next `n` records of the stream, unpaced. */
  const generate = (n: number): SourceBatch => {
    const records = new Array<Rec>(n);
    const times = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const record = stream.next();
      records[i] = record;
      times[i] = record.ts;
    }
    produced += n;
    return { records, times };
  };

  const split = ctx.split;
  if (params.ratePerSec === undefined && split) {
    // Read in parallel: every reader makes the whole stream (it is one random sequence) and
    // emits the blocks of `split.size` records it claims.
    const size = split.size;
    let block = 0;
    return {
      maxOutOfOrderness,
      next(): SourceBatch | null {
        for (; block * size < limit; block++) {
          const n = Math.min(size, limit - block * size);
          if (!split.claim(block)) {
            for (let i = 0; i < n; i++) stream.next();
            produced += n;
            continue;
          }
          return { ...generate(n), block: block++ };
        }
        return null;
      },
      snapshot,
      restore,
    };
  }

  if (params.ratePerSec === undefined) {
    return {
      maxOutOfOrderness,
      next(max: number): SourceBatch | null {
        const remaining = limit - produced;
        if (remaining <= 0) return null;
        return generate(Math.max(0, Math.min(max, remaining)));
      },
      snapshot,
      restore,
    };
  }

  // Paced: a record is due when the wall clock has run as long since the start as event time
  // has (the largest event time so far, so records held back do not slow the pace down).
  // `pending` is read ahead and not counted as produced until returned.
  let pending: TimedRecord | null = null;
  const dueAt = (record: TimedRecord): number =>
    wallStart + (Math.max(maxTs, record.ts) - startTime);

  const tick = params.clockWatermark ?? 0;
  /**
   * The watermark the clock allows: the event time the clock has reached, less the disorder
   * bound and 1 ms. Every record not yet returned is later (the pending one is not due, so its
   * time is past the clock's; the ones after it are at most maxOutOfOrderness behind it).
   */
  const clockWatermark = (now: number): number =>
    Math.floor(startTime + (now - wallStart)) - maxOutOfOrderness - 1;

  const take = (max: number, now: number): SourceBatch => {
    const records: Rec[] = [];
    const times: number[] = [];
    while (pending !== null && records.length < max && dueAt(pending) <= now) {
      records.push(pending);
      times.push(pending.ts);
      if (pending.ts > maxTs) maxTs = pending.ts;
      produced++;
      pending = produced < limit ? stream.next() : null;
    }
    return { records, times };
  };

  return {
    maxOutOfOrderness,
    async next(max: number): Promise<SourceBatch | null> {
      if (produced >= limit) return null;
      pending ??= stream.next();
      let now = ctx.now();
      const due = dueAt(pending);
      if (due > now && tick > 0 && due - now > tick) {
        // Nothing due for a while: wait one tick and let the watermark follow the clock.
        await ctx.sleep(tick);
        now = ctx.now();
        if (dueAt(pending) > now) return { records: [], times: [], watermark: clockWatermark(now) };
      } else if (due > now) {
        await ctx.sleep(due - now);
        now = ctx.now();
      }
      return take(max, now);
    },
    snapshot,
    restore,
  };
}
