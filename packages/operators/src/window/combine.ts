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
import type { Rec } from '../core/runtime.js';
import { FlatAggregates } from './flat.js';
import type { WindowParams } from './params.js';

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
}
