/**
 * The interval join's runtime, as Flink's IntervalJoinOperator:
 *
 * - a record late on arrival (`ts < W`, Flink's `isLate`) joins nothing: it is counted and sent
 *   to `late`;
 * - otherwise it joins every buffered record of the other side with the same key whose time is
 *   in its interval (left L, right R: `L + lowerBound <= R <= L + upperBound`), each pair
 *   giving one record at `max(L, R)`, then is buffered for the other side's later records;
 * - a cleanup timer per (key, side, time) drops buffered records once no later record can
 *   join them: a left L once `W > L + upperBound`, a right R once `W > R - lowerBound` (any
 *   later non-late record of the other side has `ts >= W`, out of their intervals).
 *
 * - caps, which Flink has not: a record produces at most MAX_JOINED_PER_RECORD pairs, with the
 *   other side's earliest records in its interval (by time, then arrival); the rest are not
 *   produced and the record goes to the dead letters saying how many. And a key buffers at most
 *   MAX_BUFFERED_PER_KEY records per side: past it, the side's earliest record (by time, then
 *   arrival; the new record itself when it is the earliest) is evicted and sent to the dead
 *   letters at its own time. Evicting the earliest keeps the records most later ones join and
 *   depends on the records alone, so a run restored from a snapshot does the same. So a
 *   record's work is bounded: a binary search, at most the cap's pairs, one splice.
 *
 * Deviation from Flink: Flink's timer fires at `W >= L + max(upperBound, 0)`, which loses the
 * pair of L with a right record at exactly `R = W = L + upperBound` that its `isLate` still
 * accepts, and keeps records with negative bounds longer than needed. Here cleanup is exact:
 * the output is the nested-loop join of all non-late records (the property tests check it).
 */

import { grouped } from '../core/limits.js';
import type { Emitter, Key, OperatorContext, OperatorRuntime, Rec } from '../core/runtime.js';
import { TimerService, type TimerCallback } from '../core/timers.js';
import { copyFields } from '../core/fields.js';
import { describeKey } from '../core/keys.js';
import { MAX_BUFFERED_PER_KEY, MAX_JOINED_PER_RECORD, type IntervalJoinParams } from './params.js';
import {
  decodeSnapshot,
  encodeSnapshot,
  firstAfter,
  firstAtOrAfter,
  JoinState,
  type Entry,
} from './state.js';

/** The timer service keys timers by (time, key, namespace): the namespace names the side. */
const LEFT = 0;
const RIGHT = 1;

/** The caps: records buffered per key and side, pairs produced per record. */
export interface IntervalJoinLimits {
  bufferedPerKey: number;
  joinedPerRecord: number;
}

export const INTERVAL_JOIN_LIMITS: IntervalJoinLimits = {
  bufferedPerKey: MAX_BUFFERED_PER_KEY,
  joinedPerRecord: MAX_JOINED_PER_RECORD,
};

export class IntervalJoinOperator implements OperatorRuntime {
  private readonly state = new JoinState();
  private readonly timers = new TimerService();
  private watermark = -Infinity;
  private readonly lower: number;
  private readonly upper: number;
  private readonly leftPrefix: string;
  private readonly rightPrefix: string;
  private readonly emitOut: Emitter;
  private readonly emitLate: Emitter;
  private readonly ctx: OperatorContext;
  private readonly onTimer: TimerCallback;

  constructor(
    params: IntervalJoinParams,
    ctx: OperatorContext,
    private readonly limits: IntervalJoinLimits = INTERVAL_JOIN_LIMITS,
  ) {
    if (!(params.lowerBound <= params.upperBound)) {
      throw new Error(`join.interval: params were not validated (${JSON.stringify(params)})`);
    }
    this.lower = params.lowerBound;
    this.upper = params.upperBound;
    this.leftPrefix = params.leftPrefix;
    this.rightPrefix = params.rightPrefix;
    this.emitOut = ctx.emit;
    this.emitLate = ctx.port('late');
    this.ctx = ctx;
    this.onTimer = (time, key, side) => this.cleanup(time, key, side === LEFT);
  }

  onRecord(): void {
    throw new Error('join.interval takes records on its inputs "left" and "right" (onInput)');
  }

  onInput(input: string, record: Rec, ts: number, key: Key): void {
    const left = input === 'left';
    if (!left && input !== 'right') throw new Error(`join.interval has no input "${input}"`);
    if (!Number.isFinite(ts)) {
      this.ctx.deadLetter(record, `join.interval: event time ${String(ts)} is not a number of ms`);
      return;
    }
    if (ts < this.watermark) {
      this.ctx.counters.lateRecords++;
      this.emitLate(record, ts, key);
      return;
    }
    const buffers = this.state.keys.get(key);
    if (buffers !== undefined) {
      const other = left ? buffers.right : buffers.left;
      const from = left ? ts + this.lower : ts - this.upper;
      const to = left ? ts + this.upper : ts - this.lower;
      const begin = firstAtOrAfter(other, from);
      const cap = this.limits.joinedPerRecord;
      let i = begin;
      for (; i < other.length && i - begin < cap; i++) {
        const entry = other[i]!;
        if (entry.ts > to) break;
        const time = entry.ts > ts ? entry.ts : ts;
        if (left) this.emitOut(this.joined(record, entry.record), time, key);
        else this.emitOut(this.joined(entry.record, record), time, key);
      }
      if (i - begin === cap && i < other.length && other[i]!.ts <= to) {
        const all = firstAfter(other, to) - begin;
        this.ctx.deadLetter(
          record,
          `join.interval: ${describeKey(key)}: ${grouped(all - cap)} of ${grouped(all)} pairs not produced: a record joins at most ${grouped(cap)} records of the other side (MAX_JOINED_PER_RECORD), the earliest`,
          ts,
        );
      }
    }
    const cleanupAt = this.cleanupTime(left, ts);
    // A record no later record can join is not kept (possible with a negative bound).
    if (cleanupAt <= this.watermark) return;
    this.state.add(key, left, ts, record);
    this.timers.register(cleanupAt, key, left ? LEFT : RIGHT);
    const keep = this.limits.bufferedPerKey;
    const evicted = this.state.evictBeyond(key, left, keep);
    if (evicted.length > 0) this.forgetTimers(key, left, evicted);
    for (let e = 0; e < evicted.length; e++) {
      const side = left ? 'left' : 'right';
      this.ctx.deadLetter(
        evicted[e]!.record,
        `join.interval: ${describeKey(key)}: evicted from the ${side} buffer, which holds at most ${grouped(keep)} records per key (MAX_BUFFERED_PER_KEY), the latest; it joins no later ${left ? 'right' : 'left'} record`,
        evicted[e]!.ts,
      );
    }
  }

  onWatermark(wm: number): void {
    if (!(wm > this.watermark)) return;
    this.watermark = wm;
    if (this.timers.peekTime() <= wm) this.timers.advance(wm, this.onTimer);
  }

  snapshot(): unknown {
    return encodeSnapshot(this.watermark, this.state);
  }

  /** Restores the buffers; their timers follow from them. */
  restore(data: unknown): void {
    this.watermark = decodeSnapshot(data, this.state);
    this.timers.clear();
    for (const [key, { left, right }] of this.state.keys) {
      for (const e of left) this.timers.register(this.cleanupTime(true, e.ts), key, LEFT);
      for (const e of right) this.timers.register(this.cleanupTime(false, e.ts), key, RIGHT);
    }
  }

  /** `keys`: keys with buffered records; `windows`: buffered records of both sides. */
  stateSize(): { keys: number; windows: number } {
    return this.state.size;
  }

  close(): void {
    this.state.clear();
    this.timers.clear();
  }

  /** The first watermark at which a buffered record can no longer join anything. */
  private cleanupTime(left: boolean, ts: number): number {
    return left ? ts + this.upper + 1 : ts - this.lower + 1;
  }

  /**
   * Deletes the cleanup timers of evicted entries that no buffered entry shares, so that timers
   * stay as bounded as the buffers. They were the earliest: an entry of the same time that
   * stays is now the first of its side.
   */
  private forgetTimers(key: Key, left: boolean, evicted: readonly Entry[]): void {
    const buffers = this.state.keys.get(key);
    const first = buffers === undefined ? undefined : (left ? buffers.left : buffers.right)[0];
    const side = left ? LEFT : RIGHT;
    for (let e = 0; e < evicted.length; e++) {
      const ts = evicted[e]!.ts;
      if (first !== undefined && first.ts === ts) break;
      if (e + 1 < evicted.length && evicted[e + 1]!.ts === ts) continue;
      this.timers.delete(this.cleanupTime(left, ts), key, side);
    }
  }

  private cleanup(time: number, key: Key, left: boolean): void {
    // Entries with cleanupTime(ts) <= time: every one of them had a timer at or before this one.
    this.state.dropUpTo(key, left, left ? time - this.upper - 1 : time + this.lower - 1);
  }

  private joined(left: Rec, right: Rec): Rec {
    const out: Rec = {};
    copyFields(out, left, this.leftPrefix);
    copyFields(out, right, this.rightPrefix);
    return out;
  }
}
