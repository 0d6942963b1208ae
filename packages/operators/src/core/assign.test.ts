import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  maxTimestamp,
  mergeWindows,
  mod,
  overlapsOrTouches,
  session,
  sliding,
  tumbling,
  type Window,
} from './assign.js';

const time = fc.integer({ min: -1_000_000, max: 1_000_000 });
const length = fc.integer({ min: 1, max: 1000 });

describe('assign', () => {
  it('takes the non-negative remainder', () => {
    expect(mod(7, 5)).toBe(2);
    expect(mod(-1, 5)).toBe(4);
    expect(mod(-5, 5)).toBe(0);
    expect(mod(0, 5)).toBe(0);
  });

  it('puts t in [t - mod(t, size), … + size)', () => {
    expect(tumbling(0, 10)).toEqual({ start: 0, end: 10 });
    expect(tumbling(9, 10)).toEqual({ start: 0, end: 10 });
    expect(tumbling(10, 10)).toEqual({ start: 10, end: 20 });
    expect(tumbling(-1, 10)).toEqual({ start: -10, end: 0 });
    expect(maxTimestamp(tumbling(-1, 10))).toBe(-1);
  });

  it('tumbling: the one window of the grid that holds t', () => {
    fc.assert(
      fc.property(time, length, (t, size) => {
        const w = tumbling(t, size);
        expect(w.end - w.start).toBe(size);
        expect(w.start <= t && t < w.end).toBe(true);
        expect(Math.abs(w.start % size)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('sliding: exactly the multiples s of slide with s <= t < s + size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -300, max: 300 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        (t, size, slide) => {
          const expected: Window[] = [];
          for (let s = -1000; s <= 1000; s++) {
            if (s % slide === 0 && s <= t && t < s + size)
              expected.push({ start: s, end: s + size });
          }
          const byStart = (a: Window, b: Window) => a.start - b.start;
          expect([...sliding(t, size, slide)].sort(byStart)).toEqual(expected.sort(byStart));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('sliding with size a multiple of slide gives size / slide windows', () => {
    expect(sliding(12, 10, 5)).toEqual([
      { start: 10, end: 20 },
      { start: 5, end: 15 },
    ]);
    expect(sliding(-3, 6, 2)).toHaveLength(3);
  });

  it('session: a record opens [t, t + gap); windows that touch merge', () => {
    expect(session(5, 10)).toEqual({ start: 5, end: 15 });
    expect(overlapsOrTouches({ start: 0, end: 10 }, { start: 10, end: 20 })).toBe(true);
    expect(overlapsOrTouches({ start: 0, end: 10 }, { start: 11, end: 20 })).toBe(false);
    expect(mergeWindows([session(0, 10), session(10, 10), session(21, 10)])).toEqual([
      { start: 0, end: 20 },
      { start: 21, end: 31 },
    ]);
  });

  it('mergeWindows gives the cover of each connected group, disjoint and not touching', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 10 }),
        (times, gap) => {
          const merged = mergeWindows(times.map((t) => session(t, gap)));
          // Brute force: a point p in [min, max] is covered iff some [t, t + gap] holds it.
          const covered = (p: number) => times.some((t) => t <= p && p <= t + gap);
          for (let i = 0; i < merged.length; i++) {
            const w = merged[i]!;
            for (let p = w.start; p <= w.end; p++) expect(covered(p)).toBe(true);
            const next = merged[i + 1];
            if (next !== undefined) expect(next.start).toBeGreaterThan(w.end);
          }
          for (const t of times) {
            expect(merged.some((w) => w.start <= t && t + gap <= w.end)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
