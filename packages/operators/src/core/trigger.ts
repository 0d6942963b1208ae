/**
 * Flink's EventTimeTrigger with allowed lateness, once for every windowed operator (`window`,
 * `topN`): a window `[start, end)` of a key (or a slot of all keys: key '') fires when the
 * watermark reaches `end - 1` and is purged when it reaches `end - 1 + allowedLateness`; a
 * record is late for it from then on. Timers are namespaced by the window's start: the windows
 * of one key never share a start.
 */

import type { Key } from './runtime.js';
import { TimerService, type TimerCallback } from './timers.js';

/** Bits of what a due timer means for its window. */
export const FIRE = 1;
export const PURGE = 2;

export class EventTimeTrigger {
  readonly timers = new TimerService();
  /** The last watermark seen: W of spec §5. */
  watermark = -Infinity;

  constructor(readonly lateness: number) {}

  /** Too late to join: the window is purged (or would be) at the current watermark. */
  isLate(end: number): boolean {
    return end - 1 + this.lateness <= this.watermark;
  }

  /** The window fired already: a record that joins it fires it again at once. */
  hasFired(end: number): boolean {
    return end - 1 <= this.watermark;
  }

  /** A new window registers its cleanup timer, and its fire timer while still ahead. */
  register(key: Key, start: number, end: number): void {
    const maxTimestamp = end - 1;
    this.timers.register(maxTimestamp + this.lateness, key, start);
    if (maxTimestamp > this.watermark) this.timers.register(maxTimestamp, key, start);
  }

  /** A window merged away or dropped takes its timers with it. */
  delete(key: Key, start: number, end: number): void {
    this.timers.delete(end - 1, key, start);
    this.timers.delete(end - 1 + this.lateness, key, start);
  }

  /** `FIRE | PURGE` bits of a due timer at `time` for the window ending at `end`. */
  due(time: number, end: number): number {
    return (time === end - 1 ? FIRE : 0) | (time === end - 1 + this.lateness ? PURGE : 0);
  }

  /** Takes a new watermark; calls `fire` for each due timer, in time order. */
  advance(wm: number, fire: TimerCallback): void {
    if (!(wm > this.watermark)) return;
    this.watermark = wm;
    // Most watermarks fire nothing: look at the earliest timer before calling into the heap.
    if (this.timers.peekTime() <= wm) this.timers.advance(wm, fire);
  }

  /** After a restore: the watermark restored, the timers cleared for the windows to register. */
  reset(watermark: number): void {
    this.watermark = watermark;
    this.timers.clear();
  }
}
