import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rec } from '../core/runtime.js';
import { createTestContext } from '../core/test-support/context.js';
import { PaneCombiner } from './combine.js';
import { WindowOperator } from './operator.js';
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

/** What a window did: its records out (in order), and its late count. */
function run(
  params: WindowParams,
  feed: (w: WindowOperator) => void,
): { out: unknown[]; late: number } {
  const t = createTestContext(['k']);
  const w = new WindowOperator(params, t.ctx);
  feed(w);
  w.onWatermark(Infinity);
  return { out: t.out.map((e) => [e.record, e.ts, e.key]), late: t.counters.lateRecords };
}

const windowParams = fc.constantFrom<Partial<WindowParams>>(
  { kind: 'tumbling', size: 2_000, slide: undefined },
  { kind: 'sliding', size: 5_000, slide: 1_000 },
  { kind: 'sliding', size: 3_000, slide: 1_500 },
);
const aggregations = [
  { fn: 'count', as: 'n' },
  { fn: 'count', field: 'x', as: 'xs' },
  { fn: 'min', field: 'x', as: 'lo' },
  { fn: 'max', field: 'x', as: 'hi' },
] as WindowParams['aggregations'];
const item = fc.record({
  key: fc.constantFrom('["a"]', '["b"]', '["c"]'),
  ts: fc.integer({ min: 0, max: 30_000 }),
  x: fc.oneof(fc.integer({ min: -50, max: 50 }), fc.constant(null)),
});
const recordOf = (i: { key: string; x: number | null }) => ({ k: i.key.slice(2, -2), x: i.x });

describe('a window fed merged records', () => {
  it('as items between watermarks: the same results, in the same order, and late counts', () => {
    fc.assert(
      fc.property(
        windowParams,
        fc.array(fc.oneof(item, fc.integer({ min: 0, max: 2_000 })), { maxLength: 300 }),
        (shape, steps) => {
          const p = params({ ...shape, aggregations });
          // Watermarks rise by the steps that are numbers.
          let wm = 0;
          const marks: number[] = [];
          const records: Rec[] = [];
          const times: number[] = [];
          const keys: string[] = [];
          for (const s of steps) {
            if (typeof s === 'number') {
              wm += s;
              marks.push(1);
              records.push(null as never);
              times.push(wm);
              keys.push('');
            } else {
              marks.push(0);
              records.push(recordOf(s));
              times.push(s.ts);
              keys.push(s.key);
            }
          }
          const one = run(p, (w) =>
            marks.forEach((m, i) =>
              m === 1 ? w.onWatermark(times[i]!) : w.onRecord(records[i]!, times[i]!, keys[i]!),
            ),
          );
          const c = PaneCombiner.of(p)!;
          const merged = c.merge(records, times, keys, null, marks)!;
          const partial = run(p, (w) =>
            merged.at.forEach((i, e) =>
              marks[i] === 1
                ? w.onWatermark(times[i]!)
                : w.onPartial(merged.rows, e * c.width, merged.counts[e]!, times[i]!, keys[i]!),
            ),
          );
          expect(partial).toEqual(one);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("as a block's records with its own watermark: the same results, in order, and late counts", () => {
    fc.assert(
      fc.property(
        windowParams,
        fc.array(item, { maxLength: 300 }),
        fc.integer({ min: 0, max: 3_000 }),
        fc.integer({ min: -1, max: 20_000 }),
        (shape, items, delay, earlier) => {
          const p = params({ ...shape, aggregations });
          const records = items.map(recordOf);
          const times = items.map((i) => i.ts);
          const keys = items.map((i) => i.key);
          // The largest time before each record: the block's own, and the earlier blocks'.
          const before: number[] = [];
          let max = -Infinity;
          for (const t of times) {
            before.push(max);
            max = Math.max(max, t);
          }
          const watermarkAt = (i: number) => Math.max(earlier, before[i]!) - delay - 1;
          const one = run(p, (w) => {
            w.onWatermark(earlier - delay - 1);
            records.forEach((r, i) => {
              w.onWatermark(watermarkAt(i));
              w.onRecord(r, times[i]!, keys[i]!);
            });
          });
          const c = PaneCombiner.of(p)!;
          const merged = c.merge(
            records,
            times,
            keys,
            (i, pane) => c.band(pane, before[i]! - delay - 1),
            null,
          )!;
          const partial = run(p, (w) => {
            w.onWatermark(earlier - delay - 1);
            merged.at.forEach((i, e) => {
              w.onWatermark(watermarkAt(i));
              w.onPartial(merged.rows, e * c.width, merged.counts[e]!, times[i]!, keys[i]!);
            });
          });
          expect(partial).toEqual(one);
        },
      ),
      { numRuns: 300 },
    );
  });
});
