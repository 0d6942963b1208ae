import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatHourMinute } from './liveFormat';

describe('formatBytes', () => {
  it('names bytes, then KB, MB and GB in units of 1024', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KB');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(20 * 1024)).toBe('20 KB');
    expect(formatBytes(3.4 * 1024 * 1024)).toBe('3.4 MB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GB');
  });

  it('never shows 1024 of a unit, nor 10.0', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.0 MB');
    expect(formatBytes(1023.6 * 1024)).toBe('1.0 MB');
    expect(formatBytes(9.97 * 1024)).toBe('10 KB');
  });

  it('shows a dash for what is not a size', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(undefined)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
    expect(formatBytes(-1)).toBe('—');
  });
});

describe('formatAge', () => {
  const now = Date.UTC(2025, 0, 15, 14, 2, 30);

  it('counts seconds, then minutes and hours, rounding down', () => {
    expect(formatAge(now, now)).toBe('just now');
    expect(formatAge(now - 999, now)).toBe('just now');
    expect(formatAge(now - 1000, now)).toBe('1 s ago');
    expect(formatAge(now - 12_400, now)).toBe('12 s ago');
    expect(formatAge(now - 59_999, now)).toBe('59 s ago');
    expect(formatAge(now - 60_000, now)).toBe('1 min ago');
    expect(formatAge(now - 3_599_000, now)).toBe('59 min ago');
    expect(formatAge(now - 3_600_000, now)).toBe('1 h ago');
  });

  it('takes a time a little ahead of this clock (another machine’s) as now', () => {
    expect(formatAge(now + 2000, now)).toBe('just now');
  });

  it('gives the date past a day', () => {
    expect(formatAge(now - 3 * 86_400_000, now)).toBe('12 Jan 2025');
  });
});

describe('formatHourMinute', () => {
  it('shows hours and minutes of the local clock', () => {
    const t = new Date(2025, 0, 15, 14, 2, 59).getTime();
    expect(formatHourMinute(t)).toBe('14:02');
  });
});
