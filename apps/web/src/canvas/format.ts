/** Compact figures for node cards and edge labels: 950, 1.2k, 3.4M. */
export function compact(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e6) return `${trim(n / 1e6)}M`;
  if (a >= 1e3) return `${trim(n / 1e3)}k`;
  return a >= 10 || Number.isInteger(n) ? String(Math.round(n)) : n.toFixed(1);
}

const trim = (x: number): string =>
  (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1)).replace(/\.0$/, '');

/** Latency in µs as a readable duration: 850µs, 12ms, 1.4s. */
export function latency(us: number | null): string {
  if (us === null) return '–';
  if (us < 1000) return `${Math.round(us)}µs`;
  if (us < 1e6) return `${trim(us / 1000)}ms`;
  return `${trim(us / 1e6)}s`;
}
