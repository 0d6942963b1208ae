/**
 * Interval-join state as plain data: per key, the buffered records of each side, sorted by
 * event time (arrival order among equal times). Sorted buffers let a record find the other
 * side's records in its interval by binary search, and cleanup drop a prefix.
 */

import type { Key, Rec } from '../core/runtime.js';
import { watermarkFromJSON, watermarkToJSON, type WatermarkJSON } from '../core/snapshot.js';

export interface Entry {
  ts: number;
  record: Rec;
}

export interface KeyBuffers {
  left: Entry[];
  right: Entry[];
}

/** Index of the first entry with `ts >= t` (entries sorted by ts). */
export function firstAtOrAfter(entries: readonly Entry[], t: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.ts < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first entry with `ts > t`. */
export function firstAfter(entries: readonly Entry[], t: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.ts <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class JoinState {
  readonly keys = new Map<Key, KeyBuffers>();
  /** Buffered records of both sides, all keys. */
  private count = 0;

  get size(): { keys: number; windows: number } {
    return { keys: this.keys.size, windows: this.count };
  }

  /** Adds a record after every entry of its side with a time at or before its own. */
  add(key: Key, left: boolean, ts: number, record: Rec): void {
    let buffers = this.keys.get(key);
    if (buffers === undefined) {
      buffers = { left: [], right: [] };
      this.keys.set(key, buffers);
    }
    const entries = left ? buffers.left : buffers.right;
    const entry: Entry = { ts, record };
    // Records mostly arrive in time order: appending is the common case.
    const last = entries[entries.length - 1];
    if (last === undefined || last.ts <= ts) entries.push(entry);
    else entries.splice(firstAfter(entries, ts), 0, entry);
    this.count++;
  }

  /**
   * Evicts the earliest entry (by time, then arrival) of one side of a key while that side holds
   * more than `keep`; returns the evicted entries, earliest first (none, nearly always).
   */
  evictBeyond(key: Key, left: boolean, keep: number): Entry[] {
    const buffers = this.keys.get(key);
    if (buffers === undefined) return [];
    const entries = left ? buffers.left : buffers.right;
    if (entries.length <= keep) return [];
    const evicted = entries.splice(0, entries.length - keep);
    this.count -= evicted.length;
    if (buffers.left.length === 0 && buffers.right.length === 0) this.keys.delete(key);
    return evicted;
  }

  /** Drops the entries of one side of a key with `ts <= upTo`; forgets a key left empty. */
  dropUpTo(key: Key, left: boolean, upTo: number): void {
    const buffers = this.keys.get(key);
    if (buffers === undefined) return;
    const entries = left ? buffers.left : buffers.right;
    const n = firstAfter(entries, upTo);
    if (n > 0) {
      entries.splice(0, n);
      this.count -= n;
    }
    if (buffers.left.length === 0 && buffers.right.length === 0) this.keys.delete(key);
  }

  clear(): void {
    this.keys.clear();
    this.count = 0;
  }
}

// ------------------------------------------------------------------------------ snapshots

export interface IntervalJoinSnapshot {
  version: 1;
  watermark: WatermarkJSON;
  /** Per key: its left and right entries as [ts, record] pairs, sorted by ts. */
  keys: [Key, [number, Rec][], [number, Rec][]][];
}

export function encodeSnapshot(watermark: number, state: JoinState): IntervalJoinSnapshot {
  const keys: IntervalJoinSnapshot['keys'] = [];
  const pairs = (entries: Entry[]) => entries.map((e): [number, Rec] => [e.ts, e.record]);
  for (const [key, { left, right }] of state.keys) keys.push([key, pairs(left), pairs(right)]);
  return {
    version: 1,
    watermark: watermarkToJSON(watermark),
    keys,
  };
}

function decodeEntries(list: unknown): Entry[] {
  if (!Array.isArray(list)) throw new Error('join.interval: bad entries in snapshot');
  return list.map((item) => {
    const [ts, record] = (Array.isArray(item) ? item : []) as [unknown, unknown];
    if (
      typeof ts !== 'number' ||
      !Number.isFinite(ts) ||
      record === null ||
      typeof record !== 'object' ||
      Array.isArray(record)
    ) {
      throw new Error('join.interval: bad entry in snapshot');
    }
    return { ts, record: record as Rec };
  });
}

/** Checks and decodes a snapshot into `state`; throws on anything that is not one. */
export function decodeSnapshot(data: unknown, state: JoinState): number {
  const snap = data as Partial<IntervalJoinSnapshot> | null;
  if (
    snap === null ||
    typeof snap !== 'object' ||
    snap.version !== 1 ||
    !Array.isArray(snap.keys)
  ) {
    throw new Error('join.interval: not an interval-join snapshot');
  }
  const wm = snap.watermark;
  const watermark = watermarkFromJSON(wm);
  if (typeof watermark !== 'number' || Number.isNaN(watermark)) {
    throw new Error('join.interval: bad watermark in snapshot');
  }
  state.clear();
  for (const item of snap.keys) {
    const [key, left, right] = (Array.isArray(item) ? item : []) as [unknown, unknown, unknown];
    if (typeof key !== 'string') throw new Error('join.interval: bad key in snapshot');
    for (const e of decodeEntries(left)) state.add(key, true, e.ts, e.record);
    for (const e of decodeEntries(right)) state.add(key, false, e.ts, e.record);
  }
  return watermark;
}
