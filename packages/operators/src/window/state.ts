/**
 * Keyed window state as plain data: per key, its live windows by start, each with one
 * accumulator per aggregation. Windows of one key never share a start (fixed windows of one
 * size are distinct by start, session windows are disjoint), so the start identifies them.
 * `snapshot()` gives JSON-safe data and `restore()` takes it back. Timers are not stored: they
 * follow from the windows and the watermark (see the operator).
 */

import type { Key } from '../core/runtime.js';
import type { Acc, Aggregator } from './aggregate.js';

export interface WindowEntry {
  start: number;
  end: number;
  accs: Acc[];
}

export interface KeyState {
  windows: Map<number, WindowEntry>;
  /** The key's values (JSON.parse of the key), parsed on first output. */
  values: unknown[] | null;
}

/** The checkpoint form: JSON text round-trips it (±Infinity watermarks as strings). */
export interface WindowSnapshot {
  version: 1;
  watermark: number | '-Infinity' | 'Infinity';
  seq: number;
  keys: [Key, [number, number, unknown[]][]][];
}

export class WindowState {
  readonly keys = new Map<Key, KeyState>();
  /** The last watermark seen: W of spec §5. */
  watermark = -Infinity;
  /** Arrival number of the next record (first/last by arrival, across session merges). */
  seq = 0;
  private windowCount = 0;

  constructor(private readonly aggregators: readonly Aggregator[]) {}

  get size(): { keys: number; windows: number } {
    return { keys: this.keys.size, windows: this.windowCount };
  }

  keyState(key: Key): KeyState {
    let state = this.keys.get(key);
    if (state === undefined) {
      state = { windows: new Map(), values: null };
      this.keys.set(key, state);
    }
    return state;
  }

  get(key: Key, start: number): WindowEntry | undefined {
    return this.keys.get(key)?.windows.get(start);
  }

  /** Adds an empty window to a key's state. */
  create(keyState: KeyState, start: number, end: number): WindowEntry {
    const aggs = this.aggregators;
    const accs = new Array<Acc>(aggs.length);
    for (let i = 0; i < aggs.length; i++) accs[i] = aggs[i]!.init();
    const entry: WindowEntry = { start, end, accs };
    keyState.windows.set(start, entry);
    this.windowCount++;
    return entry;
  }

  /** Removes a window (merged away or purged); the key stays, see `dropIfEmpty`. */
  remove(keyState: KeyState, start: number): void {
    if (keyState.windows.delete(start)) this.windowCount--;
  }

  /** Forgets a key with no window left. */
  dropIfEmpty(key: Key, keyState: KeyState): void {
    if (keyState.windows.size === 0) this.keys.delete(key);
  }

  clear(): void {
    this.keys.clear();
    this.windowCount = 0;
  }

  snapshot(): WindowSnapshot {
    const aggs = this.aggregators;
    const keys: WindowSnapshot['keys'] = [];
    for (const [key, state] of this.keys) {
      const windows: [number, number, unknown[]][] = [];
      for (const entry of state.windows.values()) {
        windows.push([entry.start, entry.end, entry.accs.map((acc, i) => aggs[i]!.toJSON(acc))]);
      }
      keys.push([key, windows]);
    }
    const wm = this.watermark;
    return {
      version: 1,
      watermark: wm === -Infinity ? '-Infinity' : wm === Infinity ? 'Infinity' : wm,
      seq: this.seq,
      keys,
    };
  }

  restore(data: unknown): void {
    const snap = data as Partial<WindowSnapshot> | null;
    if (
      snap === null ||
      typeof snap !== 'object' ||
      snap.version !== 1 ||
      typeof snap.seq !== 'number' ||
      !Array.isArray(snap.keys)
    ) {
      throw new Error('window: not a window snapshot');
    }
    const wm = snap.watermark;
    const watermark = wm === '-Infinity' ? -Infinity : wm === 'Infinity' ? Infinity : wm;
    if (typeof watermark !== 'number' || Number.isNaN(watermark)) {
      throw new Error('window: bad watermark in snapshot');
    }
    this.clear();
    this.watermark = watermark;
    this.seq = snap.seq;
    const aggs = this.aggregators;
    for (const item of snap.keys) {
      const [key, windows] = item as [unknown, unknown];
      if (typeof key !== 'string' || !Array.isArray(windows)) {
        throw new Error('window: bad key in snapshot');
      }
      const keyState = this.keyState(key);
      for (const w of windows) {
        const [start, end, accs] = w as [unknown, unknown, unknown];
        if (
          typeof start !== 'number' ||
          typeof end !== 'number' ||
          !Array.isArray(accs) ||
          accs.length !== aggs.length
        ) {
          throw new Error('window: bad window in snapshot');
        }
        const entry = this.create(keyState, start, end);
        for (let i = 0; i < aggs.length; i++) entry.accs[i] = aggs[i]!.fromJSON(accs[i]);
      }
      if (keyState.windows.size === 0) this.keys.delete(key);
    }
  }
}
