/**
 * A brute-force model of the interval join for the property tests. It keeps every non-late
 * record and, as each arrives, joins it against all earlier ones by a nested loop over them;
 * live state is recomputed from the rule "a record is kept while some later non-late record of
 * the other side could still join it".
 *
 * The caps (see the operator), stated from the records alone: a record produces the pairs
 * with the earliest of its partners (earlier non-late records of the other side, same key,
 * in its interval, not evicted; by time, then arrival), at most `joinedPerRecord`, and is a
 * dead letter when some are cut. Then, if it is kept, while its side of its key keeps more
 * than `bufferedPerKey` live records, the earliest of them (by time, then arrival) is
 * evicted: a dead letter at its own time, and no later record's partner.
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

export interface ModelLimits {
  bufferedPerKey: number;
  joinedPerRecord: number;
}

const UNCAPPED: ModelLimits = { bufferedPerKey: Infinity, joinedPerRecord: Infinity };

export class IntervalJoinModel {
  W = -Infinity;
  readonly accepted: ModelRecord[] = [];
  readonly late: ModelRecord[] = [];
  /** Dead letters from the caps, in the order sent. */
  readonly dead: { record: Rec; ts: number }[] = [];
  private readonly joined: Joined[] = [];
  private readonly evicted = new Set<ModelRecord>();

  constructor(
    private readonly lower: number,
    private readonly upper: number,
    private readonly leftPrefix: string,
    private readonly rightPrefix: string,
    private readonly limits: ModelLimits = UNCAPPED,
  ) {}

  onInput(r: ModelRecord): void {
    if (r.ts < this.W) {
      this.late.push(r);
      return;
    }
    // Array.prototype.sort is stable: ties keep arrival order.
    const byTime = (x: ModelRecord, y: ModelRecord) => x.ts - y.ts;
    const partners = this.accepted
      .filter((o) => o.left !== r.left && o.key === r.key && !this.evicted.has(o))
      .filter((o) => {
        const [l, x] = r.left ? [r, o] : [o, r];
        return x.ts >= l.ts + this.lower && x.ts <= l.ts + this.upper;
      })
      .sort(byTime);
    const { joinedPerRecord, bufferedPerKey } = this.limits;
    partners.slice(0, joinedPerRecord).forEach((o) => this.join(r.left ? r : o, r.left ? o : r));
    if (partners.length > joinedPerRecord) this.dead.push({ record: r.record, ts: r.ts });
    this.accepted.push(r);
    if (!this.isLive(r)) return;
    const side = this.live()
      .filter((o) => o.left === r.left && o.key === r.key)
      .sort(byTime);
    for (const o of side.slice(0, Math.max(0, side.length - bufferedPerKey))) {
      this.evicted.add(o);
      this.dead.push({ record: o.record, ts: o.ts });
    }
  }

  onWatermark(wm: number): void {
    this.W = Math.max(this.W, wm);
  }

  private isLive(r: ModelRecord): boolean {
    if (this.evicted.has(r)) return false;
    return r.left ? !(this.W > r.ts + this.upper) : !(this.W > r.ts - this.lower);
  }

  /** Records some later non-late record could still join, and not evicted. */
  live(): ModelRecord[] {
    return this.accepted.filter((r) => this.isLive(r));
  }

  liveKeys(): number {
    return new Set(this.live().map((r) => r.key)).size;
  }

  output(): Joined[] {
    return this.joined;
  }

  private join(l: ModelRecord, r: ModelRecord): void {
    const record: Rec = {};
    for (const [k, v] of Object.entries(l.record)) record[this.leftPrefix + k] = v;
    for (const [k, v] of Object.entries(r.record)) record[this.rightPrefix + k] = v;
    this.joined.push({ record, ts: Math.max(l.ts, r.ts), key: l.key });
  }
}
