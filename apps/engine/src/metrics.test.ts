import * as fc from 'fast-check';
import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { percentiles } from './metrics.js';

describe('percentiles', () => {
  it('are ordered and never above the largest value recorded (buckets round up)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3_600_000_000 }), { minLength: 1, maxLength: 200 }),
        (values) => {
          const h = hdr.build({
            lowestDiscernibleValue: 1,
            highestTrackableValue: 3_600_000_000,
            numberOfSignificantValueDigits: 2,
          });
          for (const v of values) h.recordValue(v);
          const { p50, p95, p99, max } = percentiles(h);
          expect(p50!).toBeLessThanOrEqual(p95!);
          expect(p95!).toBeLessThanOrEqual(p99!);
          expect(p99!).toBeLessThanOrEqual(max!);
          expect(max!).toBeLessThanOrEqual(Math.max(...values) * 1.01);
        },
      ),
    );
  });

  it('are all null for an empty histogram', () => {
    const h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 1000 });
    expect(percentiles(h)).toEqual({ p50: null, p95: null, p99: null, max: null });
  });
});
