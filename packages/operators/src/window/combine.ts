/**
 * What a worker of a run in parallel may send a tumbling or sliding window instead of its
 * records: per key and pane (a slide of event time, whose records all join the same windows),
 * the records of a block merged into one partial (`FlatAggregates.combine`), delivered where the
 * first of them was. It gives the window the same state, firings and late counts as the records
 * one by one provided that no window of the pane fires between the first and the last of them:
 * the sender cuts a partial where the block's own watermark reaches a window's end (`band`),
 * and with no allowed lateness a window that has not fired takes every record (a record after
 * it fired is late, and so are all records of that band). Exact only for count, min and max.
 */

import { lastSlidingStart } from '../core/assign.js';
import type { Key, Rec } from '../core/runtime.js';
import { FlatAggregates } from './flat.js';
import type { WindowParams } from './params.js';

/** Items merged: the item each entry stands for, and the partials (`width` numbers each). */
export interface Merged {
  at: number[];
  rows: Float64Array;
  counts: Float64Array;
}

export class PaneCombiner {
  /** Numbers per partial: one per aggregation. */
  readonly width: number;
  /** Windows a record joins: every one of its pane's. */
  private readonly windows: number;

  private constructor(
    private readonly aggs: FlatAggregates,
    private readonly size: number,
    private readonly slide: number,
  ) {
    this.width = aggs.count;
    this.windows = size / slide;
  }

  /**
   * A combiner for a window, or null when its records cannot be merged exactly: sessions,
   * allowed lateness (a record after the firing fires again), a size that is not a whole number
   * of slides (records of one slide would join different windows), a sum or an average.
   */
  static of(params: WindowParams): PaneCombiner | null {
    if (params.kind === 'session' || (params.allowedLateness ?? 0) !== 0) return null;
    const size = params.size ?? 0;
    const slide = params.slide ?? size;
    if (!(size > 0 && slide > 0) || size % slide !== 0) return null;
    const aggs = FlatAggregates.of(params.aggregations);
    return aggs !== null && aggs.combinable ? new PaneCombiner(aggs, size, slide) : null;
  }

  /** The pane of a record at `ts`: the start of its last window. */
  paneOf(ts: number): number {
    return lastSlidingStart(ts, this.slide);
  }

  /** How many of the pane's windows have fired at watermark `wm` (their end - 1 <= wm). */
  band(pane: number, wm: number): number {
    const d = pane + this.size - 1 - wm;
    if (d <= 0) return this.windows;
    const k = Math.ceil(d / this.slide);
    return k >= this.windows ? 0 : this.windows - k;
  }

  start(into: Float64Array, base: number): void {
    this.aggs.startPartial(into, base);
  }

  /** Merges a record into the partial at `base`. */
  add(record: Rec, into: Float64Array, base: number): void {
    this.aggs.readRecord(record);
    this.aggs.combine(into, base);
  }

  /**
   * Items merged per key and pane: a key's records of a pane go into one partial until the
   * band changes — `band(i, pane)`: for a block, how many of the pane's windows the block's own
   * watermark before item i has reached; or, with `marks` (1: a watermark), at each watermark
   * among the items. Each entry stands for an item: a partial for its first record, a
   * watermark for itself; a partial's count is its records'. Null when a time is not a number
   * (the window dead-letters such a record: it must go as it is).
   */
  merge(
    records: readonly Rec[],
    times: readonly number[],
    keys: readonly Key[],
    band: ((i: number, pane: number) => number) | null,
    marks: readonly number[] | null,
  ): Merged | null {
    const width = this.width;
    const rows = new Float64Array(records.length * width);
    const counts: number[] = [];
    const at: number[] = [];
    const panes: number[] = [];
    const bands: number[] = [];
    /** Per key, its latest partial; per partial, the key's one before it (-1: none). */
    const latest = new Map<Key, number>();
    const before: number[] = [];
    let run = 0;
    for (let i = 0; i < records.length; i++) {
      if (marks !== null && marks[i] === 1) {
        run++;
        at.push(i);
        counts.push(0);
        panes.push(NaN);
        bands.push(NaN);
        before.push(-1);
        continue;
      }
      const ts = times[i]!;
      if (!Number.isFinite(ts)) return null;
      const key = keys[i]!;
      const pane = this.paneOf(ts);
      const b = band !== null ? band(i, pane) : run;
      // The key's newest partial of this pane takes the record if it is of the same band
      // (bands only grow: an older one of the pane never takes records again). Looked for
      // among the key's last few partials: one more partial is never wrong, only larger.
      const last = latest.get(key) ?? -1;
      let p = last;
      for (let steps = 0; p >= 0 && panes[p] !== pane; steps++) p = steps < 8 ? before[p]! : -1;
      if (p < 0 || bands[p] !== b) {
        p = counts.length;
        counts.push(0);
        at.push(i);
        panes.push(pane);
        bands.push(b);
        before.push(last);
        latest.set(key, p);
        this.start(rows, p * width);
      }
      counts[p]!++;
      this.add(records[i]!, rows, p * width);
    }
    return { at, rows: rows.slice(0, at.length * width), counts: Float64Array.from(counts) };
  }
}
