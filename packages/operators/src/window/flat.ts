/**
 * Tumbling and sliding windows whose aggregations are all numeric (count, sum, avg, min, max)
 * keep their accumulators as numbers in one Float64Array per slot, a row per key, instead of an
 * array of small objects per window: a record reaches its window's numbers through one Map
 * lookup and one row (adjacent in memory), with no call per aggregation, and a new window
 * allocates nothing. In the sliding-window bench the objects cost about four dependent memory
 * reads per window a record joined. Checkpoints do not see the difference: `windows()` hands
 * out the same accumulator objects (`aggregate.ts`) that the snapshot writes and reads.
 */

import type { KeyTable } from '../core/keys.js';
import type { Key, Rec } from '../core/runtime.js';
import { fieldValue, isNumber, type Acc, type ExtremeAcc, type SumAcc } from './aggregate.js';
import type { Aggregation } from './params.js';
import type { SnapshotWindow } from './snapshot.js';

/** What an aggregation keeps in its columns of a row. */
const COUNT = 0; // [n], adds the record's 1 or 0
const SUM = 1; // [sum, n]: the numbers added; the result is null when n is 0
const AVG = 2; // [sum, n]
const MIN = 3; // [v]: NaN until a number arrives (a value is always finite)
const MAX = 4; // [v]

const KINDS: Partial<Record<Aggregation['fn'], number>> = {
  count: COUNT,
  sum: SUM,
  avg: AVG,
  min: MIN,
  max: MAX,
};

/** The numeric aggregations of a window, over rows of `width` numbers. */
export class FlatAggregates {
  readonly width: number;
  private readonly kinds: Uint8Array;
  private readonly offsets: Uint16Array;
  private readonly fields: (string | null)[];
  /** What each aggregation read from the record being added: 1/0 for count, NaN for no number. */
  private readonly read: Float64Array;

  private constructor(aggs: readonly Aggregation[]) {
    this.kinds = new Uint8Array(aggs.length);
    this.offsets = new Uint16Array(aggs.length);
    this.read = new Float64Array(aggs.length);
    this.fields = aggs.map((agg) => agg.field ?? null);
    let width = 0;
    aggs.forEach((agg, i) => {
      const kind = KINDS[agg.fn]!;
      this.kinds[i] = kind;
      this.offsets[i] = width;
      width += kind === SUM || kind === AVG ? 2 : 1;
    });
    this.width = width;
  }

  /** Number of aggregations. */
  get count(): number {
    return this.kinds.length;
  }

  /** The flat form of these aggregations, or null when one of them is not numeric. */
  static of(aggs: readonly Aggregation[]): FlatAggregates | null {
    return aggs.every((agg) => KINDS[agg.fn] !== undefined) ? new FlatAggregates(aggs) : null;
  }

  /** Reads a record once for all the windows it joins. */
  readRecord(record: Rec): void {
    const kinds = this.kinds;
    const fields = this.fields;
    const read = this.read;
    for (let a = 0; a < kinds.length; a++) {
      const field = fields[a]!;
      if (kinds[a] === COUNT) {
        read[a] = field === null || fieldValue(record, field) !== null ? 1 : 0;
      } else {
        const value = fieldValue(record, field);
        read[a] = isNumber(value) ? value : NaN;
      }
    }
  }

  /** Adds the record read last to the row at `base`. */
  add(data: Float64Array, base: number): void {
    const kinds = this.kinds;
    const offsets = this.offsets;
    const read = this.read;
    for (let a = 0; a < kinds.length; a++) {
      const at = base + offsets[a]!;
      const value = read[a]!;
      switch (kinds[a]) {
        case COUNT:
          data[at] = data[at]! + value;
          break;
        case SUM:
        case AVG:
          if (value === value) {
            data[at] = data[at]! + value;
            data[at + 1] = data[at + 1]! + 1;
          }
          break;
        case MIN:
          // NaN (nothing yet) compares false: the first number is taken.
          if (value === value && !(data[at]! <= value)) data[at] = value;
          break;
        case MAX:
          if (value === value && !(data[at]! >= value)) data[at] = value;
          break;
      }
    }
  }

  /** An empty row (the array's own zeros, but min and max start at "nothing yet"). */
  init(data: Float64Array, base: number): void {
    const kinds = this.kinds;
    for (let a = 0; a < kinds.length; a++) {
      const kind = kinds[a]!;
      if (kind === MIN || kind === MAX) data[base + this.offsets[a]!] = NaN;
    }
  }

  /** Aggregation `a`'s result, as its `Aggregator.result` would give it. */
  result(data: Float64Array, base: number, a: number): number | null {
    const at = base + this.offsets[a]!;
    switch (this.kinds[a]) {
      case COUNT:
        return data[at]!;
      case SUM:
        return data[at + 1] === 0 ? null : data[at]!;
      case AVG:
        return data[at + 1] === 0 ? null : data[at]! / data[at + 1]!;
      default: {
        const v = data[at]!;
        return v === v ? v : null;
      }
    }
  }

  /** Aggregation `a`'s accumulator as an object (for a snapshot). */
  toAcc(data: Float64Array, base: number, a: number): Acc {
    const at = base + this.offsets[a]!;
    switch (this.kinds[a]) {
      case COUNT:
        return { n: data[at]! };
      case SUM:
      case AVG:
        return { sum: data[at]!, n: data[at + 1]! };
      default: {
        const v = data[at]!;
        return { v: v === v ? v : null };
      }
    }
  }

  /** Puts an accumulator object (from a snapshot) into a row. */
  fromAcc(data: Float64Array, base: number, a: number, acc: Acc): void {
    const at = base + this.offsets[a]!;
    switch (this.kinds[a]) {
      case COUNT:
        data[at] = (acc as { n: number }).n;
        break;
      case SUM:
      case AVG:
        data[at] = (acc as SumAcc).sum;
        data[at + 1] = (acc as SumAcc).n;
        break;
      default:
        data[at] = (acc as ExtremeAcc).v ?? NaN;
    }
  }
}

/** The windows of every key over `[start, end)`, a row of numbers each. */
export interface FlatSlot {
  readonly start: number;
  readonly end: number;
  /** Each key's row. */
  readonly rows: Map<Key, number>;
  /** The key of each row, rows in order of the key's first record. */
  readonly keys: Key[];
  /** The values of each row's key (from the key table, for the key fields of its result). */
  readonly values: unknown[][];
  /** The rows, `width` numbers each; replaced by a larger array as rows are added. */
  data: Float64Array;
}

/** Rows of a slot's first array; it doubles when full. */
const FIRST_ROWS = 16;
/** Slots remembered by `find`, a power of two: more than the windows a record joins, usually. */
const RECENT = 16;

/** `SlotState` (state.ts) with rows of numbers for windows. */
export class FlatSlotState {
  readonly slots = new Map<number, FlatSlot>();
  private windowCount = 0;
  /** The slots found lately, by `(start / slide) mod RECENT` (see SlotState). */
  private readonly recent: (FlatSlot | undefined)[] = new Array<FlatSlot | undefined>(RECENT).fill(
    undefined,
  );

  constructor(
    readonly aggs: FlatAggregates,
    private readonly keyTable: KeyTable,
    private readonly slide: number,
  ) {}

  find(start: number): FlatSlot | undefined {
    const at = (start / this.slide) & (RECENT - 1);
    const seen = this.recent[at];
    if (seen !== undefined && seen.start === start) return seen;
    const slot = this.slots.get(start);
    if (slot !== undefined) this.recent[at] = slot;
    return slot;
  }

  get size(): { keys: number; windows: number } {
    if (this.slots.size <= 1) return { keys: this.windowCount, windows: this.windowCount };
    const keys = new Set<Key>();
    for (const slot of this.slots.values()) for (const key of slot.keys) keys.add(key);
    return { keys: keys.size, windows: this.windowCount };
  }

  /** Adds an empty slot; the caller checked that `start` has none. */
  createSlot(start: number, end: number): FlatSlot {
    const slot: FlatSlot = {
      start,
      end,
      rows: new Map(),
      keys: [],
      values: [],
      data: new Float64Array(FIRST_ROWS * this.aggs.width),
    };
    this.slots.set(start, slot);
    this.recent[(start / this.slide) & (RECENT - 1)] = slot;
    return slot;
  }

  /** Adds an empty window of `key` to a slot; returns its row. */
  create(slot: FlatSlot, key: Key): number {
    const row = slot.keys.length;
    const width = this.aggs.width;
    if ((row + 1) * width > slot.data.length) {
      const data = new Float64Array(slot.data.length * 2);
      data.set(slot.data);
      slot.data = data;
    }
    this.aggs.init(slot.data, row * width);
    slot.rows.set(key, row);
    slot.keys.push(key);
    slot.values.push(this.keyTable.acquire(key));
    this.windowCount++;
    return row;
  }

  /** Purges a slot and all its windows. */
  remove(slot: FlatSlot): void {
    if (!this.slots.delete(slot.start)) return;
    const at = (slot.start / this.slide) & (RECENT - 1);
    if (this.recent[at] === slot) this.recent[at] = undefined;
    this.windowCount -= slot.keys.length;
    for (const key of slot.keys) this.keyTable.release(key);
  }

  clear(): void {
    this.slots.clear();
    this.recent.fill(undefined);
    this.keyTable.clear();
    this.windowCount = 0;
  }

  /** The windows with their accumulators as objects, slot by slot, keys as they arrived. */
  *windows(): Iterable<SnapshotWindow> {
    const aggs = this.aggs;
    const count = aggs.count;
    for (const { start, end, keys, data } of this.slots.values()) {
      for (let row = 0; row < keys.length; row++) {
        const accs: Acc[] = [];
        for (let a = 0; a < count; a++) accs.push(aggs.toAcc(data, row * aggs.width, a));
        yield { key: keys[row]!, start, end, accs };
      }
    }
  }

  restore(windows: readonly SnapshotWindow[]): void {
    this.clear();
    const aggs = this.aggs;
    for (const w of windows) {
      const slot = this.slots.get(w.start) ?? this.createSlot(w.start, w.end);
      if (slot.end !== w.end) throw new Error('window: bad window in snapshot');
      const row = slot.rows.get(w.key) ?? this.create(slot, w.key);
      for (let a = 0; a < w.accs.length; a++)
        aggs.fromAcc(slot.data, row * aggs.width, a, w.accs[a]!);
    }
  }
}
