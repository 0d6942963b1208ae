/**
 * The window operator's runtime, as Flink's WindowOperator with an EventTimeTrigger:
 *
 * - a record is assigned its windows (assign.ts) and joins each that is not late, late being
 *   `end - 1 + allowedLateness <= W` with W the last watermark (for sessions: the window after
 *   merging, Flink's MergingWindowSet);
 * - a window new to the state registers a fire timer at `end - 1` (when still ahead of W) and a
 *   cleanup timer at `end - 1 + allowedLateness` (one timer when lateness is 0); fixed windows
 *   (tumbling, sliding) of all keys that share a start register them once, for their slot;
 * - a record joining a window whose `end - 1 <= W` (possible only with lateness) fires it at
 *   once, with the whole window's result, as EventTimeTrigger.onElement does;
 * - `onWatermark` fires due timers in time order: the fire timer emits, the cleanup timer
 *   purges, after which the window no longer exists and a record cannot join or merge with it. * - a cap, which Flink has not: a key holds at most MAX_SESSIONS_PER_KEY live sessions. When a
 *   record opens a new session past it, the key's earliest session (by start; the new one
 *   itself when it is the earliest) is fired at once unless it has fired already (`end - 1 <=
 *   W`: it has, with its whole content), and dropped with its timers; the record goes to the
 *   dead letters at its time. The earliest, because with lateness the sessions that pile up are
 *   mostly ones that fired already and wait only for late records, which the earliest is the
 *   least likely to get; firing it first means no accepted record goes unreported. Refusing the
 *   new record instead would refuse all of a key's new data for as long as the lateness. The
 *   choice depends on the records and watermarks alone, so a restored run makes the same one.
 */

import {
  NO_KEY,
  type Emitter,
  type Key,
  type OperatorContext,
  type OperatorCounters,
  type OperatorRuntime,
  type Rec,
} from '../core/runtime.js';
import { setField } from '../core/fields.js';
import { TimerService, type TimerCallback } from '../core/timers.js';
import { createAggregator, type Acc, type Aggregator } from './aggregate.js';
import { lastSlidingStart, tumblingStart } from '../core/assign.js';
import { grouped } from '../core/limits.js';
import { MAX_SESSIONS_PER_KEY, type WindowParams } from './params.js';
import { decodeSnapshot, encodeSnapshot } from './snapshot.js';
import {
  firstEndingAtOrAfter,
  SlotState,
  WindowState,
  type KeyState,
  type Slot,
  type WindowEntry,
} from './state.js';

/** The key's values: the key is the JSON text of the array of key values, '' when unkeyed. */
function keyValues(key: Key): unknown[] {
  if (key === '') return [];
  const parsed: unknown = JSON.parse(key);
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** Bound of the operator's cache of parsed keys. */
const KEY_VALUES_CACHED = 10_000;
/** Characters of a key shown in a dead letter's reason. */
const KEY_SHOWN = 200;

/** The caps: live session windows per key. */
export interface WindowLimits {
  sessionsPerKey: number;
}

export const WINDOW_LIMITS: WindowLimits = { sessionsPerKey: MAX_SESSIONS_PER_KEY };

export class WindowOperator implements OperatorRuntime {
  /** Session windows, by key. */
  private readonly sessions: WindowState;
  /** Tumbling and sliding windows, by start. */
  private readonly slots: SlotState;
  /** The last watermark seen: W of spec §5. */
  private watermark = -Infinity;
  /** Arrival number of the next record (first/last by arrival, across session merges). */
  private seq = 0;
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
  /** Parsed values of keys that fired lately: a key fires in several windows (sliding, lateness). */
  private readonly keyValuesCache = new Map<Key, unknown[]>();

  constructor(
    params: WindowParams,
    ctx: OperatorContext,
    private readonly limits: WindowLimits = WINDOW_LIMITS,
  ) {
    this.aggregators = params.aggregations.map(createAggregator);
    this.sessions = new WindowState(this.aggregators);
    this.slots = new SlotState(this.aggregators);
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
    const seq = this.seq++;
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
    if (!(wm > this.watermark)) return;
    this.watermark = wm;
    // Most watermarks fire nothing: look at the earliest timer before calling into the heap.
    if (this.timers.peekTime() <= wm) this.timers.advance(wm, this.onTimer);
  }

  snapshot(): unknown {
    const windows = this.kind === 'session' ? this.sessions.windows() : this.slots.windows();
    return encodeSnapshot(this.watermark, this.seq, windows, this.aggregators);
  }

  /** Restores the windows; their timers follow from them and the watermark. */
  restore(data: unknown): void {
    const { watermark, seq, windows } = decodeSnapshot(data, this.aggregators);
    this.watermark = watermark;
    this.seq = seq;
    this.timers.clear();
    if (this.kind === 'session') {
      this.sessions.restore(windows);
      for (const w of windows) this.registerTimers(w.key, w, watermark);
    } else {
      this.slots.restore(windows);
      for (const slot of this.slots.slots.values()) this.registerTimers(NO_KEY, slot, watermark);
    }
  }

  stateSize(): { keys: number; windows: number } {
    return this.kind === 'session' ? this.sessions.size : this.slots.size;
  }

  close(): void {
    this.keyValuesCache.clear();
    this.sessions.clear();
    this.slots.clear();
    this.timers.clear();
  }

  /** Tumbling and sliding: the record joins the window at `start` unless it is late for it. */
  private addToFixed(record: Rec, key: Key, seq: number, start: number): boolean {
    const end = start + this.size;
    const wm = this.watermark;
    if (end - 1 + this.lateness <= wm) return false;
    let slot = this.slots.slots.get(start);
    if (slot === undefined) {
      slot = this.slots.createSlot(start, end);
      this.registerTimers(NO_KEY, slot, wm);
    }
    const accs = slot.windows.get(key) ?? this.slots.create(slot, key);
    this.accumulate(accs, record, seq);
    if (end - 1 <= wm) this.fire(key, start, end, accs);
    return true;
  }

  /**
   * Sessions: the record's window `[ts, ts + gap)` merges with every live window of the key
   * that overlaps or touches it (live windows are disjoint and never touch, so no other can
   * join the cover), as Flink's MergingWindowSet.addWindow. Those are side by side in the
   * key's windows sorted by start, found by binary search.
   */
  private addToSession(record: Rec, key: Key, seq: number, ts: number): boolean {
    let start = ts;
    let end = ts + this.gap;
    const merging = this.merging;
    merging.length = 0;
    const existing = this.sessions.keys.get(key);
    if (existing !== undefined) {
      const order = existing.order;
      for (let i = firstEndingAtOrAfter(order, ts); i < order.length; i++) {
        const entry = order[i]!;
        if (entry.start > ts + this.gap) break;
        merging.push(entry);
        if (entry.start < start) start = entry.start;
        if (entry.end > end) end = entry.end;
      }
    }
    const wm = this.watermark;
    // Only a window that merges with nothing can be late: a live window is not.
    if (end - 1 + this.lateness <= wm) return false;
    const keyState = existing ?? this.sessions.keyState(key);
    let entry: WindowEntry;
    const only = merging[0];
    if (merging.length === 1 && only !== undefined && only.start === start && only.end === end) {
      entry = only;
    } else {
      for (let i = 0; i < merging.length; i++) {
        const merged = merging[i]!;
        this.timers.delete(merged.end - 1, key, merged);
        this.timers.delete(merged.end - 1 + this.lateness, key, merged);
        this.sessions.remove(keyState, merged.start);
      }
      entry = this.sessions.create(keyState, start, end);
      const aggs = this.aggregators;
      for (let i = 0; i < merging.length; i++) {
        const from = merging[i]!.accs;
        for (let a = 0; a < aggs.length; a++) aggs[a]!.merge(entry.accs[a]!, from[a]!);
      }
      this.registerTimers(key, entry, wm);
    }
    const opened = merging.length === 0;
    merging.length = 0;
    this.accumulate(entry.accs, record, seq);
    if (end - 1 <= wm) this.fire(key, start, end, entry.accs);
    if (opened && keyState.order.length > this.limits.sessionsPerKey) {
      this.dropEarliestSessions(record, ts, key, keyState);
    }
    return true;
  }

  /** Fires (unless fired) and drops a key's earliest sessions until it is within the cap. */
  private dropEarliestSessions(record: Rec, ts: number, key: Key, keyState: KeyState): void {
    const cap = this.limits.sessionsPerKey;
    const held = keyState.order.length;
    const wm = this.watermark;
    let early = 0;
    while (keyState.order.length > cap) {
      const { start, end, accs } = keyState.order[0]!;
      if (end - 1 > wm) {
        this.fire(key, start, end, accs);
        early++;
        this.timers.delete(end - 1, key, keyState.order[0]!);
      }
      this.timers.delete(end - 1 + this.lateness, key, keyState.order[0]!);
      this.sessions.remove(keyState, start);
    }
    const dropped = held - cap;
    const who = key === '' ? 'the stream (not keyed)' : `key ${key.slice(0, KEY_SHOWN)}`;
    const how =
      early === 0
        ? 'after it had fired'
        : early === dropped
          ? 'fired early'
          : `${early} fired early`;
    this.ctx.deadLetter(
      record,
      `window: ${who}: a new session made ${grouped(held)} live sessions, more than ${grouped(cap)} (MAX_SESSIONS_PER_KEY): the earliest ${dropped === 1 ? 'was' : `${grouped(dropped)} were`} dropped, ${how}; later records no longer update ${dropped === 1 ? 'it' : 'them'}`,
      ts,
    );
  }

  /** A window (or a slot: key '') registers its fire and cleanup timers. */
  private registerTimers(key: Key, window: { start: number; end: number }, wm: number): void {
    const maxTimestamp = window.end - 1;
    this.timers.register(maxTimestamp + this.lateness, key, window);
    if (maxTimestamp > wm) this.timers.register(maxTimestamp, key, window);
  }

  private accumulate(accs: Acc[], record: Rec, seq: number): void {
    const aggs = this.aggregators;
    for (let i = 0; i < aggs.length; i++) aggs[i]!.add(accs[i]!, record, seq);
  }

  private timerFired(time: number, key: Key, start: number, end: number): void {
    if (this.kind !== 'session') {
      const slot = this.slots.slots.get(start);
      if (slot !== undefined && slot.end === end) this.slotTimer(time, slot);
      return;
    }
    const keyState = this.sessions.keys.get(key);
    const entry = keyState?.windows.get(start);
    if (keyState === undefined || entry === undefined || entry.end !== end) return;
    if (time === end - 1) this.fire(key, start, end, entry.accs);
    if (time === end - 1 + this.lateness) {
      this.sessions.remove(keyState, start);
      this.sessions.dropIfEmpty(key, keyState);
    }
  }

  private slotTimer(time: number, slot: Slot): void {
    const { start, end } = slot;
    if (time === end - 1) for (const [key, accs] of slot.windows) this.fire(key, start, end, accs);
    if (time === end - 1 + this.lateness) this.slots.remove(slot);
  }

  private keyValues(key: Key): unknown[] {
    const cache = this.keyValuesCache;
    let values = cache.get(key);
    if (values === undefined) {
      if (cache.size >= KEY_VALUES_CACHED) cache.clear();
      values = keyValues(key);
      cache.set(key, values);
    }
    return values;
  }

  private fire(key: Key, start: number, end: number, accs: Acc[]): void {
    const out: Rec = {};
    const fields = this.keyFields;
    if (fields !== null) {
      const values = this.keyValues(key);
      for (let i = 0; i < fields.length; i++) setField(out, fields[i]!, values[i] ?? null);
    }
    out.windowStart = start;
    out.windowEnd = end;
    const aggs = this.aggregators;
    for (let i = 0; i < aggs.length; i++) {
      const agg = aggs[i]!;
      setField(out, agg.as, agg.result(accs[i]!));
    }
    this.emitOut(out, end - 1, key);
  }
}
