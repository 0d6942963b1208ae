/**
 * Top-N state as plain data: per window start a slot, and in it per partition only the current
 * top N entries, sorted best first (a small array: inserting is a search and a splice). Records
 * are only ever added to a window, never retracted, so a record that falls out of the top N can
 * never come back: dropping it keeps the result exact and the state bounded by N per window and
 * partition.
 *
 * `encode`/`decode` give the checkpoint form, which JSON text round-trips (±Infinity watermarks as
 * strings). Timers are not stored: they follow from the slots and the watermark.
 */

import type { Key, Rec } from '../core/runtime.js';
import { watermarkFromJSON, watermarkToJSON, type WatermarkJSON } from '../core/snapshot.js';

export interface Entry {
  /** The ranked record, as it arrived. */
  readonly record: Rec;
  /** Its value of the `by` field. */
  readonly value: number;
  /** The key the record arrived with; its output rows carry it on. */
  readonly key: Key;
}

/** The rankings of every partition over `[start, end)`. */
export interface Slot {
  readonly start: number;
  readonly end: number;
  /** Each partition's top entries, best first, in order of the partition's first record. */
  readonly parts: Map<string, Entry[]>;
}

export interface TopNSnapshot {
  version: 1;
  watermark: WatermarkJSON;
  /** [start, end, [partition, [record, value, key][] best first][]][] */
  slots: [number, number, [string, [Rec, number, Key][]][]][];
}

export class TopNState {
  readonly slots = new Map<number, Slot>();
  private rankings = 0;

  /** `desc`: larger values rank first. */
  constructor(
    private readonly n: number,
    private readonly desc: boolean,
  ) {}

  /** Partitions × windows with a ranking, and the number of partitions seen across them. */
  get size(): { keys: number; windows: number } {
    if (this.slots.size <= 1) return { keys: this.rankings, windows: this.rankings };
    const parts = new Set<string>();
    for (const slot of this.slots.values()) for (const p of slot.parts.keys()) parts.add(p);
    return { keys: parts.size, windows: this.rankings };
  }

  slot(start: number, end: number): Slot | undefined {
    const slot = this.slots.get(start);
    return slot !== undefined && slot.end === end ? slot : undefined;
  }

  createSlot(start: number, end: number): Slot {
    const slot: Slot = { start, end, parts: new Map() };
    this.slots.set(start, slot);
    return slot;
  }

  /**
   * Puts a record into its partition's ranking in `slot`; returns its entry if it made the top
   * N (`entry` when the record has one from another window already, else a new one), or null.
   * It goes after every entry at least as good: ties rank by arrival, and it arrived last, so
   * the array order is the ranking and no arrival number is needed. A record that ranks nowhere
   * allocates nothing.
   */
  insert(
    slot: Slot,
    partition: string,
    record: Rec,
    v: number,
    key: Key,
    entry: Entry | null,
  ): Entry | null {
    let ranking = slot.parts.get(partition);
    if (ranking === undefined) {
      ranking = [];
      slot.parts.set(partition, ranking);
      this.rankings++;
    }
    let lo = 0;
    let hi = ranking.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = ranking[mid]!.value;
      if (this.desc ? other >= v : other <= v) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= this.n) return null;
    const placed = entry ?? { record, value: v, key };
    if (lo === ranking.length) ranking.push(placed);
    else ranking.splice(lo, 0, placed);
    if (ranking.length > this.n) ranking.pop();
    return placed;
  }

  remove(slot: Slot): void {
    if (this.slots.delete(slot.start)) this.rankings -= slot.parts.size;
  }

  clear(): void {
    this.slots.clear();
    this.rankings = 0;
  }

  encode(watermark: number): TopNSnapshot {
    const slots: TopNSnapshot['slots'] = [];
    for (const { start, end, parts } of this.slots.values()) {
      const list: [string, [Rec, number, Key][]][] = [];
      for (const [partition, ranking] of parts) {
        list.push([partition, ranking.map((e) => [e.record, e.value, e.key])]);
      }
      slots.push([start, end, list]);
    }
    const wm = watermark;
    return {
      version: 1,
      watermark: watermarkToJSON(wm),
      slots,
    };
  }

  /** Replaces the state with a snapshot's; returns its watermark. */
  decode(data: unknown): number {
    const snap = data as Partial<TopNSnapshot> | null;
    if (
      snap === null ||
      typeof snap !== 'object' ||
      snap.version !== 1 ||
      !Array.isArray(snap.slots)
    ) {
      throw new Error('topN: not a topN snapshot');
    }
    const wm = snap.watermark;
    const watermark = watermarkFromJSON(wm);
    if (typeof watermark !== 'number' || Number.isNaN(watermark)) {
      throw new Error('topN: bad watermark in snapshot');
    }
    this.clear();
    for (const item of snap.slots as unknown[]) {
      const [start, end, list] = item as [unknown, unknown, unknown];
      if (typeof start !== 'number' || typeof end !== 'number' || !Array.isArray(list)) {
        throw new Error('topN: bad window in snapshot');
      }
      const slot = this.createSlot(start, end);
      for (const part of list as unknown[]) {
        const [partition, ranking] = part as [unknown, unknown];
        if (typeof partition !== 'string' || !Array.isArray(ranking)) {
          throw new Error('topN: bad partition in snapshot');
        }
        const entries = (ranking as unknown[]).map((e): Entry => {
          const [record, value, key] = e as [unknown, unknown, unknown];
          if (
            record === null ||
            typeof record !== 'object' ||
            typeof value !== 'number' ||
            typeof key !== 'string'
          ) {
            throw new Error('topN: bad entry in snapshot');
          }
          return { record: record as Rec, value, key };
        });
        slot.parts.set(partition, entries.slice(0, this.n));
        this.rankings++;
      }
    }
    return watermark;
  }
}
