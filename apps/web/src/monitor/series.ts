import { formatClock, formatNumber } from '../ui/liveFormat';

/**
 * Pure helpers every chart shares so that charts read the same everywhere: one colour per
 * series name, at most eight named series plus "others", Y axes as wide as their longest
 * label, integer ticks for counts, and epoch-ms values shown as clock times.
 */

/** Sixteen distinct colours readable on the dark panels. */
export const PALETTE = [
  '#22d3ee',
  '#a78bfa',
  '#34d399',
  '#fbbf24',
  '#f472b6',
  '#60a5fa',
  '#fb923c',
  '#a3e635',
  '#f87171',
  '#2dd4bf',
  '#c084fc',
  '#facc15',
  '#4ade80',
  '#e879f9',
  '#38bdf8',
  '#fda4af',
] as const;

/** The "others" series: every series beyond the busiest ones, summed. */
export const OTHERS = 'others';
export const OTHERS_COLOUR = '#8d97b5';

/** FNV-1a over the name's UTF-16 units: stable across runs, widgets and reloads. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The colour of a series, decided by its name alone: the same name has the same colour in every chart. */
export function seriesColour(name: string): string {
  if (name === OTHERS) return OTHERS_COLOUR;
  return PALETTE[hashName(name) % PALETTE.length]!;
}

/**
 * The series a chart names: the `max` busiest by current value (missing counts as 0), in
 * their given order so that legends do not reshuffle; the rest are `others`.
 */
export function topSeries(
  keys: readonly string[],
  current: (key: string) => number | null | undefined,
  max = 8,
): { shown: string[]; others: string[] } {
  if (keys.length <= max) return { shown: [...keys], others: [] };
  const value = (k: string) => {
    const v = current(k);
    return v === null || v === undefined || !Number.isFinite(v) ? 0 : v;
  };
  const busiest = new Set(
    [...keys]
      .map((k, i) => ({ k, i, v: value(k) }))
      .sort((a, b) => b.v - a.v || a.i - b.i)
      .slice(0, max)
      .map((e) => e.k),
  );
  return {
    shown: keys.filter((k) => busiest.has(k)),
    others: keys.filter((k) => !busiest.has(k)),
  };
}

type Row = { t: number } & Record<string, number | null>;

/** Rows with only the shown series plus an `others` column summing the rest (null when none has a value). */
export function foldOthers(
  rows: readonly Row[],
  shown: readonly string[],
  others: readonly string[],
): Row[] {
  if (others.length === 0) return rows as Row[];
  return rows.map((r) => {
    const out: Row = { t: r.t } as Row;
    for (const k of shown) out[k] = r[k] ?? null;
    let sum: number | null = null;
    for (const k of others) {
      const v = r[k];
      if (v !== null && v !== undefined && Number.isFinite(v)) sum = (sum ?? 0) + v;
    }
    out[OTHERS] = sum;
    return out;
  });
}

/** Largest finite value of the given keys over the rows, or 0. */
export function maxOf(rows: readonly Row[], keys: readonly string[]): number {
  let max = 0;
  for (const r of rows)
    for (const k of keys) {
      const v = r[k];
      if (v !== null && v !== undefined && Number.isFinite(v) && v > max) max = v;
    }
  return max;
}

/**
 * About `count` evenly spaced ticks from 0 (or `min` when negative) to a round value at or
 * above `max`, with steps of 1, 2 or 5 × 10^n; `integer` keeps every step whole (counts).
 */
export function niceTicks(min: number, max: number, count = 5, integer = false): number[] {
  const lo = Math.min(0, min);
  let hi = Math.max(max, lo);
  if (hi === lo) hi = lo + (integer ? Math.max(1, count - 1) : 1);
  const raw = (hi - lo) / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  if (integer) step = Math.max(1, Math.ceil(step));
  const first = Math.floor(lo / step) * step;
  const ticks: number[] = [];
  for (let v = first; v < hi + step * 0.999; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Pixels a Y axis needs so that its longest tick label is not clipped (10 px labels). */
export function axisWidth(labels: readonly string[], fontPx = 10): number {
  const longest = labels.reduce((m, l) => Math.max(m, l.length), 1);
  return Math.ceil(longest * fontPx * 0.62) + 14;
}

/** Epoch ms between 2001 and 2286: a time, when the field's name says so too. */
const EPOCH_MIN = 1e12;
const EPOCH_MAX = 1e13;
const TIME_NAME = /(^ts$|^t$|^at$|time|timestamp|^eta$|window(start|end)|(At|Ts|Time|Ms)$|date)/i;

/** Whether a field holds ms since the epoch: by its name and the value's range. */
export function isEpochField(field: string, value: unknown): boolean {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= EPOCH_MIN &&
    value < EPOCH_MAX &&
    TIME_NAME.test(field)
  );
}

/** A value as text for a table, a card or an axis: epoch-ms fields as HH:MM:SS, numbers rounded. */
export function formatValue(field: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') {
    if (isEpochField(field, value)) return formatClock(value);
    return formatNumber(value);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value);
}

/** A count tick: whole numbers only, compact beyond 100k ("1.2M"). */
export function countTick(v: number): string {
  return Number.isInteger(v) ? formatNumber(v) : '';
}

/**
 * A formatter for the ticks of a duration axis, all in the unit of the largest: "0ms", "250ms",
 * "750ms" or "0s", "0.5s", "1.5s" (never "750" beside "1.0s").
 */
export function durationTicks(ticks: readonly number[]): (ms: number) => string {
  const top = ticks.reduce((m, t) => Math.max(m, t), 0);
  const inSeconds = top >= 1000;
  const unit = inSeconds ? 1000 : 1;
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) / unit : top / unit;
  let decimals = 0;
  while (decimals < 3 && Math.abs(step * 10 ** decimals - Math.round(step * 10 ** decimals)) > 1e-9)
    decimals++;
  return (ms) => `${(ms / unit).toFixed(decimals)}${inSeconds ? 's' : 'ms'}`;
}
