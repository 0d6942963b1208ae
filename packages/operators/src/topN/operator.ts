/**
 * The topN runtime, Flink's Window Top-N (a window TVF ranked with ROW_NUMBER per window and
 * partition, keeping rownum <= N) on the window operator's event-time machinery:
 *
 * - a record with a numeric `by` value is assigned its tumbling or sliding windows (assign.ts)
 *   and enters the ranking of its partition in each window it is not late for, late being
 *   `end - 1 + allowedLateness <= W` (spec §5); a record that joins no window is counted in
 *   `lateRecords` and sent to `late`. A record whose `by` is not a number is ignored (counted
 *   in `dropped`);
 * - a window (slot, shared by all partitions) registers a fire timer at `end - 1` and a cleanup
 *   timer at `end - 1 + allowedLateness`; firing emits, per partition, one row per rank;
 * - within the allowed lateness, a record that enters the top N of an already fired window fires
 *   that partition's ranking again at once, all ranks (a record that does not make the top N
 *   changes nothing, so nothing is emitted).
 */

import { NO_KEY, type Emitter, type Key, type OperatorContext, type Rec } from '../core/runtime.js';
import type { OperatorCounters, OperatorRuntime } from '../core/runtime.js';
import { setField } from '../core/fields.js';
import { TimerService, type TimerCallback } from '../core/timers.js';
import { keyOf } from '../core/keys.js';
import { lastSlidingStart, tumblingStart } from '../core/assign.js';
import type { TopNParams } from './params.js';
import { TopNState, type Entry, type Slot } from './state.js';

export class TopNOperator implements OperatorRuntime {
  private readonly state: TopNState;
  private readonly timers = new TimerService();
  /** The last watermark seen: W of spec §5. */
  private watermark = -Infinity;
  private readonly size: number;
  private readonly slide: number;
  private readonly lateness: number;
  private readonly by: string;
  /** Fields forming the partition, or null to use the stream's key (or none). */
  private readonly partitionBy: readonly string[] | null;
  private readonly emitOut: Emitter;
  private readonly emitLate: Emitter;
  private readonly counters: OperatorCounters;
  private readonly ctx: OperatorContext;
  private readonly onTimer: TimerCallback;

  constructor(params: TopNParams, ctx: OperatorContext) {
    this.size = params.window.size;
    this.slide = params.window.kind === 'sliding' ? (params.window.slide ?? 0) : this.size;
    if (!(this.size > 0 && this.slide > 0 && params.n >= 1)) {
      throw new Error(`topN: params were not validated (${JSON.stringify(params)})`);
    }
    this.state = new TopNState(params.n, params.order === 'desc');
    this.lateness = params.allowedLateness;
    this.by = params.by;
    this.partitionBy = params.partitionBy ?? null;
    this.emitOut = ctx.emit;
    this.emitLate = ctx.port('late');
    this.counters = ctx.counters;
    this.ctx = ctx;
    this.onTimer = (time, _key, start, end) => this.timerFired(time, start, end);
  }

  onRecord(record: Rec, ts: number, key: Key): void {
    if (!Number.isFinite(ts)) {
      this.ctx.deadLetter(record, `topN: event time ${String(ts)} is not a number of ms`);
      return;
    }
    const value = Object.hasOwn(record, this.by) ? record[this.by] : undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.counters.dropped++;
      return;
    }
    // After a keyBy the stream's key is the partition; unkeyed, the key is '' (one ranking).
    const partition = this.partitionBy === null ? key : keyOf(record, this.partitionBy);
    const entry: Entry = { record, value, key };
    let joined = false;
    if (this.slide === this.size) {
      joined = this.add(entry, partition, tumblingStart(ts, this.size));
    } else {
      const lowest = ts - this.size;
      for (let start = lastSlidingStart(ts, this.slide); start > lowest; start -= this.slide) {
        if (this.add(entry, partition, start)) joined = true;
      }
    }
    if (!joined) {
      this.counters.lateRecords++;
      this.emitLate(record, ts, key);
    }
  }

  onWatermark(wm: number): void {
    if (!(wm > this.watermark)) return;
    this.watermark = wm;
    if (this.timers.peekTime() <= wm) this.timers.advance(wm, this.onTimer);
  }

  snapshot(): unknown {
    return this.state.encode(this.watermark);
  }

  /** Restores the rankings; their timers follow from them and the watermark. */
  restore(data: unknown): void {
    this.watermark = this.state.decode(data);
    this.timers.clear();
    for (const slot of this.state.slots.values()) this.registerTimers(slot);
  }

  stateSize(): { keys: number; windows: number } {
    return this.state.size;
  }

  close(): void {
    this.state.clear();
    this.timers.clear();
  }

  /** The entry enters its partition's ranking of the window at `start`, unless late for it. */
  private add(entry: Entry, partition: string, start: number): boolean {
    const end = start + this.size;
    const wm = this.watermark;
    if (end - 1 + this.lateness <= wm) return false;
    let slot = this.state.slot(start, end);
    if (slot === undefined) {
      slot = this.state.createSlot(start, end);
      this.registerTimers(slot);
    }
    const ranked = this.state.insert(slot, partition, entry);
    if (ranked && end - 1 <= wm) this.fire(slot, slot.parts.get(partition)!);
    return true;
  }

  private registerTimers(slot: Slot): void {
    const maxTimestamp = slot.end - 1;
    this.timers.register(maxTimestamp + this.lateness, NO_KEY, slot);
    if (maxTimestamp > this.watermark) this.timers.register(maxTimestamp, NO_KEY, slot);
  }

  private timerFired(time: number, start: number, end: number): void {
    const slot = this.state.slot(start, end);
    if (slot === undefined) return;
    if (time === end - 1) for (const ranking of slot.parts.values()) this.fire(slot, ranking);
    if (time === end - 1 + this.lateness) this.state.remove(slot);
  }

  /** One row per rank: the ranked record's fields, then rank, windowStart, windowEnd. */
  private fire(slot: Slot, ranking: readonly Entry[]): void {
    const ts = slot.end - 1;
    for (let i = 0; i < ranking.length; i++) {
      const entry = ranking[i]!;
      const out: Rec = {};
      const source = entry.record;
      for (const name of Object.keys(source)) setField(out, name, source[name]);
      out.rank = i + 1;
      out.windowStart = slot.start;
      out.windowEnd = slot.end;
      this.emitOut(out, ts, entry.key);
    }
  }
}
