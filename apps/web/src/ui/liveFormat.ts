/** Number and time formatting shared by the pipelines list, the monitor and the dashboard. */

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const plain = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return '—';
  return `${perSecond >= 10_000 ? compact.format(perSecond) : Math.round(perSecond).toLocaleString('en')}/s`;
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return n >= 100_000 ? compact.format(n) : n.toLocaleString('en');
}

export function formatNumber(n: number): string {
  return Math.abs(n) >= 100_000 ? compact.format(n) : plain.format(n);
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatClock(t: number): string {
  return new Date(t).toLocaleTimeString('en-GB', { hour12: false });
}

/** "just now", "5 min ago", "3 h ago", else the date. */
export function formatAgo(t: number, now = Date.now()): string {
  const s = Math.round((now - t) / 1000);
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return new Date(t).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
}

/** "just now", "12 s ago", "3 min ago", "2 h ago", else the date: an age that ticks by the second. */
export function formatAge(t: number, now = Date.now()): string {
  const s = Math.floor((now - t) / 1000);
  if (s < 1) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return formatAgo(t, now);
}

/** Hours and minutes of the wall clock, "14:02". */
export function formatHourMinute(t: number): string {
  return new Date(t).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}

const BYTE_UNITS = ['KB', 'MB', 'GB', 'TB'];

/** A size in bytes as "512 B", "1.5 KB", "20 KB", "3.4 MB" (units of 1024, as Flink shows them). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // 1023.6 KB would round to "1024 KB": say "1.0 MB" instead.
  if (value >= 1023.5 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 9.95 ? value.toFixed(1) : Math.round(value)} ${BYTE_UNITS[unit]!}`;
}

/** Fields that hold ms since the epoch in the generator's records and window outputs. */
const TIME_FIELDS = new Set(['ts', 'timestamp', 'windowStart', 'windowEnd', 'eta', 'at']);

/** A record's value as table text: times as clock times, numbers rounded, objects as JSON. */
export function formatCell(field: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') {
    if (TIME_FIELDS.has(field) && value > 1e11) return formatClock(value);
    return formatNumber(value);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value);
}

/** Columns for a table of records: the fields of the newest ones, in first-seen order. */
export function columnsOf(records: readonly Record<string, unknown>[], max = 10): string[] {
  const columns: string[] = [];
  for (const record of records.slice(0, 20)) {
    for (const key of Object.keys(record)) {
      if (!columns.includes(key)) columns.push(key);
      if (columns.length >= max) return columns;
    }
  }
  return columns;
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
