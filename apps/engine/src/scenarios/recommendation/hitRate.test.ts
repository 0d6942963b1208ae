import { describe, expect, it } from 'vitest';
import { hitRates, rankings, recoveredAt } from './hitRate.js';

describe('recommendation metrics', () => {
  const records = [
    { windowEnd: 60, userId: 'u1', itemId: 'b', rank: 2 },
    { windowEnd: 60, userId: 'u1', itemId: 'a', rank: 1 },
    { windowEnd: 60, userId: 'u2', itemId: 'c', rank: 1 },
    { windowEnd: 120, userId: 'u2', itemId: 'd', rank: 1 },
  ];

  it('groups topN records into rankings, best first', () => {
    expect(rankings(records)).toEqual([
      { at: 60, userId: 'u1', items: ['a', 'b'] },
      { at: 60, userId: 'u2', items: ['c'] },
      { at: 120, userId: 'u2', items: ['d'] },
    ]);
  });

  it('measures hit rate and precision per moment, against the favourites in force', () => {
    const fav = (user: string, at: number) => (user === 'u1' ? ['b'] : at < 100 ? ['x'] : ['d']);
    const rates = hitRates(rankings(records), fav);
    expect(rates).toEqual([
      { at: 60, users: 2, hitRate: 0.5, precision: 1 / 3 },
      { at: 120, users: 1, hitRate: 1, precision: 1 },
    ]);
    expect(recoveredAt(rates, 61, 0.9)).toBe(120);
    expect(recoveredAt(rates, 121, 0.9)).toBeNull();
  });
});
