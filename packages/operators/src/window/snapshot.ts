/**
 * The checkpoint form of a window operator's state, the same for every window kind: JSON text
 * round-trips it (±Infinity watermarks as strings). Timers are not stored: they follow from the
 * windows and the watermark (see the operator).
 */

import type { Key } from '../core/runtime.js';
import type { Acc, Aggregator } from './aggregate.js';

export interface WindowSnapshot {
  version: 1;
  watermark: number | '-Infinity' | 'Infinity';
  seq: number;
  keys: [Key, [number, number, unknown[]][]][];
}

/** One live window of a key, as the snapshot sees it. */
export interface SnapshotWindow {
  key: Key;
  start: number;
  end: number;
  accs: Acc[];
}

export function encodeSnapshot(
  watermark: number,
  seq: number,
  windows: Iterable<SnapshotWindow>,
  aggs: readonly Aggregator[],
): WindowSnapshot {
  const byKey = new Map<Key, [number, number, unknown[]][]>();
  for (const { key, start, end, accs } of windows) {
    let list = byKey.get(key);
    if (list === undefined) byKey.set(key, (list = []));
    list.push([start, end, accs.map((acc, i) => aggs[i]!.toJSON(acc))]);
  }
  const wm = watermark;
  return {
    version: 1,
    watermark: wm === -Infinity ? '-Infinity' : wm === Infinity ? 'Infinity' : wm,
    seq,
    keys: [...byKey],
  };
}

/** Checks and decodes a snapshot; throws on anything that is not one. */
export function decodeSnapshot(
  data: unknown,
  aggs: readonly Aggregator[],
): { watermark: number; seq: number; windows: SnapshotWindow[] } {
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
  const windows: SnapshotWindow[] = [];
  for (const item of snap.keys) {
    const [key, list] = item as [unknown, unknown];
    if (typeof key !== 'string' || !Array.isArray(list)) {
      throw new Error('window: bad key in snapshot');
    }
    for (const w of list) {
      const [start, end, accs] = w as [unknown, unknown, unknown];
      if (
        typeof start !== 'number' ||
        typeof end !== 'number' ||
        !Array.isArray(accs) ||
        accs.length !== aggs.length
      ) {
        throw new Error('window: bad window in snapshot');
      }
      windows.push({ key, start, end, accs: accs.map((acc, i) => aggs[i]!.fromJSON(acc)) });
    }
  }
  return { watermark, seq: snap.seq, windows };
}
