import { describe, expect, it } from 'vitest';
import { formatEventTime, formatRate, oneLine, prettyRecord, sampleEventTime } from './format';

describe('inspect format', () => {
  it('shows an event time in UTC to the millisecond, with its ms', () => {
    expect(formatEventTime(1_796_149_049_537)).toBe('2026-12-01 18:17:29.537 UTC (1796149049537)');
    expect(formatEventTime(null)).toBe('not known');
    expect(formatEventTime(Number.NaN)).toBe('not known');
    expect(formatEventTime(9e15)).toBe('9000000000000000 ms');
  });

  it('pretty-prints a record, and keeps a cut preview as the engine sent it', () => {
    expect(prettyRecord({ a: 1, b: [2] })).toBe('{\n  "a": 1,\n  "b": [\n    2\n  ]\n}');
    expect(prettyRecord('{"a":"xx… (cut)')).toBe('{"a":"xx… (cut)');
  });

  it('cuts a one-line record to its length', () => {
    expect(oneLine({ a: 1 })).toBe('{"a":1}');
    const long = oneLine({ text: 'x'.repeat(500) }, 20);
    expect(long).toHaveLength(20);
    expect(long.endsWith('…')).toBe(true);
  });

  it('reads a sample row’s event time from its window end or time field', () => {
    expect(sampleEventTime({ windowStart: 1, windowEnd: 2 })).toBe(2);
    expect(sampleEventTime({ ts: 5 })).toBe(5);
    expect(sampleEventTime({ timestamp: 'no' })).toBeNull();
  });

  it('writes rates short', () => {
    expect(formatRate(0)).toBe('0.0/s');
    expect(formatRate(72.4)).toBe('72/s');
    expect(formatRate(12_345)).toBe('12.3k/s');
  });
});
