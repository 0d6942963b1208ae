import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OperatorContext, Rec } from '../core/runtime.js';
import { generator } from './index.js';
import { GeneratorParams } from './params.js';

const WALL = 1_750_000_000_000;

/** A context whose clock only moves when the source sleeps. */
function fakeContext() {
  const clock = { now: WALL };
  const ctx = {
    nodeId: 'gen',
    now: () => clock.now,
    sleep: (ms: number) => {
      clock.now += ms;
      return Promise.resolve();
    },
  } as unknown as OperatorContext;
  return { clock, ctx };
}

interface Read {
  records: Rec[];
  /** Each watermark with the number of records returned before it and the clock then. */
  marks: { wm: number; before: number; at: number }[];
}

async function read(extra: Record<string, unknown>, limit: number): Promise<Read> {
  const { clock, ctx } = fakeContext();
  const params = GeneratorParams.parse({ ratePerSec: 50, seed: 3, limit, ...extra });
  const source = generator.create(params, ctx);
  const out: Read = { records: [], marks: [] };
  for (;;) {
    const batch = await source.next(64);
    if (batch === null) return out;
    out.records.push(...batch.records);
    if (batch.watermark !== undefined)
      out.marks.push({ wm: batch.watermark, before: out.records.length, at: clock.now });
  }
}

describe('source.generator clockWatermark', () => {
  it('is a duration, absent by default', () => {
    expect(GeneratorParams.parse({}).clockWatermark).toBeUndefined();
    expect(GeneratorParams.parse({ clockWatermark: '20ms' }).clockWatermark).toBe(20);
  });

  it('never makes a record late, and changes no record (random scenarios, rates, disorder)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('transactions', 'sensors', 'clickstream', 'conversations'),
        fc.integer({ min: 5, max: 500 }),
        fc.constantFrom(0, 5, 300, 2000),
        fc.integer({ min: 5, max: 200 }),
        fc.integer({ min: 1, max: 1000 }),
        async (scenario, ratePerSec, maxOutOfOrderness, tick, seed) => {
          const common = { scenario, ratePerSec, maxOutOfOrderness, seed };
          const plain = await read(common, 200);
          const ticked = await read({ ...common, clockWatermark: tick }, 200);
          expect(ticked.records).toEqual(plain.records);
          for (const { wm, before } of ticked.marks)
            for (const r of ticked.records.slice(before))
              expect(r.ts as number).toBeGreaterThan(wm);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('follows the clock between events: the watermark passes an event within a tick of its time', async () => {
    // 1 event/s on average, ticks of 20 ms: most of the time nothing is due.
    const { records, marks } = await read(
      { scenario: 'transactions', ratePerSec: 1, clockWatermark: '20ms', maxOutOfOrderness: 0 },
      30,
    );
    expect(marks.length).toBeGreaterThan(100);
    for (const [i, r] of records.slice(0, -1).entries()) {
      // The first watermark at or past the event: the clock then is at most a tick after its time.
      const passed = marks.find((m) => m.before > i && m.wm >= (r.ts as number));
      expect(passed, `a watermark passes event ${i}`).toBeDefined();
      expect(passed!.at - (WALL + ((r.ts as number) - (records[0]!.ts as number)))).toBeLessThan(
        1000,
      );
    }
  });
});
