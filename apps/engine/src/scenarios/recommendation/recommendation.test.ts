import { describe, expect, it } from 'vitest';
import { expectGoal, metric } from '../test-support/expect.js';
import { evaluateRecommendation, MARGIN, recommendation } from './index.js';

/**
 * 36,000 clicks are 12 min of event time at 50/s; the first 6 min warm up (the "also viewed"
 * lists appear at minute 5), so about 18,000 interactions are scored per seed.
 */
const EVENTS = 36_000;

describe('recommendation scenario', () => {
  for (const seed of [1, 2, 3]) {
    it(`beats popular, trending and last-clicked on next-interaction hit@10 and NDCG@10 (seed ${seed})`, async () => {
      const report = await recommendation.evaluate({ seed, events: EVENTS });
      for (const g of report.goals) expectGoal(report, g.name);
      expect(report.goals).toHaveLength(6);
      expect(metric(report, 'evaluated')).toBeGreaterThan(15_000);
      // It recommends items the shopper has not clicked yet, and far more of the catalogue.
      expect(metric(report, 'hitAt10NewItems')).toBeGreaterThan(0.08);
      expect(metric(report, 'coverage')).toBeGreaterThan(0.9);
      expect(metric(report, 'baselines.lastClicked.hitAt10NewItems')).toBe(0);
    });
  }

  it('keeps its lead with 5,000 shoppers (a tenth of the clicks each)', async () => {
    const { scores } = await evaluateRecommendation({ seed: 1, events: EVENTS, users: 5000 });
    const { pipeline, ...baselines } = scores;
    expect(pipeline!.evaluated).toBeGreaterThan(15_000);
    for (const [name, b] of Object.entries(baselines)) {
      expect(pipeline!.hitAt10! - b.hitAt10!, `hitAt10 over ${name}`).toBeGreaterThan(
        MARGIN.hitAt10,
      );
      expect(pipeline!.ndcgAt10! - b.ndcgAt10!, `ndcgAt10 over ${name}`).toBeGreaterThan(
        MARGIN.ndcgAt10,
      );
    }
  });
});
