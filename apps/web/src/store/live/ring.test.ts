import { describe, expect, it } from 'vitest';
import { createSeriesRing, lastValue, prependBounded, pushPoint, toRows } from './ring';

describe('series ring', () => {
  it('keeps the last `capacity` points, oldest first', () => {
    const ring = createSeriesRing(3);
    for (let t = 1; t <= 5; t++) pushPoint(ring, t, { a: t * 10 });
    expect(ring.length).toBe(3);
    expect(toRows(ring)).toEqual([
      { t: 3, a: 30 },
      { t: 4, a: 40 },
      { t: 5, a: 50 },
    ]);
    expect(lastValue(ring, 'a')).toBe(50);
  });

  it('does not grow with time: memory is fixed by capacity and keys', () => {
    const ring = createSeriesRing(1200);
    for (let t = 0; t < 50_000; t++) pushPoint(ring, t, { a: t, b: null });
    expect(ring.length).toBe(1200);
    expect(ring.times.length).toBe(1200);
    expect([...ring.values.values()].every((v) => v.length === 1200)).toBe(true);
  });

  it('reads a key that appears late, or is missing, as null', () => {
    const ring = createSeriesRing(4);
    pushPoint(ring, 1, { a: 1 });
    pushPoint(ring, 2, { a: 2, b: 20 });
    pushPoint(ring, 3, { b: 30 });
    expect(toRows(ring, ['a', 'b'])).toEqual([
      { t: 1, a: 1, b: null },
      { t: 2, a: 2, b: 20 },
      { t: 3, a: null, b: 30 },
    ]);
    expect(lastValue(ring, 'a')).toBeNull();
    expect(lastValue(ring, 'zzz')).toBeNull();
  });

  it('strides long rings down to maxRows and always keeps the newest point', () => {
    const ring = createSeriesRing(1000);
    for (let t = 0; t < 1000; t++) pushPoint(ring, t, { a: t });
    const rows = toRows(ring, ['a'], 100);
    expect(rows.length).toBeLessThanOrEqual(100);
    expect(rows.at(-1)).toEqual({ t: 999, a: 999 });
    expect(rows.map((r) => r.t)).toEqual([...rows.map((r) => r.t)].sort((x, y) => x - y));
  });

  it('refuses a capacity below one', () => {
    expect(() => createSeriesRing(0)).toThrow();
  });
});

describe('prependBounded', () => {
  it('puts the newest first and drops the oldest beyond capacity', () => {
    let list: number[] = [];
    list = prependBounded(list, [1, 2, 3], 4);
    expect(list).toEqual([3, 2, 1]);
    list = prependBounded(list, [4, 5], 4);
    expect(list).toEqual([5, 4, 3, 2]);
    list = prependBounded(list, [6, 7, 8, 9, 10, 11], 4);
    expect(list).toEqual([11, 10, 9, 8]);
  });
});
