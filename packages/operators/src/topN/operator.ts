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
import { copyFields } from '../core/fields.js';
import type { TimerCallback } from '../core/timers.js';
import { EventTimeTrigger, FIRE, PURGE } from '../core/trigger.js';
import { KeyMaker } from '../core/keys.js';
import { lastSlidingStart, slidingCount } from '../core/assign.js';
import type { TopNParams } from './params.js';
import { TopNState, type Entry, type Slot } from './state.js';

export class TopNOperator implements OperatorRuntime {
  private readonly state: TopNState;
  private readonly trigger: EventTimeTrigger;
  private readonly size: number;
  private readonly slide: number;
  private readonly by: string;
  /** Fields forming the partition, or null to use the stream's key (or none). */
  private readonly partitionBy: KeyMaker | null;
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
    this.trigger = new EventTimeTrigger(params.allowedLateness);
    this.by = params.by;
    this.partitionBy = params.partitionBy === undefined ? null : new KeyMaker(params.partitionBy);
    this.emitOut = ctx.emit;
    this.emitLate = ctx.port('late');
    this.counters = ctx.counters;
    this.ctx = ctx;
    this.onTimer = (time, _key, start) => this.timerFired(time, start);
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
    const partition = this.partitionBy === null ? key : this.partitionBy.keyOf(record);
    const slide = this.slide;
    const last = lastSlidingStart(ts, slide);
    const count = slidingCount(ts, this.size, slide, last);
    const trigger = this.trigger;
    let joined = false;
    // One entry per record, made only when it ranks, shared by its windows.
    let entry: Entry | null = null;
    for (let i = 0; i < count; i++) {
      const start = last - i * slide;
      const end = start + this.size;
      if (trigger.isLate(end)) continue;
      joined = true;
      let slot = this.state.slot(start, end);
      if (slot === undefined) {
        slot = this.state.createSlot(start, end);
        trigger.register(NO_KEY, start, end);
      }
      const placed = this.state.insert(slot, partition, record, value, key, entry);
      if (placed === null) continue;
      entry = placed;
      if (trigger.hasFired(end)) this.fire(slot, slot.parts.get(partition)!);
    }
    if (!joined) {
      this.counters.lateRecords++;
      this.emitLate(record, ts, key);
    }
  }

  onWatermark(wm: number): void {
    this.trigger.advance(wm, this.onTimer);
  }

  snapshot(): unknown {
    return this.state.encode(this.trigger.watermark);
  }

  /** Restores the rankings; their timers follow from them and the watermark. */
  restore(data: unknown): void {
    this.trigger.reset(this.state.decode(data));
    for (const slot of this.state.slots.values()) {
      this.trigger.register(NO_KEY, slot.start, slot.end);
    }
  }

  stateSize(): { keys: number; windows: number } {
    return this.state.size;
  }

  close(): void {
    this.state.clear();
    this.trigger.reset(this.trigger.watermark);
  }

  private timerFired(time: number, start: number): void {
    const slot = this.state.slots.get(start);
    if (slot === undefined) return;
    const due = this.trigger.due(time, slot.end);
    if ((due & FIRE) !== 0) for (const ranking of slot.parts.values()) this.fire(slot, ranking);
    if ((due & PURGE) !== 0) this.state.remove(slot);
  }

  /** One row per rank: the ranked record's fields, then rank, windowStart, windowEnd. */
  private fire(slot: Slot, ranking: readonly Entry[]): void {
    const ts = slot.end - 1;
    for (let i = 0; i < ranking.length; i++) {
      const entry = ranking[i]!;
      const out: Rec = {};
      copyFields(out, entry.record, '');
      out.rank = i + 1;
      out.windowStart = slot.start;
      out.windowEnd = slot.end;
      this.emitOut(out, ts, entry.key);
    }
  }
}
