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
import { describeKey, KeyTable, setKeyFields } from '../core/keys.js';
import type { TimerCallback } from '../core/timers.js';
import { EventTimeTrigger, FIRE, PURGE } from '../core/trigger.js';
import { createAggregator, type Acc, type Aggregator } from './aggregate.js';
import {
  cover,
  lastSlidingStart,
  overlapsOrTouches,
  session,
  slidingCount,
} from '../core/assign.js';
import { grouped } from '../core/limits.js';
import { MAX_SESSIONS_PER_KEY, type WindowParams } from './params.js';
import { decodeSnapshot, encodeSnapshot } from './snapshot.js';
import { FlatAggregates, FlatSlotState, type FlatSlot } from './flat.js';
import {
  firstEndingAtOrAfter,
  SlotState,
  WindowState,
  type KeyState,
  type Slot,
  type WindowEntry,
} from './state.js';

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
  /** The same when every aggregation is numeric: rows of numbers (flat.ts), slots unused. */
  private readonly flat: FlatSlotState | null;
  /** Arrival number of the next record (first/last by arrival, across session merges). */
  private seq = 0;
  private readonly trigger: EventTimeTrigger;
  private readonly aggregators: Aggregator[];
  private readonly kind: WindowParams['kind'];
  private readonly size: number;
  private readonly slide: number;
  private readonly gap: number;
  private readonly keyFields: readonly string[] | null;
  private readonly emitOut: Emitter;
  private readonly emitLate: Emitter;
  private readonly counters: OperatorCounters;
  private readonly ctx: OperatorContext;
  /** What each aggregation read from the record being added, reused from record to record. */
  private readonly reads: unknown[];
  /** `lastSlidingStart` of the last record that needed one (flat path). */
  private lastStart = NaN;
  /** Session windows a record merges, reused from record to record. */
  private readonly merging: WindowEntry[] = [];
  private readonly onTimer: TimerCallback;
  /** The values of the keys with a tumbling or sliding window (sessions keep theirs per key). */
  private readonly keyTable = new KeyTable();

  constructor(
    params: WindowParams,
    ctx: OperatorContext,
    private readonly limits: WindowLimits = WINDOW_LIMITS,
  ) {
    this.aggregators = params.aggregations.map(createAggregator);
    this.reads = new Array<unknown>(this.aggregators.length).fill(undefined);
    this.sessions = new WindowState(this.aggregators);
    this.slide = params.slide ?? params.size ?? 0;
    this.slots = new SlotState(this.aggregators, this.keyTable, this.slide);
    const numeric = FlatAggregates.of(params.aggregations);
    this.flat =
      params.kind !== 'session' && numeric !== null
        ? new FlatSlotState(numeric, params.size ?? 0, this.slide)
        : null;
    this.kind = params.kind;
    this.size = params.size ?? 0;
    this.gap = params.gap ?? 0;
    if ((this.kind === 'session' ? this.gap : Math.min(this.size, this.slide)) <= 0) {
      throw new Error(`window: params were not validated (${JSON.stringify(params)})`);
    }
    this.trigger = new EventTimeTrigger(params.allowedLateness);
    this.keyFields = ctx.keyFields;
    this.emitOut = ctx.emit;
    this.emitLate = ctx.port('late');
    this.counters = ctx.counters;
    this.ctx = ctx;
    this.onTimer = (time, key, start) => this.timerFired(time, key, start);
  }

  onRecord(record: Rec, ts: number, key: Key): void {
    if (!Number.isFinite(ts)) {
      this.ctx.deadLetter(record, `window: event time ${String(ts)} is not a number of ms`);
      return;
    }
    const seq = this.seq++;
    let joined = false;
    const flat = this.flat;
    if (flat !== null) {
      const slide = this.slide;
      // Records mostly fall after the last one's start, within a slide: no remainder then.
      let last = this.lastStart;
      if (!(last < ts && ts < last + slide)) last = this.lastStart = lastSlidingStart(ts, slide);
      const count = slidingCount(ts, this.size, slide, last);
      flat.aggs.readRecord(record);
      flat.use(key);
      for (let i = 0; i < count; i++) {
        if (this.addToFlat(flat, last - i * slide)) joined = true;
      }
    } else if (this.kind !== 'session') {
      const slide = this.slide;
      const last = lastSlidingStart(ts, slide);
      const count = slidingCount(ts, this.size, slide, last);
      const aggs = this.aggregators;
      const reads = this.reads;
      for (let a = 0; a < aggs.length; a++) reads[a] = aggs[a]!.read(record);
      for (let i = 0; i < count; i++) {
        if (this.addToFixed(key, seq, last - i * slide)) joined = true;
      }
      for (let a = 0; a < reads.length; a++) reads[a] = undefined; // nothing kept past its turn
    } else {
      joined = this.addToSession(record, key, seq, ts);
    }
    if (!joined) {
      this.counters.lateRecords++;
      this.emitLate(record, ts, key);
    }
  }

  /**
   * `n` records of one key and one pane merged by a worker of a run in parallel (combine.ts),
   * at the time of the first: as the records one by one, since no window of theirs fires
   * between them.
   */
  onPartial(row: Float64Array, base: number, n: number, ts: number, key: Key): void {
    const flat = this.flat!;
    this.seq += n;
    const slide = this.slide;
    let last = this.lastStart;
    if (!(last < ts && ts < last + slide)) last = this.lastStart = lastSlidingStart(ts, slide);
    const count = slidingCount(ts, this.size, slide, last);
    flat.aggs.readPartial(row, base);
    flat.use(key);
    let joined = false;
    for (let i = 0; i < count; i++) {
      if (this.addToFlat(flat, last - i * slide)) joined = true;
    }
    if (!joined) this.counters.lateRecords += n;
  }

  onWatermark(wm: number): void {
    this.trigger.advance(wm, this.onTimer);
  }

  snapshot(): unknown {
    const windows =
      this.kind === 'session' ? this.sessions.windows() : (this.flat ?? this.slots).windows();
    return encodeSnapshot(this.trigger.watermark, this.seq, windows, this.aggregators);
  }

  /** Restores the windows; their timers follow from them and the watermark. */
  restore(data: unknown): void {
    const { watermark, seq, windows } = decodeSnapshot(data, this.aggregators);
    this.trigger.reset(watermark);
    this.seq = seq;
    if (this.kind === 'session') {
      this.sessions.restore(windows);
      for (const w of windows) this.trigger.register(w.key, w.start, w.end);
    } else if (this.flat !== null) {
      this.flat.restore(windows);
      for (const slot of this.flat.slots.values()) {
        this.trigger.register(NO_KEY, slot.start, slot.end);
      }
    } else {
      this.slots.restore(windows);
      for (const slot of this.slots.slots.values()) {
        this.trigger.register(NO_KEY, slot.start, slot.end);
      }
    }
  }

  stateSize(): { keys: number; windows: number } {
    return this.kind === 'session' ? this.sessions.size : (this.flat ?? this.slots).size;
  }

  close(): void {
    this.sessions.clear();
    this.slots.clear();
    this.flat?.clear();
    this.trigger.reset(this.trigger.watermark);
  }

  /** Tumbling and sliding: the record joins the window at `start` unless it is late for it. */
  private addToFixed(key: Key, seq: number, start: number): boolean {
    const end = start + this.size;
    const trigger = this.trigger;
    if (trigger.isLate(end)) return false;
    let slot = this.slots.find(start);
    if (slot === undefined) {
      slot = this.slots.createSlot(start, end);
      trigger.register(NO_KEY, start, end);
    }
    const accs = slot.windows.get(key) ?? this.slots.create(slot, key);
    const aggs = this.aggregators;
    const reads = this.reads;
    for (let a = 0; a < aggs.length; a++) aggs[a]!.addRead(accs[a]!, reads[a], seq);
    if (trigger.hasFired(end)) this.fire(this.keyTable.values(key), key, start, end, accs);
    return true;
  }

  /** `addToFixed` for rows of numbers: the record was read and its key is in use (`flat.use`). */
  private addToFlat(flat: FlatSlotState, start: number): boolean {
    const end = start + this.size;
    const trigger = this.trigger;
    if (trigger.isLate(end)) return false;
    let slot = flat.find(start);
    if (slot === undefined) {
      slot = flat.createSlot(start, end);
      trigger.register(NO_KEY, start, end);
    }
    flat.add(slot);
    if (trigger.hasFired(end)) this.fireFlat(slot, flat.key, flat.valuesOf(flat.key), flat);
    return true;
  }

  /**
   * Sessions: the record's window `[ts, ts + gap)` merges with every live window of the key
   * that overlaps or touches it (live windows are disjoint and never touch, so no other can
   * join the cover), as Flink's MergingWindowSet.addWindow. Those are side by side in the
   * key's windows sorted by start, found by binary search.
   */
  private addToSession(record: Rec, key: Key, seq: number, ts: number): boolean {
    const opening = session(ts, this.gap);
    let merged = opening;
    const merging = this.merging;
    merging.length = 0;
    const existing = this.sessions.keys.get(key);
    if (existing !== undefined) {
      const order = existing.order;
      for (let i = firstEndingAtOrAfter(order, ts); i < order.length; i++) {
        const entry = order[i]!;
        if (!overlapsOrTouches(entry, opening)) break;
        merging.push(entry);
        merged = cover(merged, entry);
      }
    }
    const { start, end } = merged;
    const trigger = this.trigger;
    // Only a window that merges with nothing can be late: a live window is not.
    if (trigger.isLate(end)) return false;
    const keyState = existing ?? this.sessions.keyState(key);
    let entry: WindowEntry;
    const only = merging[0];
    if (merging.length === 1 && only !== undefined && only.start === start && only.end === end) {
      entry = only;
    } else {
      for (let i = 0; i < merging.length; i++) {
        const gone = merging[i]!;
        trigger.delete(key, gone.start, gone.end);
        this.sessions.remove(keyState, gone.start);
      }
      entry = this.sessions.create(keyState, start, end);
      const aggs = this.aggregators;
      for (let i = 0; i < merging.length; i++) {
        const from = merging[i]!.accs;
        for (let a = 0; a < aggs.length; a++) aggs[a]!.merge(entry.accs[a]!, from[a]!);
      }
      trigger.register(key, start, end);
    }
    const opened = merging.length === 0;
    merging.length = 0;
    this.accumulate(entry.accs, record, seq);
    if (trigger.hasFired(end)) this.fire(keyState.values, key, start, end, entry.accs);
    if (opened && keyState.order.length > this.limits.sessionsPerKey) {
      this.dropEarliestSessions(record, ts, key, keyState);
    }
    return true;
  }

  /** Fires (unless fired) and drops a key's earliest sessions until it is within the cap. */
  private dropEarliestSessions(record: Rec, ts: number, key: Key, keyState: KeyState): void {
    const cap = this.limits.sessionsPerKey;
    const held = keyState.order.length;
    const trigger = this.trigger;
    let early = 0;
    while (keyState.order.length > cap) {
      const { start, end, accs } = keyState.order[0]!;
      if (!trigger.hasFired(end)) {
        this.fire(keyState.values, key, start, end, accs);
        early++;
      }
      trigger.delete(key, start, end);
      this.sessions.remove(keyState, start);
    }
    const dropped = held - cap;
    const who = describeKey(key);
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

  private accumulate(accs: Acc[], record: Rec, seq: number): void {
    const aggs = this.aggregators;
    for (let i = 0; i < aggs.length; i++) aggs[i]!.add(accs[i]!, record, seq);
  }

  private timerFired(time: number, key: Key, start: number): void {
    const flat = this.flat;
    if (flat !== null) {
      const slot = flat.slots.get(start);
      if (slot === undefined) return;
      const due = this.trigger.due(time, slot.end);
      if ((due & FIRE) !== 0) {
        const keys = slot.keys;
        for (let i = 0; i < keys.length; i++) {
          flat.locate(slot, i);
          this.fireFlat(slot, keys[i]!, flat.valuesAt(slot, i), flat);
        }
      }
      if ((due & PURGE) !== 0) flat.remove(slot);
      return;
    }
    if (this.kind !== 'session') {
      const slot = this.slots.slots.get(start);
      if (slot !== undefined) this.slotTimer(this.trigger.due(time, slot.end), slot);
      return;
    }
    const keyState = this.sessions.keys.get(key);
    const entry = keyState?.windows.get(start);
    if (keyState === undefined || entry === undefined) return;
    const due = this.trigger.due(time, entry.end);
    if ((due & FIRE) !== 0) this.fire(keyState.values, key, start, entry.end, entry.accs);
    if ((due & PURGE) !== 0) {
      this.sessions.remove(keyState, start);
      this.sessions.dropIfEmpty(key, keyState);
    }
  }

  private slotTimer(due: number, slot: Slot): void {
    const { start, end } = slot;
    if ((due & FIRE) !== 0) {
      const table = this.keyTable;
      for (const [key, accs] of slot.windows) this.fire(table.values(key), key, start, end, accs);
    }
    if ((due & PURGE) !== 0) this.slots.remove(slot);
  }

  /** A window's output record before its aggregations: its key fields, start and end. */
  private output(values: unknown[], start: number, end: number): Rec {
    const out: Rec = {};
    const fields = this.keyFields;
    if (fields !== null) setKeyFields(out, fields, values);
    out.windowStart = start;
    out.windowEnd = end;
    return out;
  }

  private fire(values: unknown[], key: Key, start: number, end: number, accs: Acc[]): void {
    const out = this.output(values, start, end);
    const aggs = this.aggregators;
    for (let i = 0; i < aggs.length; i++) {
      const agg = aggs[i]!;
      setField(out, agg.as, agg.result(accs[i]!));
    }
    this.emitOut(out, end - 1, key);
  }

  /** `fire` for a window kept as numbers: at `flat.data` from `flat.base`. */
  private fireFlat(slot: FlatSlot, key: Key, values: unknown[], flat: FlatSlotState): void {
    const { start, end } = slot;
    const out = this.output(values, start, end);
    const aggs = this.aggregators;
    const { data, base } = flat;
    for (let i = 0; i < aggs.length; i++) {
      setField(out, aggs[i]!.as, flat.aggs.result(data, base, i));
    }
    this.emitOut(out, end - 1, key);
  }
}
