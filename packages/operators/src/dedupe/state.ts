/**
 * Dedupe state as plain data: per key, the event times of the records that passed and whose
 * ttl has not yet ended by the watermark, sorted ascending. Two of them are never closer than
 * the ttl (a record that close would have been dropped), and all lie within the watermark's lag
 * plus one ttl of the latest event time, so a key holds at most `1 + ceil(lag / ttl)` of them.
 *
 * `encode`/`decode` give the checkpoint form, which JSON text round-trips. Timers are not
 * stored: they follow from the passed times.
 */

import type { Key } from '../core/runtime.js';
import { watermarkFromJSON, watermarkToJSON, type WatermarkJSON } from '../core/snapshot.js';

export interface DedupeSnapshot {
  version: 1;
  watermark: WatermarkJSON;
  dropped: number;
  keys: [Key, number[]][];
}

/** Index of the first time in `times` (ascending) above `t`. */
function firstAbove(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class DedupeState {
  readonly keys = new Map<Key, number[]>();
  private passedCount = 0;

  constructor(private readonly ttl: number) {}

  get size(): { keys: number; windows: number } {
    return { keys: this.keys.size, windows: this.passedCount };
  }

  /** Whether a record of `key` at `t` lies within the ttl of a kept passed record: |t − p| < ttl. */
  isRepeat(key: Key, t: number): boolean {
    const times = this.keys.get(key);
    if (times === undefined) return false;
    const next = times[firstAbove(times, t - this.ttl)];
    return next !== undefined && next < t + this.ttl;
  }

  /** Keeps a passed time; the caller checked that it is no repeat. */
  add(key: Key, t: number): void {
    const times = this.keys.get(key);
    if (times === undefined) this.keys.set(key, [t]);
    else if (times[times.length - 1]! <= t) times.push(t);
    // splice returns a new (empty) array: only for records out of order.
    else times.splice(firstAbove(times, t), 0, t);
    this.passedCount++;
  }

  /** Forgets a passed time whose ttl ended; the key goes with its last one. */
  remove(key: Key, t: number): void {
    const times = this.keys.get(key);
    if (times === undefined) return;
    // Timers fire in time order, so it is nearly always the first.
    const i = times[0] === t ? 0 : firstAbove(times, t) - 1;
    if (i < 0 || times[i] !== t) return;
    if (i === 0) times.shift();
    else times.splice(i, 1);
    this.passedCount--;
    if (times.length === 0) this.keys.delete(key);
  }

  clear(): void {
    this.keys.clear();
    this.passedCount = 0;
  }

  encode(watermark: number, dropped: number): DedupeSnapshot {
    const wm = watermark;
    return {
      version: 1,
      watermark: watermarkToJSON(wm),
      dropped,
      keys: [...this.keys].map(([key, times]) => [key, [...times]]),
    };
  }

  /** Replaces the state with a snapshot's; returns its watermark and drop count. */
  decode(data: unknown): { watermark: number; dropped: number } {
    const snap = data as Partial<DedupeSnapshot> | null;
    if (
      snap === null ||
      typeof snap !== 'object' ||
      snap.version !== 1 ||
      typeof snap.dropped !== 'number' ||
      !Array.isArray(snap.keys)
    ) {
      throw new Error('dedupe: not a dedupe snapshot');
    }
    const wm = snap.watermark;
    const watermark = watermarkFromJSON(wm);
    if (typeof watermark !== 'number' || Number.isNaN(watermark)) {
      throw new Error('dedupe: bad watermark in snapshot');
    }
    this.clear();
    for (const item of snap.keys as unknown[]) {
      const [key, times] = item as [unknown, unknown];
      if (
        typeof key !== 'string' ||
        !Array.isArray(times) ||
        !times.every((t): t is number => typeof t === 'number' && Number.isFinite(t))
      ) {
        throw new Error('dedupe: bad key in snapshot');
      }
      for (const t of [...times].sort((a, b) => a - b)) this.add(key, t);
    }
    return { watermark, dropped: snap.dropped };
  }
}
