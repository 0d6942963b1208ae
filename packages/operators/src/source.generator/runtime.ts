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

/** The scenario's records as the source emits them: started, clocked and made out of order. */
export function openStream(
  params: GeneratorParams,
  wallNow: number,
): { stream: ScenarioStream; startTime: number; maxOutOfOrderness: number } {
  const scenario = SCENARIOS[params.scenario];
  const paced = params.ratePerSec !== undefined;
  const startTime = params.startTime ?? (paced ? wallNow : DEFAULT_START_TIME);
  const meanGapMs = 1000 / (params.ratePerSec ?? UNPACED_EVENTS_PER_SEC);
  const maxOutOfOrderness = params.maxOutOfOrderness ?? scenario.defaultMaxOutOfOrderness;
  const inOrder = scenario.create(params, params.seed, { startTime, meanGapMs });
  const stream = disorder(inOrder, maxOutOfOrderness, new Rng(params.seed, DISORDER_STREAM));
  return { stream, startTime, maxOutOfOrderness };
}

export function createGeneratorRuntime(
  params: GeneratorParams,
  ctx: OperatorContext,
): SourceRuntime {
  const wallStart = ctx.now();
  const { stream, startTime, maxOutOfOrderness } = openStream(params, wallStart);
  const limit = params.limit ?? Infinity;
  let produced = 0;

  if (params.ratePerSec === undefined) {
    return {
      maxOutOfOrderness,
      next(max: number): SourceBatch | null {
        const remaining = limit - produced;
        if (remaining <= 0) return null;
        const n = Math.max(0, Math.min(max, remaining));
        const records = new Array<Rec>(n);
        const times = new Array<number>(n);
        for (let i = 0; i < n; i++) {
          const record = stream.next();
          records[i] = record;
          times[i] = record.ts;
        }
        produced += n;
        return { records, times };
      },
    };
  }

  // Paced: a record is due when the wall clock has run as long since the start as event time
  // has (the largest event time so far, so records held back do not slow the pace down).
  let pending: TimedRecord | null = null;
  let maxTs = -Infinity;
  const dueAt = (record: TimedRecord): number =>
    wallStart + (Math.max(maxTs, record.ts) - startTime);

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
      if (due > now) {
        await ctx.sleep(due - now);
        now = ctx.now();
      }
      return take(max, now);
    },
  };
}
