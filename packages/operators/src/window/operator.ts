/**
 * The window operator's runtime, as Flink's WindowOperator with an EventTimeTrigger:
 *
 * - a record is assigned its windows (assign.ts) and joins each that is not late, late being
 *   `end - 1 + allowedLateness <= W` with W the last watermark (for sessions: the window after
 *   merging, Flink's MergingWindowSet);
 * - a window new to the state registers a fire timer at `end - 1` (when still ahead of W) and a
 *   cleanup timer at `end - 1 + allowedLateness` (one timer when lateness is 0);
 * - a record joining a window whose `end - 1 <= W` (possible only with lateness) fires it at
 *   once, with the whole window's result, as EventTimeTrigger.onElement does;
 * - `onWatermark` fires due timers in time order: the fire timer emits, the cleanup timer
 *   purges, after which the window no longer exists and a record cannot join or merge with it.
 */

import type {
  Emitter,
  Key,
  OperatorContext,
  OperatorCounters,
  OperatorRuntime,
  Rec,
} from '../core/runtime.js';
import { TimerService, type TimerCallback } from '../core/timers.js';
import { createAggregator, type Aggregator } from './aggregate.js';
import { lastSlidingStart, tumblingStart } from './assign.js';
import type { WindowParams } from './params.js';
import { WindowState, type KeyState, type WindowEntry } from './state.js';

/** Sets a field even when it is named `__proto__` (field names are any strings, spec §2). */
function setField(record: Rec, name: string, value: unknown): void {
  if (name === '__proto__') {
    Object.defineProperty(record, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    record[name] = value;
  }
}

/** The key's values: the key is the JSON text of the array of key values, '' when unkeyed. */
function keyValues(key: Key): unknown[] {
  if (key === '') return [];
  const parsed: unknown = JSON.parse(key);
  return Array.isArray(parsed) ? parsed : [parsed];
}

export class WindowOperator implements OperatorRuntime {
  private readonly state: WindowState;
  private readonly timers = new TimerService();
  private readonly aggregators: Aggregator[];
  private readonly kind: WindowParams['kind'];
  private readonly size: number;
  private readonly slide: number;
  private readonly gap: number;
  private readonly lateness: number;
  private readonly keyFields: readonly string[] | null;
  private readonly emitOut: Emitter;
  private readonly emitLate: Emitter;
  private readonly counters: OperatorCounters;
  private readonly ctx: OperatorContext;
  /** Session windows a record merges, reused from record to record. */
  private readonly merging: WindowEntry[] = [];
  private readonly onTimer: TimerCallback;

  constructor(params: WindowParams, ctx: OperatorContext) {
    this.aggregators = params.aggregations.map(createAggregator);
    this.state = new WindowState(this.aggregators);
    this.kind = params.kind;
    this.size = params.size ?? 0;
    this.slide = params.slide ?? params.size ?? 0;
    this.gap = params.gap ?? 0;
    if ((this.kind === 'session' ? this.gap : Math.min(this.size, this.slide)) <= 0) {
      throw new Error(`window: params were not validated (${JSON.stringify(params)})`);
    }
    this.lateness = params.allowedLateness;
    this.keyFields = ctx.keyFields;
    this.emitOut = ctx.emit;
    this.emitLate = ctx.port('late');
    this.counters = ctx.counters;
    this.ctx = ctx;
    this.onTimer = (time, key, start, end) => this.timerFired(time, key, start, end);
  }

  onRecord(record: Rec, ts: number, key: Key): void {
    if (!Number.isFinite(ts)) {
      this.ctx.deadLetter(record, `window: event time ${String(ts)} is not a number of ms`);
      return;
    }
    const seq = this.state.seq++;
    let joined = false;
    if (this.kind === 'tumbling') {
      joined = this.addToFixed(record, key, seq, tumblingStart(ts, this.size));
    } else if (this.kind === 'sliding') {
      const lowest = ts - this.size;
      for (let start = lastSlidingStart(ts, this.slide); start > lowest; start -= this.slide) {
        if (this.addToFixed(record, key, seq, start)) joined = true;
      }
    } else {
      joined = this.addToSession(record, key, seq, ts);
    }
    if (!joined) {
      this.counters.lateRecords++;
      this.emitLate(record, ts, key);
    }
  }

  onWatermark(wm: number): void {
    if (!(wm > this.state.watermark)) return;
    this.state.watermark = wm;
    this.timers.advance(wm, this.onTimer);
  }

  snapshot(): unknown {
    return this.state.snapshot();
  }

  /** Restores the windows; their timers follow from them and the watermark. */
  restore(data: unknown): void {
    this.state.restore(data);
    this.timers.clear();
    const wm = this.state.watermark;
    for (const [key, keyState] of this.state.keys) {
      for (const entry of keyState.windows.values()) {
        this.timers.register(entry.end - 1 + this.lateness, key, entry);
        if (entry.end - 1 > wm) this.timers.register(entry.end - 1, key, entry);
      }
    }
  }

  stateSize(): { keys: number; windows: number } {
    return this.state.size;
  }

  close(): void {
    this.state.clear();
    this.timers.clear();
  }

  /** Tumbling and sliding: the record joins the window at `start` unless it is late for it. */
  private addToFixed(record: Rec, key: Key, seq: number, start: number): boolean {
    const end = start + this.size;
    const wm = this.state.watermark;
    if (end - 1 + this.lateness <= wm) return false;
    const keyState = this.state.keyState(key);
    let entry = keyState.windows.get(start);
    if (entry === undefined) {
      entry = this.state.create(keyState, start, end);
      this.registerTimers(key, entry, wm);
    }
    this.accumulate(entry, record, seq);
    if (end - 1 <= wm) this.fire(key, keyState, entry);
    return true;
  }

  /**
   * Sessions: the record's window `[ts, ts + gap)` merges with every live window of the key
   * that overlaps or touches it (live windows are disjoint and never touch, so no other can
   * join the cover), as Flink's MergingWindowSet.addWindow.
   */
  private addToSession(record: Rec, key: Key, seq: number, ts: number): boolean {
    let start = ts;
    let end = ts + this.gap;
    const merging = this.merging;
    merging.length = 0;
    const existing = this.state.keys.get(key);
    if (existing !== undefined) {
      for (const entry of existing.windows.values()) {
        if (entry.start <= ts + this.gap && entry.end >= ts) {
          merging.push(entry);
          if (entry.start < start) start = entry.start;
          if (entry.end > end) end = entry.end;
        }
      }
    }
    const wm = this.state.watermark;
    // Only a window that merges with nothing can be late: a live window is not.
    if (end - 1 + this.lateness <= wm) return false;
    const keyState = existing ?? this.state.keyState(key);
    let entry: WindowEntry;
    const only = merging[0];
    if (merging.length === 1 && only !== undefined && only.start === start && only.end === end) {
      entry = only;
    } else {
      for (let i = 0; i < merging.length; i++) {
        const merged = merging[i]!;
        this.timers.delete(merged.end - 1, key, merged);
        this.timers.delete(merged.end - 1 + this.lateness, key, merged);
        this.state.remove(keyState, merged.start);
      }
      entry = this.state.create(keyState, start, end);
      const aggs = this.aggregators;
      for (let i = 0; i < merging.length; i++) {
        const from = merging[i]!.accs;
        for (let a = 0; a < aggs.length; a++) aggs[a]!.merge(entry.accs[a]!, from[a]!);
      }
      this.registerTimers(key, entry, wm);
    }
    merging.length = 0;
    this.accumulate(entry, record, seq);
    if (end - 1 <= wm) this.fire(key, keyState, entry);
    return true;
  }

  private registerTimers(key: Key, entry: WindowEntry, wm: number): void {
    const maxTimestamp = entry.end - 1;
    this.timers.register(maxTimestamp + this.lateness, key, entry);
    if (maxTimestamp > wm) this.timers.register(maxTimestamp, key, entry);
  }

  private accumulate(entry: WindowEntry, record: Rec, seq: number): void {
    const aggs = this.aggregators;
    const accs = entry.accs;
    for (let i = 0; i < aggs.length; i++) aggs[i]!.add(accs[i]!, record, seq);
  }

  private timerFired(time: number, key: Key, start: number, end: number): void {
    const keyState = this.state.keys.get(key);
    const entry = keyState?.windows.get(start);
    if (keyState === undefined || entry === undefined || entry.end !== end) return;
    if (time === end - 1) this.fire(key, keyState, entry);
    if (time === end - 1 + this.lateness) {
      this.state.remove(keyState, start);
      this.state.dropIfEmpty(key, keyState);
    }
  }

  private fire(key: Key, keyState: KeyState, entry: WindowEntry): void {
    const out: Rec = {};
    const fields = this.keyFields;
    if (fields !== null) {
      const values = (keyState.values ??= keyValues(key));
      for (let i = 0; i < fields.length; i++) setField(out, fields[i]!, values[i] ?? null);
    }
    out.windowStart = entry.start;
    out.windowEnd = entry.end;
    const aggs = this.aggregators;
    for (let i = 0; i < aggs.length; i++) {
      const agg = aggs[i]!;
      setField(out, agg.as, agg.result(entry.accs[i]!));
    }
    this.emitOut(out, entry.end - 1, key);
  }
}
