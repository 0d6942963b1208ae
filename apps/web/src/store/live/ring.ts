/**
 * Fixed-size time series: one ring of times and, per key, one ring of values at the same
 * slots. Memory is capacity × (keys + 1) numbers, whatever the run's length; pushing never
 * allocates once a key has its ring. A key that appears late reads NaN (a gap) before it.
 */
export interface SeriesRing {
  readonly capacity: number;
  /** Slots filled, at most capacity. */
  length: number;
  /** Next slot to write. */
  head: number;
  readonly times: Float64Array;
  readonly values: Map<string, Float64Array>;
}

export function createSeriesRing(capacity: number): SeriesRing {
  if (!Number.isInteger(capacity) || capacity < 1) throw new Error('capacity must be ≥ 1');
  return { capacity, length: 0, head: 0, times: new Float64Array(capacity), values: new Map() };
}

/** Appends one point in time; keys absent from `point` (or null) read NaN at this slot. */
export function pushPoint(
  ring: SeriesRing,
  t: number,
  point: Readonly<Record<string, number | null | undefined>>,
): void {
  const slot = ring.head;
  ring.times[slot] = t;
  for (const key of Object.keys(point)) {
    if (!ring.values.has(key)) ring.values.set(key, new Float64Array(ring.capacity).fill(NaN));
  }
  for (const [key, values] of ring.values) {
    const v = point[key];
    values[slot] = v === null || v === undefined || !Number.isFinite(v) ? NaN : v;
  }
  ring.head = (slot + 1) % ring.capacity;
  if (ring.length < ring.capacity) ring.length++;
}

/** Slot of the i-th oldest point (0 = oldest). */
function slotOf(ring: SeriesRing, i: number): number {
  return (ring.head - ring.length + i + ring.capacity) % ring.capacity;
}

/** The latest value of a key, or null. */
export function lastValue(ring: SeriesRing, key: string): number | null {
  const values = ring.values.get(key);
  if (!values || ring.length === 0) return null;
  const v = values[slotOf(ring, ring.length - 1)]!;
  return Number.isNaN(v) ? null : v;
}

export type ChartRow = { t: number } & Record<string, number | null>;

/**
 * Rows for a chart, oldest first, at most `maxRows` of them (evenly strided, always keeping
 * the newest): a chart redrawn four times a second needs no more than a few hundred points.
 */
export function toRows(
  ring: SeriesRing,
  keys: readonly string[] = [...ring.values.keys()],
  maxRows = 300,
): ChartRow[] {
  const n = ring.length;
  if (n === 0) return [];
  const stride = Math.max(1, Math.ceil(n / maxRows));
  const rows: ChartRow[] = [];
  // Walk back from the newest so the latest point is always drawn.
  for (let i = n - 1; i >= 0; i -= stride) {
    const slot = slotOf(ring, i);
    const row: ChartRow = { t: ring.times[slot]! };
    for (const key of keys) {
      const v = ring.values.get(key)?.[slot];
      row[key] = v === undefined || Number.isNaN(v) ? null : v;
    }
    rows.push(row);
  }
  return rows.reverse();
}

/** A bounded list, newest first: adding beyond `capacity` drops the oldest. */
export function prependBounded<T>(list: readonly T[], items: readonly T[], capacity: number): T[] {
  const fresh = items.slice(-capacity).reverse();
  return fresh.concat(list.slice(0, Math.max(0, capacity - fresh.length)));
}
