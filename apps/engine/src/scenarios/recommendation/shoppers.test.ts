import { describe, expect, it } from 'vitest';
import { evaluateRecommendation, MARGIN } from './index.js';

/** As recommendation.test.ts: 10 min at 50 clicks/s, 6 of them to warm up. */
const EVENTS = 30_000;

// A file apart, so that it runs beside the three seeds.
describe('recommendation scenario, many shoppers', () => {
  it('keeps its lead with 5,000 shoppers (a tenth of the clicks each)', async () => {
    const { scores } = await evaluateRecommendation({ seed: 1, events: EVENTS, users: 5000 });
    const { pipeline, ...baselines } = scores;
    expect(pipeline!.evaluated).toBeGreaterThan(10_000);
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
