import { describe, expect, it } from 'vitest';
import { expectGoal, metric } from '../test-support/expect.js';
import type { Report } from '../types.js';
import { logistics } from './index.js';

const num = (report: Report, path: string) => metric(report, path) as number;

/** Every goal, with enough occurrences to mean something, and ahead of the baselines. */
function expectGoalsAndBaselines(report: Report, minEpisodes: number, minLateLegs: number) {
  expectGoal(report, 'excursion.recall');
  expectGoal(report, 'excursion.precision');
  expectGoal(report, 'excursion.detectionDelayP50Sec');
  expectGoal(report, 'late.precision');
  expectGoal(report, 'late.recall');
  expect(num(report, 'excursion.episodes')).toBeGreaterThan(minEpisodes);
  expect(num(report, 'late.lateLegs')).toBeGreaterThan(minLateLegs);
  // A second failure is its own episode: the old 15 min dedupe misses some, the pipeline not.
  expect(num(report, 'excursion.repeats')).toBe(0);
  expect(num(report, 'baselines.excursion.fixedDedupe15m.recall')).toBeLessThan(
    num(report, 'excursion.recall') - 0.05,
  );
  // Open doors fool a single threshold.
  expect(num(report, 'baselines.excursion.aboveOnce.precision')).toBeLessThan(0.85);
  // Being behind now is a poor predictor of lateness at arrival; the projection is better.
  for (const baseline of ['behindNow10Min', 'etaAtCurrentSpeed'])
    expect(num(report, `baselines.late.${baseline}.precision`)).toBeLessThan(
      num(report, 'late.precision') - 0.2,
    );
  expect(num(report, 'late.leadTimeP50Sec')).toBeGreaterThan(10 * 60);
}

describe('logistics scenario', () => {
  // 100,000 readings of 100 trucks: 2.8 h of event time, ~560 excursion episodes, ~240 legs
  // arrived of which ~35 late, per seed; about 5 s each on an idle machine.
  it.each([1, 2, 3])('holds every goal on seed %i (100,000 readings)', async (seed) => {
    const report = await logistics.evaluate({ seed, events: 100_000 });
    expectGoalsAndBaselines(report, 400, 25);
  });

  // Three times the default: 8.3 h, ~1,860 episodes, ~750 legs (~130 late); about 20 s.
  it('holds every goal at 3× the default readings (seed 1, 300,000)', async () => {
    const report = await logistics.evaluate({ seed: 1, events: 300_000 });
    expectGoalsAndBaselines(report, 1500, 100);
  });
});
