import { describe, expect, it } from 'vitest';
import { expectGoal, metric } from '../test-support/expect.js';
import { recommendation } from './index.js';

/**
 * 30,000 clicks are 10 min of event time at 50/s; the first 6 min warm up (the "also viewed"
 * lists appear at minute 5), so about 12,000 interactions are scored per seed.
 */
const EVENTS = 30_000;

describe('recommendation scenario', () => {
  for (const seed of [1, 2, 3]) {
    it(`beats popular, trending and last-clicked on next-interaction hit@10 and NDCG@10 (seed ${seed})`, async () => {
      const report = await recommendation.evaluate({ seed, events: EVENTS });
      for (const g of report.goals) expectGoal(report, g.name);
      expect(report.goals).toHaveLength(6);
      expect(metric(report, 'evaluated')).toBeGreaterThan(10_000);
      // It recommends items the shopper has not clicked yet, and far more of the catalogue.
      expect(metric(report, 'hitAt10NewItems')).toBeGreaterThan(0.08);
      expect(metric(report, 'coverage')).toBeGreaterThan(0.9);
      expect(metric(report, 'baselines.lastClicked.hitAt10NewItems')).toBe(0);
    });
  }
});
