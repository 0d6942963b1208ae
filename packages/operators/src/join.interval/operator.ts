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
 * Deviation from Flink: Flink's timer fires at `W >= L + max(upperBound, 0)`, which loses the
 * pair of L with a right record at exactly `R = W = L + upperBound` that its `isLate` still
 * accepts, and keeps records with negative bounds longer than needed. Here cleanup is exact:
 * the output is the nested-loop join of all non-late records (the property tests check it).
 */

import type { Emitter, Key, OperatorContext, OperatorRuntime, Rec } from '../core/runtime.js';
import { TimerService, type TimerCallback, type TimerWindow } from '../core/timers.js';
import { copyFields } from './fields.js';
import type { IntervalJoinParams } from './params.js';
import { decodeSnapshot, encodeSnapshot, firstAtOrAfter, JoinState } from './state.js';

/** The timer service keys timers by (time, key, window): the "window" names the side. */
const LEFT: TimerWindow = { start: 0, end: 0 };
const RIGHT: TimerWindow = { start: 1, end: 1 };

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

  constructor(params: IntervalJoinParams, ctx: OperatorContext) {
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
    this.onTimer = (time, key, start) => this.cleanup(time, key, start === LEFT.start);
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
      for (let i = firstAtOrAfter(other, from); i < other.length; i++) {
        const entry = other[i]!;
        if (entry.ts > to) break;
        const time = entry.ts > ts ? entry.ts : ts;
        if (left) this.emitOut(this.joined(record, entry.record), time, key);
        else this.emitOut(this.joined(entry.record, record), time, key);
      }
    }
    const cleanupAt = this.cleanupTime(left, ts);
    // A record no later record can join is not kept (possible with a negative bound).
    if (cleanupAt <= this.watermark) return;
    this.state.add(key, left, ts, record);
    this.timers.register(cleanupAt, key, left ? LEFT : RIGHT);
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
