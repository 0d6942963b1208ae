import { describe, expect, it } from 'vitest';
import { COMPACT_BELOW, nameWords, compactFontPx, zoomStep } from './compactZoom';

describe('compact cards', () => {
  it('keeps the name at least 10 px on screen at every zoom down to 0.27', () => {
    for (let z = 0.27; z < COMPACT_BELOW; z += 0.01)
      expect(compactFontPx(zoomStep(z)) * zoomStep(z)).toBeGreaterThanOrEqual(10);
  });
  it('stays within what a card can hold', () => {
    expect(compactFontPx(0.01)).toBe(40);
    expect(compactFontPx(0.75)).toBe(14);
  });
  it('lets long names wrap between their words only', () => {
    expect(nameWords('escalationReasons')).toEqual(['escalation', 'Reasons']);
    expect(nameWords('wait_per_route')).toEqual(['wait_', 'per_', 'route']);
    expect(nameWords('route')).toEqual(['route']);
  });
});
