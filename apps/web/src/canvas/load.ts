/** Pure figures of a node's load for its card: colour by busy, percentages, watermark lag. */

const share = (x: number): number => Math.max(0, Math.min(1, x));

const IDLE: [number, number, number] = [59, 130, 246];
const HALF: [number, number, number] = [245, 158, 11];
const FULL: [number, number, number] = [239, 68, 68];

/** A node's colour by how busy it is, as Flink's job graph: blue idle, orange, red at 100%. */
export function busyColour(busy: number, alpha = 1): string {
  const b = share(busy);
  const [from, to, f] = b < 0.5 ? [IDLE, HALF, b * 2] : [HALF, FULL, (b - 0.5) * 2];
  const mix = from.map((c, i) => Math.round(c + (to[i]! - c) * f));
  return `rgba(${mix.join(', ')}, ${alpha})`;
}

export const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** A watermark's lag in its largest unit: 850ms, 12s, 4m, 3h, 335d (replayed data lags days). */
export function lag(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
  ];
  for (const [size, unit] of units) if (ms >= size) return `${Math.floor(ms / size)}${unit}`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
}
