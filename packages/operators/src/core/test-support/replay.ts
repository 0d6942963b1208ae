/** Drives an operator the way a source would, for property tests against brute-force models. */

import type { Key, OperatorContext, OperatorRuntime, Rec } from '../runtime.js';
import { createTestContext, type Emitted } from './context.js';

export interface ReplayStep {
  t: number;
  record: Rec;
  key: Key;
  /** False for a record a filter upstream dropped: it still raises the watermark. */
  keep: boolean;
}

export interface ReplayOptions<R extends OperatorRuntime> {
  ooo: number;
  keyFields: readonly string[] | null;
  create: (ctx: OperatorContext) => R;
  /** Snapshot (a JSON round trip) before this step and restore into a fresh operator; -1: never. */
  cut?: number;
  /** Called with each kept step after the operator saw it (feed the model here). */
  onRecord?: (step: ReplayStep) => void;
  /** Called with each watermark after the operator saw it, +∞ last. */
  onWatermark?: (wm: number) => void;
  /** Called after each step, e.g. to compare state sizes. */
  afterStep?: (op: R) => void;
}

export interface Replayed<R extends OperatorRuntime> {
  op: R;
  out: Emitted[];
  late: Emitted[];
  lateRecords: number;
}

/**
 * Feeds the steps as a source would (spec §3): kept records to onRecord, and after every record,
 * kept or not, the watermark max(W, maxTs − ooo − 1) when it rises; +∞ at the end.
 */
export function replay<R extends OperatorRuntime>(
  steps: readonly ReplayStep[],
  options: ReplayOptions<R>,
): Replayed<R> {
  let test = createTestContext(options.keyFields);
  let op = options.create(test.ctx);
  const out: Emitted[] = [];
  const late: Emitted[] = [];
  let lateRecords = 0;
  const collect = () => {
    out.push(...test.out);
    late.push(...test.late);
    lateRecords += test.counters.lateRecords;
  };
  let W = -Infinity;
  let maxTs = -Infinity;
  steps.forEach((step, i) => {
    if (i === options.cut) {
      const snapshot = JSON.parse(JSON.stringify(op.snapshot!())) as unknown;
      collect();
      test = createTestContext(options.keyFields);
      op = options.create(test.ctx);
      op.restore!(snapshot);
    }
    if (step.keep) {
      op.onRecord(step.record, step.t, step.key);
      options.onRecord?.(step);
    }
    maxTs = Math.max(maxTs, step.t);
    const next = Math.max(W, maxTs - options.ooo - 1);
    if (next > W) {
      W = next;
      op.onWatermark!(W);
      options.onWatermark?.(W);
    }
    options.afterStep?.(op);
  });
  op.onWatermark!(Infinity);
  options.onWatermark?.(Infinity);
  collect();
  return { op, out, late, lateRecords };
}
