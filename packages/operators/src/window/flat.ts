/**
 * Tumbling and sliding windows whose aggregations are all numeric (count, sum, avg, min, max)
 * keep their accumulators as rows of numbers in Float64Arrays instead of an array of small
 * objects per window: no call per aggregation, nothing allocated per new window, and the
 * numbers of a window in one place (the objects cost about four dependent memory reads per
 * window a record joined in the sliding-window bench). Tumbling windows are rows of their slot,
 * found by key; sliding windows are rows of a ring per key (`FlatKey`), so that a record finds
 * all its windows through one lookup of its key. Checkpoints do not see the difference:
 * `windows()` hands out the same accumulator objects (`aggregate.ts`) the snapshot writes and
 * reads, in the same order.
 */

import { PROTO } from '../core/fields.js';
import { keyValues } from '../core/keys.js';
import type { Key, Rec } from '../core/runtime.js';
import { isNumber, type Acc, type ExtremeAcc, type SumAcc } from './aggregate.js';
import type { Aggregation } from './params.js';
import { RecentSlots } from './recent.js';
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
      if (field === null) {
        read[a] = 1;
        continue;
      }
      // fieldOf (core/fields.ts), written out so that this load sees only these fields' names.
      let value = record[field];
      if (value === undefined) value = null;
      else if (value === PROTO[field] || field === '__proto__')
        value = Object.hasOwn(record, field) ? value : null;
      if (kinds[a] === COUNT) read[a] = value !== null ? 1 : 0;
      else read[a] = isNumber(value) ? value : NaN;
    }
  }

  /**
   * Whether records can be added several at once, exactly, as a partial (the reads of records
   * merged: counts added, the least and the greatest kept): count, min and max can; a sum of
   * fractions added in another order may differ in its last bits.
   */
  get combinable(): boolean {
    return this.kinds.every((k) => k === COUNT || k === MIN || k === MAX);
  }

  /** An empty partial at `base` of `into` (one number per aggregation). */
  startPartial(into: Float64Array, base: number): void {
    const kinds = this.kinds;
    for (let a = 0; a < kinds.length; a++) into[base + a] = kinds[a] === COUNT ? 0 : NaN;
  }

  /** Merges the record read last into the partial at `base`. */
  combine(into: Float64Array, base: number): void {
    const kinds = this.kinds;
    const read = this.read;
    for (let a = 0; a < kinds.length; a++) {
      const at = base + a;
      const value = read[a]!;
      if (kinds[a] === COUNT) into[at] = into[at]! + value;
      else if (value === value) {
        if (kinds[a] === MIN ? !(into[at]! <= value) : !(into[at]! >= value)) into[at] = value;
      }
    }
  }

  /** Takes the partial at `base` as the record read last: `add` adds all of its records. */
  readPartial(from: Float64Array, base: number): void {
    const read = this.read;
    for (let a = 0; a < read.length; a++) read[a] = from[base + a]!;
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

/**
 * A key with windows: its values (for the key fields of results), how many windows it has, and
 * the numbers of its windows of the latest slots side by side (a ring by slot), so that a record
 * reaches all its windows (six for a sliding window of six slides) through one lookup of its
 * key and a few adjacent cache lines. A window whose place in the ring is taken by a live window
 * of another slot (lateness, a lagging watermark) is kept in its slot instead (`FlatSlot.rows`).
 */
interface FlatKey {
  readonly values: unknown[];
  windows: number;
  /**
   * `ring` starts (NaN: free), then `ring` rows of numbers: the window of the slot at position
   * `(start / slide) mod ring`. A start is never that of a purged slot (its windows are late
   * for good), so a start that matches is the key's window of that slot.
   */
  readonly cells: Float64Array;
}

/** The windows of every key over `[start, end)`. */
export interface FlatSlot {
  readonly start: number;
  readonly end: number;
  /** Its position in the keys' rings. */
  readonly ringAt: number;
  /** The key of each window, in order of the key's first record. */
  readonly keys: Key[];
  /** The same keys' entries (with rings only). */
  readonly owners: FlatKey[];
  /** Where each window is: -1 in its key's ring, else its row in `data`. */
  readonly rowOf: number[];
  /** The row of each key whose window is kept here rather than in its ring. */
  readonly rows: Map<Key, number>;
  /** Those rows, `width` numbers each; replaced by a larger array as rows are added. */
  data: Float64Array;
}

/** Rows of a slot's first array; it doubles when full. */
const FIRST_ROWS = 8;
/** Positions of a key's ring at most; with more windows per record, windows live in slots. */
const RING = 16;
const NO_DATA = new Float64Array(0);

/** `SlotState` (state.ts) with windows as rows of numbers, and the keys' values kept here. */
export class FlatSlotState {
  readonly slots = new Map<number, FlatSlot>();
  /** The keys with a window. */
  private readonly keys = new Map<Key, FlatKey>();
  private windowCount = 0;
  /**
   * Positions of each key's ring: a power of two above the windows a record joins; 0: none
   * (tumbling windows, or more windows per record than RING).
   */
  private readonly ring: number;
  /** The key of the record being added (`use`), and its entry when it has a ring. */
  key: Key = '';
  private entry: FlatKey | undefined = undefined;
  /** Where the window `add` or `locate` found is: its numbers from `base` in `data`. */
  data: Float64Array = NO_DATA;
  base = 0;

  /** The slots found lately (recent.ts). */
  private readonly recent: RecentSlots<FlatSlot>;

  constructor(
    readonly aggs: FlatAggregates,
    size: number,
    private readonly slide: number,
  ) {
    this.recent = new RecentSlots(slide);
    // A tumbling window's record joins one window: its slot's row is as near as a ring.
    const perRecord = Math.ceil(size / slide);
    let ring = 2;
    while (ring <= perRecord) ring *= 2;
    this.ring = perRecord > 1 && ring <= RING ? ring : 0;
  }

  find(start: number): FlatSlot | undefined {
    return this.recent.find(this.slots, start);
  }

  /** Keys are counted here without rings (telemetry asks seldom; see SlotState). */
  get size(): { keys: number; windows: number } {
    if (this.ring !== 0 || this.slots.size <= 1) {
      return {
        keys: this.ring !== 0 ? this.keys.size : this.windowCount,
        windows: this.windowCount,
      };
    }
    const keys = new Set<Key>();
    for (const slot of this.slots.values()) for (const key of slot.keys) keys.add(key);
    return { keys: keys.size, windows: this.windowCount };
  }

  /** Adds an empty slot; the caller checked that `start` has none. */
  createSlot(start: number, end: number): FlatSlot {
    const slot: FlatSlot = {
      start,
      end,
      ringAt: this.ring === 0 ? 0 : (start / this.slide) & (this.ring - 1),
      keys: [],
      owners: [],
      rowOf: [],
      rows: new Map(),
      data: NO_DATA,
    };
    this.slots.set(start, slot);
    this.recent.remember(slot);
    return slot;
  }

  /** The record to add next is of `key`: one lookup for all its windows. */
  use(key: Key): void {
    this.key = key;
    this.entry = this.ring === 0 ? undefined : this.keys.get(key);
  }

  /**
   * Adds the record read last (`aggs.readRecord`) to the window of the key in use in a slot,
   * a new one if it has none there; `data` and `base` are left at the window's numbers.
   */
  add(slot: FlatSlot): void {
    this.open(slot);
    this.aggs.add(this.data, this.base);
  }

  /** Points `data` and `base` at the window of the key in use in a slot, created if none. */
  private open(slot: FlatSlot): void {
    const entry = this.entry;
    const ring = this.ring;
    if (entry !== undefined && ring !== 0 && entry.cells[slot.ringAt] === slot.start) {
      this.data = entry.cells;
      this.base = ring + slot.ringAt * this.aggs.width;
    } else {
      const row = slot.rows.size === 0 ? undefined : slot.rows.get(this.key);
      if (row === undefined) this.create(slot, this.key);
      else {
        this.data = slot.data;
        this.base = row * this.aggs.width;
      }
    }
  }

  /** The values of the key in use, after `add`. */
  valuesOf(key: Key): unknown[] {
    return this.ring !== 0 ? this.keys.get(key)!.values : keyValues(key);
  }

  /** The values of the key of a slot's `i`-th window. */
  valuesAt(slot: FlatSlot, i: number): unknown[] {
    return this.ring !== 0 ? slot.owners[i]!.values : keyValues(slot.keys[i]!);
  }

  /** Points `data` and `base` at the numbers of a slot's `i`-th window. */
  locate(slot: FlatSlot, i: number): void {
    const row = slot.rowOf[i]!;
    if (row < 0) {
      this.data = slot.owners[i]!.cells;
      this.base = this.ring + slot.ringAt * this.aggs.width;
    } else {
      this.data = slot.data;
      this.base = row * this.aggs.width;
    }
  }

  /** Adds an empty window of `key` to a slot, in its ring when free; `data`, `base` at it. */
  private create(slot: FlatSlot, key: Key): void {
    const width = this.aggs.width;
    const ring = this.ring;
    // Without rings a window keeps only its key (its values are read when it fires): nothing
    // long-lived per window but its row, for the garbage collector to copy and promote.
    let entry: FlatKey | undefined;
    if (ring !== 0) {
      entry = this.keys.get(key);
      if (entry === undefined) {
        entry = {
          values: keyValues(key),
          windows: 0,
          cells: new Float64Array(ring * (1 + width)).fill(NaN, 0, ring),
        };
        this.keys.set(key, entry);
        this.entry = entry;
      }
      entry.windows++;
      slot.owners.push(entry);
    }
    const cells = entry?.cells;
    if (cells !== undefined && cells[slot.ringAt] !== cells[slot.ringAt]) {
      cells[slot.ringAt] = slot.start;
      this.data = cells;
      this.base = ring + slot.ringAt * width;
      slot.rowOf.push(-1);
    } else {
      const row = slot.rows.size;
      if ((row + 1) * width > slot.data.length) {
        const data = new Float64Array(Math.max(FIRST_ROWS * width, slot.data.length * 2));
        data.set(slot.data);
        slot.data = data;
      }
      slot.rows.set(key, row);
      slot.rowOf.push(row);
      this.data = slot.data;
      this.base = row * width;
    }
    this.data.fill(0, this.base, this.base + width);
    this.aggs.init(this.data, this.base);
    slot.keys.push(key);
    this.windowCount++;
  }

  /** Purges a slot and all its windows; a key without windows left is forgotten. */
  remove(slot: FlatSlot): void {
    if (!this.slots.delete(slot.start)) return;
    this.recent.forget(slot);
    this.windowCount -= slot.keys.length;
    const { keys, owners, rowOf, ringAt } = slot;
    if (this.ring !== 0) {
      for (let i = 0; i < owners.length; i++) {
        const owner = owners[i]!;
        if (rowOf[i]! < 0) owner.cells[ringAt] = NaN;
        if (--owner.windows === 0) this.keys.delete(keys[i]!);
      }
    }
    // The key in use may just have been forgotten.
    this.entry = undefined;
  }

  clear(): void {
    this.slots.clear();
    this.keys.clear();
    this.recent.clear();
    this.entry = undefined;
    this.data = NO_DATA;
    this.windowCount = 0;
  }

  /** The windows with their accumulators as objects, slot by slot, keys as they arrived. */
  *windows(): Iterable<SnapshotWindow> {
    const aggs = this.aggs;
    const count = aggs.count;
    for (const slot of this.slots.values()) {
      for (let i = 0; i < slot.keys.length; i++) {
        this.locate(slot, i);
        const accs: Acc[] = [];
        for (let a = 0; a < count; a++) accs.push(aggs.toAcc(this.data, this.base, a));
        yield { key: slot.keys[i]!, start: slot.start, end: slot.end, accs };
      }
    }
  }

  restore(windows: readonly SnapshotWindow[]): void {
    this.clear();
    const aggs = this.aggs;
    for (const w of windows) {
      const slot = this.slots.get(w.start) ?? this.createSlot(w.start, w.end);
      if (slot.end !== w.end) throw new Error('window: bad window in snapshot');
      this.use(w.key);
      this.open(slot);
      for (let a = 0; a < w.accs.length; a++) aggs.fromAcc(this.data, this.base, a, w.accs[a]!);
    }
  }
}
