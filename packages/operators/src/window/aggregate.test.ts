import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rec } from '../core/runtime.js';
import { createAggregator, type Acc, type Aggregator } from './aggregate.js';
import type { Aggregation } from './params.js';

function run(agg: Aggregation, records: Rec[]): unknown {
  const a = createAggregator(agg);
  const acc = a.init();
  records.forEach((r, seq) => a.add(acc, r, seq));
  return a.result(acc);
}

const values: Rec[] = [
  { v: 3 },
  { v: null },
  {},
  { v: 'x' },
  { v: true },
  { v: -1 },
  { v: { a: 1 } },
  { v: 3 },
];

describe('aggregations (spec §5)', () => {
  it('count counts records, or with a field the records where it is not null', () => {
    expect(run({ fn: 'count', as: 'n' }, values)).toBe(8);
    expect(run({ fn: 'count', field: 'v', as: 'n' }, values)).toBe(6);
  });

  it('sum, avg, min, max take numbers only; booleans are not numbers', () => {
    expect(run({ fn: 'sum', field: 'v', as: 's' }, values)).toBe(5);
    expect(run({ fn: 'avg', field: 'v', as: 's' }, values)).toBe(5 / 3);
    expect(run({ fn: 'min', field: 'v', as: 's' }, values)).toBe(-1);
    expect(run({ fn: 'max', field: 'v', as: 's' }, values)).toBe(3);
    expect(run({ fn: 'sum', field: 'v', as: 's' }, [{ v: true }, { v: '2' }])).toBeNull();
  });

  it('gives null when no value is left', () => {
    for (const fn of ['sum', 'avg', 'min', 'max', 'first', 'last'] as const) {
      expect(run({ fn, field: 'v', as: 'r' }, [{}, { v: null }])).toBeNull();
    }
    expect(run({ fn: 'countDistinct', field: 'v', as: 'r' }, [{}, { v: null }])).toBe(0);
  });

  it('countDistinct counts distinct non-null values compared as JSON', () => {
    const records = [{ v: 1 }, { v: '1' }, { v: 1 }, { v: { a: 1 } }, { v: { a: 1 } }, { v: null }];
    expect(run({ fn: 'countDistinct', field: 'v', as: 'd' }, records)).toBe(3);
  });

  it('first and last are the first and last non-null values by arrival', () => {
    const records = [{ v: null }, { v: 'a' }, {}, { v: 'b' }, { v: null }];
    expect(run({ fn: 'first', field: 'v', as: 'f' }, records)).toBe('a');
    expect(run({ fn: 'last', field: 'v', as: 'l' }, records)).toBe('b');
    expect(run({ fn: 'last', field: 'v', as: 'l' }, [{ v: false }, { v: 0 }])).toBe(0);
  });

  it('reads own fields only', () => {
    expect(run({ fn: 'count', field: 'constructor', as: 'n' }, [{}])).toBe(0);
  });

  const record = fc.record(
    {
      v: fc.oneof(
        fc.integer({ min: -100, max: 100 }),
        fc.constantFrom<unknown>(null, 'x', true, { a: 1 }, [2]),
      ),
    },
    { requiredKeys: [] },
  );
  const aggregation = fc.constantFrom<Aggregation>(
    { fn: 'count', as: 'r' },
    { fn: 'count', field: 'v', as: 'r' },
    { fn: 'sum', field: 'v', as: 'r' },
    { fn: 'avg', field: 'v', as: 'r' },
    { fn: 'min', field: 'v', as: 'r' },
    { fn: 'max', field: 'v', as: 'r' },
    { fn: 'countDistinct', field: 'v', as: 'r' },
    { fn: 'first', field: 'v', as: 'r' },
    { fn: 'last', field: 'v', as: 'r' },
  );

  it('merging accumulators of any split, in any order, equals adding everything to one', () => {
    fc.assert(
      fc.property(
        aggregation,
        fc.array(fc.tuple(record, fc.integer({ min: 0, max: 3 })), { maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
        (agg, items, order) => {
          const a: Aggregator = createAggregator(agg);
          const whole = a.init();
          const parts: Acc[] = [a.init(), a.init(), a.init(), a.init()];
          items.forEach(([r, part], seq) => {
            a.add(whole, r, seq);
            a.add(parts[part]!, r, seq);
          });
          const merged = a.init();
          const seen = new Set<number>();
          for (const i of [...order, 0, 1, 2, 3]) {
            if (seen.has(i)) continue;
            seen.add(i);
            a.merge(merged, parts[i]!);
          }
          expect(a.result(merged)).toEqual(a.result(whole));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('round-trips every accumulator through JSON text', () => {
    fc.assert(
      fc.property(aggregation, fc.array(record, { maxLength: 20 }), (agg, records) => {
        const a = createAggregator(agg);
        const acc = a.init();
        records.forEach((r, seq) => a.add(acc, r, seq));
        const back = a.fromJSON(JSON.parse(JSON.stringify(a.toJSON(acc))));
        expect(a.result(back)).toEqual(a.result(acc));
        a.add(back, { v: 7 }, records.length);
        a.add(acc, { v: 7 }, records.length);
        expect(a.result(back)).toEqual(a.result(acc));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a malformed accumulator from a snapshot', () => {
    expect(() =>
      createAggregator({ fn: 'sum', field: 'v', as: 's' }).fromJSON({ sum: 'x' }),
    ).toThrow();
  });
});
