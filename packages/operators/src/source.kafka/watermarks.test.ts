import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PartitionWatermarks } from './watermarks.js';

type Step =
  { kind: 'record'; partition: number; ts: number; dt: number } | { kind: 'tick'; dt: number };

/**
 * Brute force, from the whole history at each step: a partition is idle when a tick saw it
 * silent for idleMs and no record of it came since; the watermark is the largest, over the
 * steps so far, of the minimum of (largest time − delay − 1) over the partitions not idle.
 */
function model(partitions: number, delay: number, idleMs: number | null, steps: Step[]): number[] {
  const out: number[] = [];
  let now = 0;
  const history: { step: Step; now: number }[] = [];
  let best = Number.NEGATIVE_INFINITY;
  for (const step of steps) {
    now += step.dt;
    history.push({ step, now });
    const candidate = (() => {
      let min = Number.POSITIVE_INFINITY;
      for (let p = 0; p < partitions; p++) {
        const mine = history.filter((h) => h.step.kind === 'record' && h.step.partition === p);
        const largest = Math.max(
          Number.NEGATIVE_INFINITY,
          ...mine.map((h) => (h.step as { ts: number }).ts),
        );
        const lastSeen = mine.length > 0 ? mine.at(-1)!.now : 0;
        const idle =
          idleMs !== null &&
          history.some(
            (h) => h.step.kind === 'tick' && h.now >= lastSeen && h.now - lastSeen >= idleMs,
          );
        if (!idle) min = Math.min(min, largest);
      }
      return min === Number.POSITIVE_INFINITY ? Number.NEGATIVE_INFINITY : min - delay - 1;
    })();
    best = Math.max(best, candidate);
    out.push(best);
  }
  return out;
}

describe('PartitionWatermarks', () => {
  it('is the minimum over partitions, and an idle partition stops holding it back', () => {
    const w = new PartitionWatermarks(1000, 5000);
    w.assign([0, 1], 0);
    expect(w.onRecord(0, 10_000, 0)).toBe(Number.NEGATIVE_INFINITY); // partition 1 has nothing yet
    expect(w.onRecord(1, 8_000, 100)).toBe(6_999);
    expect(w.onRecord(1, 20_000, 200)).toBe(8_999);
    expect(w.tick(4_000)).toBe(8_999);
    expect(w.tick(5_100)).toBe(18_999); // partition 0 silent for 5.1 s: idle
    expect(w.onRecord(0, 12_000, 5_200)).toBe(18_999); // back, but the watermark never goes back
    expect(w.onRecord(0, 30_000, 5_300)).toBe(18_999); // min is partition 1's again
  });

  it('stays where it is while every partition is idle', () => {
    const w = new PartitionWatermarks(0, 1000);
    w.assign([0, 1], 0);
    w.onRecord(0, 5000, 0);
    w.onRecord(1, 7000, 0);
    expect(w.tick(2000)).toBe(4999); // both idle at once: no partition left to rise by
  });

  it('goes on from the largest times a checkpoint kept', () => {
    const w = new PartitionWatermarks(0, null);
    w.assign(
      [0, 1],
      0,
      new Map([
        [0, 100],
        [1, 50],
      ]),
    );
    expect(w.onRecord(0, 120, 0)).toBe(49);
  });

  it('matches a brute-force model of per-partition watermarks with idleness', () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('record' as const),
        partition: fc.integer({ min: 0, max: 2 }),
        ts: fc.integer({ min: 0, max: 100_000 }),
        dt: fc.integer({ min: 0, max: 3000 }),
      }),
      fc.record({ kind: fc.constant('tick' as const), dt: fc.integer({ min: 0, max: 8000 }) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }),
        fc.array(step, { maxLength: 60 }),
        (partitions, delay, idleMs, raw) => {
          const steps = raw.map((s) =>
            s.kind === 'record' ? { ...s, partition: s.partition % partitions } : s,
          );
          const w = new PartitionWatermarks(delay, idleMs);
          w.assign(
            Array.from({ length: partitions }, (_, i) => i),
            0,
          );
          let now = 0;
          const got = steps.map((s) => {
            now += s.dt;
            return s.kind === 'record' ? w.onRecord(s.partition, s.ts, now) : w.tick(now);
          });
          expect(got).toEqual(model(partitions, delay, idleMs, steps));
        },
      ),
      { numRuns: 300 },
    );
  });
});
