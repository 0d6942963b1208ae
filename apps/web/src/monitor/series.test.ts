import { describe, expect, it } from 'vitest';
import {
  OTHERS,
  OTHERS_COLOUR,
  PALETTE,
  axisWidth,
  durationTicks,
  countTick,
  foldOthers,
  formatValue,
  isEpochField,
  niceTicks,
  seriesColour,
  topSeries,
} from './series';

describe('seriesColour', () => {
  it('gives a name the same palette colour every time, others grey', () => {
    expect(seriesColour('payments')).toBe(seriesColour('payments'));
    expect(PALETTE).toContain(seriesColour('payments'));
    expect(seriesColour(OTHERS)).toBe(OTHERS_COLOUR);
  });
  it('spreads different names over the palette', () => {
    const names = Array.from({ length: 40 }, (_, i) => `node${i}`);
    expect(new Set(names.map(seriesColour)).size).toBeGreaterThanOrEqual(10);
  });
});

describe('topSeries and foldOthers', () => {
  const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
  const current = (k: string) => Number(k.slice(1));
  it('keeps the eight busiest in their given order, the rest are others', () => {
    const { shown, others } = topSeries(keys, current, 8);
    expect(shown).toEqual(['k4', 'k5', 'k6', 'k7', 'k8', 'k9', 'k10', 'k11']);
    expect(others).toEqual(['k0', 'k1', 'k2', 'k3']);
  });
  it('keeps every series when there are few, and counts a missing value as 0', () => {
    expect(topSeries(['a', 'b'], () => null)).toEqual({ shown: ['a', 'b'], others: [] });
    const { shown } = topSeries(['a', 'b', 'c'], (k) => (k === 'c' ? 5 : undefined), 1);
    expect(shown).toEqual(['c']);
  });
  it('sums the others per row, null when none has a value', () => {
    const rows = [
      { t: 1, a: 1, b: 2, c: 3 },
      { t: 2, a: 4, b: null, c: null },
    ];
    expect(foldOthers(rows, ['a'], ['b', 'c'])).toEqual([
      { t: 1, a: 1, [OTHERS]: 5 },
      { t: 2, a: 4, [OTHERS]: null },
    ]);
    expect(foldOthers(rows, ['a', 'b', 'c'], [])).toBe(rows);
  });
});

describe('ticks', () => {
  it('gives whole steps for counts, never fractions', () => {
    expect(niceTicks(0, 3, 5, true)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0, 0, 5, true)).toEqual([0, 1, 2, 3, 4]);
    for (const max of [1, 2, 7, 13, 99, 1234])
      for (const t of niceTicks(0, max, 5, true)) expect(Number.isInteger(t)).toBe(true);
  });
  it('reaches the maximum with round steps', () => {
    expect(niceTicks(0, 16, 5)).toEqual([0, 5, 10, 15, 20]);
    expect(niceTicks(0, 0.8, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(0, 1800, 5).at(-1)).toBeGreaterThanOrEqual(1800);
  });
  it('prints count ticks only at integers', () => {
    expect(countTick(3)).toBe('3');
    expect(countTick(2.5)).toBe('');
  });
  it('makes an axis wide enough for its longest label', () => {
    expect(axisWidth(['16ms'])).toBeGreaterThan(axisWidth(['6ms']));
    expect(axisWidth(['1,800'])).toBeGreaterThanOrEqual(5 * 6);
  });
});

describe('times', () => {
  const t = Date.UTC(2026, 11, 1, 17, 4, 5);
  it('detects epoch-ms fields by name and range', () => {
    expect(isEpochField('ts', t)).toBe(true);
    expect(isEpochField('windowEnd', t)).toBe(true);
    expect(isEpochField('lastSeenAt', t)).toBe(true);
    expect(isEpochField('amount', t)).toBe(false);
    expect(isEpochField('ts', 42)).toBe(false);
  });
  it('formats them as HH:MM:SS, never as 1.8T', () => {
    expect(formatValue('windowStart', t)).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(formatValue('amount', 12.345)).toBe('12.35');
    expect(formatValue('items', ['a'])).toBe('["a"]');
  });
});

describe('durationTicks', () => {
  it('puts every tick in the unit of the largest, with as many decimals as the step needs', () => {
    const ms = durationTicks([0, 250, 500, 750, 1000]);
    expect([0, 250, 1000].map(ms)).toEqual(['0.00s', '0.25s', '1.00s']);
    const small = durationTicks([0, 5, 10, 15, 20]);
    expect([0, 15].map(small)).toEqual(['0ms', '15ms']);
    expect(durationTicks([0, 0.02, 0.04])(0.04)).toBe('0.04ms');
    expect(durationTicks([0, 20_000, 40_000])(40_000)).toBe('40s');
  });
});
