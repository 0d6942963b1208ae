/**
 * The dedupe runtime. The rule, in event time: a record passes unless a record of the same key
 * that passed lies within the ttl of it (|t − p| < ttl), in which case it is dropped.
 *
 * - In order this is the usual dedupe: the first record of a key passes, the repeats before
 *   `first + ttl` are dropped, and the first one at or after it passes and starts a new ttl.
 * - Out of order the decision is still by event time, not arrival: a record up to ttl *before*
 *   a passed record of its key is a repeat of it as well, and dropped (a passed record cannot be
 *   taken back). Among records of a key closer than the ttl, the one that arrives first passes.
 * - State is cleaned by the watermark: a passed time `p` is forgotten once `W >= p + ttl - 1`,
 *   by a timer. A record after the watermark (`t > W`) can never be within ttl of a forgotten
 *   one, so for it the result is exact. A record behind the watermark (late) is decided against
 *   what is still kept: a repeat of a record whose ttl already ended by the watermark passes.
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
import { KeyMaker } from '../core/keys.js';
import type { DedupeParams } from './params.js';
import { DedupeState } from './state.js';

export class DedupeOperator implements OperatorRuntime {
  private readonly state: DedupeState;
  private readonly timers = new TimerService();
  /** The last watermark seen. */
  private watermark = -Infinity;
  /**
   * Records dropped as repeats: not errors, so not dead letters. Telemetry reads them from
   * `ctx.counters.dropped`; this tally goes into checkpoints.
   */
  dropped = 0;
  private readonly ttl: number;
  /** What forms the key: given fields, the stream's key, or the whole record. */
  private readonly keyOf: (record: Rec, key: Key) => Key;
  private readonly emit: Emitter;
  private readonly counters: OperatorCounters;
  private readonly ctx: OperatorContext;
  private readonly onTimer: TimerCallback;

  constructor(params: DedupeParams, ctx: OperatorContext) {
    if (!(params.ttl > 0)) {
      throw new Error(`dedupe: params were not validated (${JSON.stringify(params)})`);
    }
    this.ttl = params.ttl;
    this.state = new DedupeState(params.ttl);
    const fields = params.fields;
    if (fields !== undefined) {
      const keys = new KeyMaker(fields);
      this.keyOf = (record) => keys.keyOf(record);
    } else if (ctx.keyFields !== null) this.keyOf = (_record, key) => key;
    // Not keyed and no fields: one key for the whole stream would pass one record per ttl,
    // which nobody wants; identical records (as JSON text) are the useful default.
    else this.keyOf = (record) => JSON.stringify(record);
    this.emit = ctx.emit;
    this.counters = ctx.counters;
    this.ctx = ctx;
    this.onTimer = (_time, key, start) => this.state.remove(key, start);
  }

  onRecord(record: Rec, ts: number, key: Key): void {
    if (!Number.isFinite(ts)) {
      this.ctx.deadLetter(record, `dedupe: event time ${String(ts)} is not a number of ms`);
      return;
    }
    const dedupeKey = this.keyOf(record, key);
    if (this.state.isRepeat(dedupeKey, ts)) {
      this.dropped++;
      this.counters.dropped++;
      return;
    }
    this.keep(dedupeKey, ts);
    this.emit(record, ts, key);
  }

  onWatermark(wm: number): void {
    if (!(wm > this.watermark)) return;
    this.watermark = wm;
    if (this.timers.peekTime() <= wm) this.timers.advance(wm, this.onTimer);
  }

  snapshot(): unknown {
    return this.state.encode(this.watermark, this.dropped);
  }

  /** Restores the passed times; their cleanup timers follow from them. */
  restore(data: unknown): void {
    const { watermark, dropped } = this.state.decode(data);
    this.watermark = watermark;
    this.dropped = dropped;
    this.timers.clear();
    const ttl = this.ttl;
    for (const [key, times] of this.state.keys) {
      for (const t of times) this.timers.register(t + ttl - 1, key, t);
    }
  }

  stateSize(): { keys: number; windows: number } {
    return this.state.size;
  }

  close(): void {
    this.state.clear();
    this.timers.clear();
  }

  /** Keeps a passed time until the watermark reaches the last instant of its ttl. */
  private keep(key: Key, t: number): void {
    const expiry = t + this.ttl - 1;
    if (expiry <= this.watermark) return; // its ttl already ended: nothing left to block
    this.state.add(key, t);
    this.timers.register(expiry, key, t);
  }
}
