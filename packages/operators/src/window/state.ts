/**
 * Window state as plain data, in two layouts:
 *
 * - `WindowState` (sessions): per key, its live windows by start. Windows of one key never
 *   share a start (session windows are disjoint), so the start identifies them.
 * - `SlotState` (tumbling, sliding): per start, a slot with the window of every key that has
 *   one. All windows of a slot fire and are purged together, so one timer per slot serves all
 *   keys, and a record reaches its window with two lookups.
 *
 * Both list their windows for `snapshot.ts`; the watermark and arrival numbers live in the
 * operator.
 */

import { keyValues, type KeyTable } from '../core/keys.js';
import type { Key } from '../core/runtime.js';
import type { Acc, Aggregator } from './aggregate.js';
import { RecentSlots } from './recent.js';
import type { SnapshotWindow } from './snapshot.js';

export interface WindowEntry {
  start: number;
  end: number;
  accs: Acc[];
}

export interface KeyState {
  windows: Map<number, WindowEntry>;
  /**
   * The same windows sorted by start. Sessions of a key are disjoint, so their ends are sorted
   * too, and a record finds the ones it touches by binary search, whatever their number.
   */
  order: WindowEntry[];
  /** The key's values, parsed once from its text for the key fields of every result. */
  values: unknown[];
}

/** Index of the first window with `end >= t` in a key's `order`. */
export function firstEndingAtOrAfter(order: readonly WindowEntry[], t: number): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (order[mid]!.end < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first window with `start >= t` in a key's `order`. */
function firstStartingAtOrAfter(order: readonly WindowEntry[], t: number): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (order[mid]!.start < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A new window's accumulators. Array literals for the usual one to four aggregations: V8 sizes
 * them exactly and tracks their allocation site, so these long-lived arrays can be pretenured;
 * arrays built in a loop cost a quarter more time per window in the sliding-window bench.
 */
function initAccs(aggs: readonly Aggregator[]): Acc[] {
  switch (aggs.length) {
    case 1:
      return [aggs[0]!.init()];
    case 2:
      return [aggs[0]!.init(), aggs[1]!.init()];
    case 3:
      return [aggs[0]!.init(), aggs[1]!.init(), aggs[2]!.init()];
    case 4:
      return [aggs[0]!.init(), aggs[1]!.init(), aggs[2]!.init(), aggs[3]!.init()];
    default:
      return aggs.map((agg) => agg.init());
  }
}

export class WindowState {
  readonly keys = new Map<Key, KeyState>();
  private windowCount = 0;

  constructor(private readonly aggregators: readonly Aggregator[]) {}

  get size(): { keys: number; windows: number } {
    return { keys: this.keys.size, windows: this.windowCount };
  }

  keyState(key: Key): KeyState {
    let state = this.keys.get(key);
    if (state === undefined) {
      state = { windows: new Map(), order: [], values: keyValues(key) };
      this.keys.set(key, state);
    }
    return state;
  }

  /** Adds an empty window to a key's state. */
  create(keyState: KeyState, start: number, end: number): WindowEntry {
    const entry: WindowEntry = { start, end, accs: initAccs(this.aggregators) };
    keyState.windows.set(start, entry);
    const order = keyState.order;
    const last = order[order.length - 1];
    // Sessions mostly open in time order: appending is the common case.
    if (last === undefined || last.start < start) order.push(entry);
    else order.splice(firstStartingAtOrAfter(order, start), 0, entry);
    this.windowCount++;
    return entry;
  }

  /** Removes a window (merged away or purged); the key stays, see `dropIfEmpty`. */
  remove(keyState: KeyState, start: number): void {
    if (!keyState.windows.delete(start)) return;
    const order = keyState.order;
    const at = order[0]?.start === start ? 0 : firstStartingAtOrAfter(order, start);
    order.splice(at, 1);
    this.windowCount--;
  }

  /** Forgets a key with no window left. */
  dropIfEmpty(key: Key, keyState: KeyState): void {
    if (keyState.windows.size === 0) this.keys.delete(key);
  }

  clear(): void {
    this.keys.clear();
    this.windowCount = 0;
  }

  *windows(): Iterable<SnapshotWindow> {
    for (const [key, state] of this.keys) {
      for (const { start, end, accs } of state.windows.values()) yield { key, start, end, accs };
    }
  }

  restore(windows: readonly SnapshotWindow[]): void {
    this.clear();
    for (const w of windows) this.create(this.keyState(w.key), w.start, w.end).accs = w.accs;
  }
}

/** The windows of every key over `[start, end)`. */
export interface Slot {
  readonly start: number;
  readonly end: number;
  /** Each key's accumulators, in order of the key's first record. */
  readonly windows: Map<Key, Acc[]>;
}

export class SlotState {
  readonly slots = new Map<number, Slot>();
  private windowCount = 0;

  /** The slots found lately (recent.ts). */
  private readonly recent: RecentSlots<Slot>;

  constructor(
    private readonly aggregators: readonly Aggregator[],
    private readonly keyTable: KeyTable,
    slide: number,
  ) {
    this.recent = new RecentSlots(slide);
  }

  /** The slot of the window starting at `start`, if it has one. */
  find(start: number): Slot | undefined {
    return this.recent.find(this.slots, start);
  }

  /** Keys are counted here rather than on the hot path: telemetry asks seldom. */
  get size(): { keys: number; windows: number } {
    if (this.slots.size <= 1) {
      return { keys: this.windowCount, windows: this.windowCount };
    }
    const keys = new Set<Key>();
    for (const slot of this.slots.values()) for (const key of slot.windows.keys()) keys.add(key);
    return { keys: keys.size, windows: this.windowCount };
  }

  /** Adds an empty slot; the caller checked that `start` has none. */
  createSlot(start: number, end: number): Slot {
    const slot: Slot = { start, end, windows: new Map() };
    this.slots.set(start, slot);
    this.recent.remember(slot);
    return slot;
  }

  /** Adds an empty window of `key` to a slot. */
  create(slot: Slot, key: Key): Acc[] {
    const accs = initAccs(this.aggregators);
    slot.windows.set(key, accs);
    this.keyTable.acquire(key);
    this.windowCount++;
    return accs;
  }

  /** Purges a slot and all its windows. */
  remove(slot: Slot): void {
    if (!this.slots.delete(slot.start)) return;
    this.recent.forget(slot);
    this.windowCount -= slot.windows.size;
    for (const key of slot.windows.keys()) this.keyTable.release(key);
  }

  clear(): void {
    this.slots.clear();
    this.recent.clear();
    this.keyTable.clear();
    this.windowCount = 0;
  }

  *windows(): Iterable<SnapshotWindow> {
    for (const { start, end, windows } of this.slots.values()) {
      for (const [key, accs] of windows) yield { key, start, end, accs };
    }
  }

  restore(windows: readonly SnapshotWindow[]): void {
    this.clear();
    for (const w of windows) {
      const slot = this.slots.get(w.start) ?? this.createSlot(w.start, w.end);
      if (slot.end !== w.end) throw new Error('window: bad window in snapshot');
      if (!slot.windows.has(w.key)) {
        this.windowCount++;
        this.keyTable.acquire(w.key);
      }
      slot.windows.set(w.key, w.accs);
    }
  }
}
