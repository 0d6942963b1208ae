/** An event time as the user reads it: UTC date and time to the millisecond, and the raw ms. */
export function formatEventTime(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return 'not known';
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return `${ms} ms`;
  return `${d.toISOString().replace('T', ' ').replace('Z', ' UTC')} (${ms})`;
}

/** A record as pretty JSON; a cut preview (a string from the engine) stays as it came. */
export function prettyRecord(record: unknown): string {
  if (typeof record === 'string') return record;
  return JSON.stringify(record, null, 2) ?? String(record);
}

/** A record on one line, cut to `max` characters, for a list row. */
export function oneLine(record: unknown, max = 160): string {
  const text = typeof record === 'string' ? record : (JSON.stringify(record) ?? String(record));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A rate in records per second, short. */
export function formatRate(perSecond: number): string {
  if (perSecond >= 1000) return `${(perSecond / 1000).toFixed(1)}k/s`;
  return `${perSecond >= 10 ? Math.round(perSecond) : perSecond.toFixed(1)}/s`;
}

/** The event time a sink's sample row carries (its window's end or time field), if any. */
export function sampleEventTime(record: Record<string, unknown>): number | null {
  for (const field of ['windowEnd', 'ts', 'timestamp']) {
    const v = record[field];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}
