import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OperatorContext, SourceRuntime } from '../core/runtime.js';
import { generator } from './index.js';
import { GeneratorParams } from './params.js';

/** A context whose clock only moves when the source sleeps. */
function clockAt(start: number): OperatorContext {
  let now = start;
  return {
    nodeId: 'gen',
    now: () => now,
    sleep: (ms: number) => {
      now += ms;
      return Promise.resolve();
    },
  } as unknown as OperatorContext;
}

interface Read {
  records: string[];
  times: number[];
}

/** Reads batches of the sizes given in turn, `count` of them (all when undefined). */
async function read(source: SourceRuntime, sizes: readonly number[], into: Read, count = Infinity) {
  for (let i = 0; i < count; i++) {
    const batch = await source.next(sizes[i % sizes.length]!);
    if (batch === null) return;
    for (const record of batch.records) into.records.push(JSON.stringify(record));
    into.times.push(...batch.times);
  }
}

// Conversations warm up for about 0.2 s a stream at 1000 events/s, longer faster: fewer runs.
const RUNS = { clickstream: 30, transactions: 30, sensors: 30, conversations: 20 } as const;
const RATES = {
  clickstream: [50, 20_000],
  transactions: [50, 20_000],
  sensors: [50, 20_000],
  conversations: [50],
};

describe.each(Object.keys(RUNS) as (keyof typeof RUNS)[])(
  'source.generator %s checkpoints',
  (scenario) => {
    it('goes on after a restore exactly as one uninterrupted run, wherever the cut', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: -1000, max: 1000 }),
          fc.option(fc.integer({ min: 1, max: 5000 })),
          fc.option(fc.constantFrom(...RATES[scenario])),
          fc.integer({ min: 1, max: 300 }),
          fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 4 }),
          fc.nat(12),
          async (seed, maxOutOfOrderness, ratePerSec, limit, sizes, cut) => {
            const params = GeneratorParams.parse({
              scenario,
              seed,
              limit,
              ...(maxOutOfOrderness === null ? {} : { maxOutOfOrderness }),
              ...(ratePerSec === null ? {} : { ratePerSec }),
            });
            const whole: Read = { records: [], times: [] };
            await read(generator.create(params, clockAt(1_000_000)), sizes, whole);

            const got: Read = { records: [], times: [] };
            const before = generator.create(params, clockAt(1_000_000));
            await read(before, sizes, got, cut);
            const position = JSON.parse(JSON.stringify(before.snapshot!())) as unknown;
            // Restored later: a paced generator keeps the event times it started with.
            const after = generator.create(params, clockAt(9_000_000));
            after.restore!(position);
            await read(after, sizes, got);
            expect(got).toEqual(whole);
          },
        ),
        { numRuns: RUNS[scenario] },
      );
    });
  },
);

describe('source.generator checkpoints', () => {
  it('does not count a record held for its time while next() sleeps', async () => {
    let wake: (() => void) | null = null;
    let holding = false;
    let now = 0;
    const ctx = {
      nodeId: 'gen',
      now: () => now,
      sleep: (ms: number) =>
        new Promise<void>((resolve) => {
          wake = () => {
            now += ms;
            resolve();
          };
          if (!holding) wake();
        }),
    } as unknown as OperatorContext;
    const params = GeneratorParams.parse({ ratePerSec: 10, startTime: 0, limit: 5 });
    const source = generator.create(params, ctx);
    const first = await source.next(10);
    expect(first?.records).toHaveLength(1);
    holding = true;
    wake = null;
    const pending = source.next(10);
    expect(wake).not.toBeNull(); // asleep until the next record is due
    expect(source.snapshot!()).toEqual({ emitted: 1, startTime: 0 });
    wake!();
    expect((await pending)?.records.length).toBeGreaterThan(0);
    expect(source.snapshot!()).toMatchObject({ emitted: 2 });
  });

  it('refuses a position that is not one', () => {
    const source = generator.create(GeneratorParams.parse({ limit: 10 }), clockAt(0));
    expect(() => source.restore!({ emitted: 11, startTime: 0 })).toThrow(/not a source.generator/);
    expect(() => source.restore!({ emitted: 1 })).toThrow(/not a source.generator/);
  });
});
