/**
 * The checkpoint form of a window operator's state, the same for every window kind: JSON text
 * round-trips it (±Infinity watermarks as strings). Timers are not stored: they follow from the
 * windows and the watermark (see the operator).
 */

import type { Key } from '../core/runtime.js';
import type { Acc, Aggregator } from './aggregate.js';
import { watermarkFromJSON, watermarkToJSON, type WatermarkJSON } from '../core/snapshot.js';

export interface WindowSnapshot {
  version: 2;
  watermark: WatermarkJSON;
  seq: number;
  /**
   * Every live window in the operator's own order (slot by slot, keys as they arrived), so that
   * a restored operator fires them in exactly the order the original would have.
   */
  windows: [Key, number, number, unknown[]][];
}

/** The first form: windows grouped by key, which lost the order of keys within a slot. */
interface WindowSnapshotV1 {
  version: 1;
  watermark: WatermarkJSON;
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
  const list: [Key, number, number, unknown[]][] = [];
  for (const { key, start, end, accs } of windows)
    list.push([key, start, end, accs.map((acc, i) => aggs[i]!.toJSON(acc))]);
  const wm = watermark;
  return {
    version: 2,
    watermark: watermarkToJSON(wm),
    seq,
    windows: list,
  };
}

/** Checks and decodes a snapshot; throws on anything that is not one. */
export function decodeSnapshot(
  data: unknown,
  aggs: readonly Aggregator[],
): { watermark: number; seq: number; windows: SnapshotWindow[] } {
  const given = data as Partial<WindowSnapshot> | Partial<WindowSnapshotV1> | null;
  if (given === null || typeof given !== 'object' || typeof given.seq !== 'number')
    throw new Error('window: not a window snapshot');
  // Version 1 grouped windows by key: flattened to the list version 2 keeps.
  const snap: Partial<WindowSnapshot> =
    given.version === 1 && Array.isArray(given.keys)
      ? {
          ...given,
          version: 2,
          windows: given.keys.flatMap(([key, list]) =>
            Array.isArray(list)
              ? list.map((w): [Key, number, number, unknown[]] => [key, ...w])
              : [[key, NaN, NaN, []]],
          ),
        }
      : (given as Partial<WindowSnapshot>);
  if (snap.version !== 2 || !Array.isArray(snap.windows))
    throw new Error('window: not a window snapshot');
  const wm = snap.watermark;
  const watermark = watermarkFromJSON(wm);
  if (typeof watermark !== 'number' || Number.isNaN(watermark)) {
    throw new Error('window: bad watermark in snapshot');
  }
  const windows: SnapshotWindow[] = [];
  for (const item of snap.windows) {
    const [key, start, end, accs] = item as [unknown, unknown, unknown, unknown];
    if (typeof key !== 'string') throw new Error('window: bad key in snapshot');
    if (
      typeof start !== 'number' ||
      typeof end !== 'number' ||
      Number.isNaN(start) ||
      !Array.isArray(accs) ||
      accs.length !== aggs.length
    ) {
      throw new Error('window: bad window in snapshot');
    }
    windows.push({ key, start, end, accs: accs.map((acc, i) => aggs[i]!.fromJSON(acc)) });
  }
  return { watermark, seq: snap.seq!, windows };
}
