import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sliding } from './assign.js';
import {
  grouped,
  hasMoreOpenersThan,
  isDeeperThan,
  MAX_RECORD_DEPTH,
  MAX_WINDOWS_PER_RECORD,
  tooManyWindows,
  windowsPerRecord,
} from './limits.js';

describe('windows per record', () => {
  it('is the most windows the sliding assigner gives any record (brute force over one slide)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: -10_000, max: 10_000 }),
        (size, slideRaw, t0) => {
          const slide = Math.min(size, slideRaw);
          let most = 0;
          // Assignment repeats every slide: one slide of times sees every case.
          for (let t = t0; t < t0 + slide; t++)
            most = Math.max(most, sliding(t, size, slide).length);
          expect(windowsPerRecord(size, slide)).toBe(most);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses more than MAX_WINDOWS_PER_RECORD with a message naming both counts', () => {
    expect(MAX_WINDOWS_PER_RECORD).toBe(1000);
    expect(tooManyWindows(1000, 1)).toBeNull();
    expect(tooManyWindows(1999, 2)).toBeNull(); // ⌈999.5⌉ = 1000
    expect(tooManyWindows(2001, 2)).toMatch(/^a record would belong to 1,001 windows/);
    expect(tooManyWindows(86_400_000, 1)).toBe(
      'a record would belong to 86,400,000 windows (size/slide); at most 1,000 — use a larger slide',
    );
  });

  it('groups digits by thousands whatever the locale', () => {
    expect([0, 7, 999, 1000, 86_400_000, -1234].map(grouped)).toEqual([
      '0',
      '7',
      '999',
      '1,000',
      '86,400,000',
      '-1,234',
    ]);
    expect(grouped(1.5)).toBe('1.5');
  });
});

describe('record depth', () => {
  it('counts the record itself as depth 1 and each object or array within as one more', () => {
    expect(isDeeperThan({ a: 1 }, 1)).toBe(false);
    expect(isDeeperThan({ a: [1] }, 1)).toBe(true);
    expect(isDeeperThan({ a: [1] }, 2)).toBe(false);
    expect(isDeeperThan(JSON.parse('{"__proto__":{"b":{}}}'), 2)).toBe(true);
    expect(isDeeperThan('text', 0)).toBe(false);
  });

  it('walks no deeper than asked, however deep the value', () => {
    let v: unknown = 1;
    for (let i = 0; i < 200_000; i++) v = [v];
    expect(isDeeperThan(v, MAX_RECORD_DEPTH)).toBe(true);
  });

  it('counts opening brackets up to the cap', () => {
    expect(hasMoreOpenersThan('{"a":[1,{}]}', 3)).toBe(false);
    expect(hasMoreOpenersThan('{"a":[1,{}],"b":[]}', 3)).toBe(true);
    expect(hasMoreOpenersThan('"[[[["', 3)).toBe(true); // in strings too: a cheap upper bound
  });
});
