/**
 * A brute-force model of the interval join for the property tests: it keeps every non-late
 * record and joins them all, nested-loop, at the end; live state is recomputed from the rule
 * "a record is kept while some later non-late record of the other side could still join it".
 */

import type { Key, Rec } from '../../core/runtime.js';

export interface ModelRecord {
  left: boolean;
  record: Rec;
  ts: number;
  key: Key;
}

export interface Joined {
  record: Rec;
  ts: number;
  key: Key;
}

export class IntervalJoinModel {
  W = -Infinity;
  readonly accepted: ModelRecord[] = [];
  readonly late: ModelRecord[] = [];

  constructor(
    private readonly lower: number,
    private readonly upper: number,
    private readonly leftPrefix: string,
    private readonly rightPrefix: string,
  ) {}

  onInput(r: ModelRecord): void {
    if (r.ts < this.W) this.late.push(r);
    else this.accepted.push(r);
  }

  onWatermark(wm: number): void {
    this.W = Math.max(this.W, wm);
  }

  /** Records some later non-late record could still join. */
  live(): ModelRecord[] {
    return this.accepted.filter((r) =>
      r.left ? !(this.W > r.ts + this.upper) : !(this.W > r.ts - this.lower),
    );
  }

  liveKeys(): number {
    return new Set(this.live().map((r) => r.key)).size;
  }

  output(): Joined[] {
    const out: Joined[] = [];
    for (const l of this.accepted) {
      if (!l.left) continue;
      for (const r of this.accepted) {
        if (r.left || r.key !== l.key) continue;
        if (r.ts < l.ts + this.lower || r.ts > l.ts + this.upper) continue;
        const record: Rec = {};
        for (const [k, v] of Object.entries(l.record)) record[this.leftPrefix + k] = v;
        for (const [k, v] of Object.entries(r.record)) record[this.rightPrefix + k] = v;
        out.push({ record, ts: Math.max(l.ts, r.ts), key: l.key });
      }
    }
    return out;
  }
}
