import { describe, expect, it } from 'vitest';
import { busyColour, lag, pct } from './load';

describe('load figures', () => {
  it('colours by busy: blue idle, orange at half, red at full, clamped', () => {
    expect(busyColour(0)).toBe('rgba(59, 130, 246, 1)');
    expect(busyColour(0.5)).toBe('rgba(245, 158, 11, 1)');
    expect(busyColour(1, 0.3)).toBe('rgba(239, 68, 68, 0.3)');
    expect(busyColour(7)).toBe(busyColour(1));
    expect(busyColour(-1)).toBe(busyColour(0));
  });

  it('writes shares and lags shortly', () => {
    expect(pct(0.944)).toBe('94%');
    expect(lag(850)).toBe('850ms');
    expect(lag(2_140)).toBe('2.1s');
    expect(lag(42_000)).toBe('42s');
    expect(lag(4 * 60_000 + 5_000)).toBe('4m');
    expect(lag(3 * 3_600_000)).toBe('3h');
    expect(lag(28_923_396_000)).toBe('334d');
  });
});
