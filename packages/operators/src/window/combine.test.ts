import { describe, expect, it } from 'vitest';
import { PaneCombiner } from './combine.js';
import type { WindowParams } from './params.js';

const params = (p: Partial<WindowParams>): WindowParams =>
  ({
    kind: 'sliding',
    size: 10_000,
    slide: 2_000,
    allowedLateness: 0,
    aggregations: [{ fn: 'count', as: 'n' }],
    ...p,
  }) as WindowParams;

describe('PaneCombiner', () => {
  it('merges only what merges exactly: count, min, max of fixed windows without lateness', () => {
    expect(PaneCombiner.of(params({}))).not.toBeNull();
    expect(PaneCombiner.of(params({ kind: 'tumbling', slide: undefined }))).not.toBeNull();
    expect(PaneCombiner.of(params({ kind: 'session', gap: 1000 }))).toBeNull();
    expect(PaneCombiner.of(params({ allowedLateness: 1000 }))).toBeNull();
    expect(PaneCombiner.of(params({ slide: 3_000 }))).toBeNull();
    expect(
      PaneCombiner.of(params({ aggregations: [{ fn: 'sum', field: 'x', as: 's' }] })),
    ).toBeNull();
    expect(
      PaneCombiner.of(params({ aggregations: [{ fn: 'first', field: 'x', as: 'f' }] })),
    ).toBeNull();
  });

  it("counts the pane's windows that have fired at a watermark (end - 1 <= wm)", () => {
    const c = PaneCombiner.of(params({}))!;
    const pane = c.paneOf(21_500);
    expect(pane).toBe(20_000);
    // The pane's windows end at 30 000, 28 000, … 22 000.
    const fired = (wm: number) =>
      [0, 1, 2, 3, 4].filter((k) => pane + 10_000 - k * 2_000 - 1 <= wm).length;
    for (const wm of [-Infinity, 0, 21_998, 21_999, 22_000, 25_999, 27_999, 29_998, 29_999, 1e9])
      expect(c.band(pane, wm)).toBe(fired(wm));
  });

  it('merges records: counts added, the least and the greatest number kept, others ignored', () => {
    const c = PaneCombiner.of(
      params({
        aggregations: [
          { fn: 'count', as: 'n' },
          { fn: 'count', field: 'x', as: 'xs' },
          { fn: 'min', field: 'x', as: 'lo' },
          { fn: 'max', field: 'x', as: 'hi' },
        ],
      }),
    )!;
    const row = new Float64Array(8);
    c.start(row, 4);
    for (const r of [{ x: 3 }, { x: 'a' }, {}, { x: -2 }, { x: null }]) c.add(r, row, 4);
    expect([...row.subarray(4)]).toEqual([5, 3, -2, 3]);
  });
});
