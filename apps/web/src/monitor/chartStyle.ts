import { formatClock } from '../ui/liveFormat';

/** Shared recharts props: dark axes and grid, clock-time ticks, no animation (4 redraws a second). */
export const axisProps = {
  stroke: '#5b6588',
  tick: { fill: '#8d97b5', fontSize: 10 },
  tickLine: false,
  axisLine: { stroke: '#26304f' },
} as const;

export const timeAxisProps = {
  ...axisProps,
  dataKey: 't',
  type: 'number' as const,
  domain: ['dataMin', 'dataMax'] as [string, string],
  tickFormatter: (t: number) => formatClock(t),
};

/** A few evenly spaced, distinct time ticks (recharts' own ticks crowd on ms timestamps). */
export function timeTicks(rows: readonly { t: number }[], count = 4): number[] {
  const first = rows[0]?.t;
  const last = rows.at(-1)?.t;
  if (first === undefined || last === undefined) return [];
  if (last - first < 1000) return [last];
  const step = (last - first) / (count - 1);
  return Array.from({ length: count }, (_, i) => Math.round(first + i * step));
}

export const gridProps = { stroke: '#1d2645', strokeDasharray: '3 3', vertical: false } as const;

export const tooltipProps = {
  contentStyle: {
    background: '#0b1020',
    border: '1px solid #26304f',
    borderRadius: 6,
    fontSize: 11,
    padding: '6px 8px',
  },
  labelStyle: { color: '#8d97b5' },
  labelFormatter: (t: unknown) => (typeof t === 'number' ? formatClock(t) : String(t)),
  isAnimationActive: false,
} as const;

export const legendProps = {
  iconSize: 8,
  iconType: 'circle' as const,
  wrapperStyle: { fontSize: 10, lineHeight: '14px', color: '#8d97b5' },
};

/** An axis tick for a duration in ms: "0.05", "12", "1.2s". */
export function shortMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)}s`;
  if (ms >= 10) return ms.toFixed(0);
  if (ms >= 1) return ms.toFixed(1);
  return ms === 0 ? '0' : ms.toFixed(2);
}

/** An axis tick for a lag in ms, with its unit: "550ms", "2.2s", "3m". */
export function lagTick(ms: number): string {
  if (ms >= 120_000) return `${Math.round(ms / 60_000)}m`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)}s`;
  return `${Math.round(ms)}ms`;
}
