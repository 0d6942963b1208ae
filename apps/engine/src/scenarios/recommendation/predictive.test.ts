import { describe, expect, it } from 'vitest';
import { lastClicked, popular, trending } from './baselines.js';
import { evaluateRecommenders, listsOf, listsRecommender, type Interaction } from './predictive.js';

const at = (userId: string, itemId: string, ts: number): Interaction => ({ userId, itemId, ts });

describe('predictive recommendation metrics', () => {
  it('groups topN records into lists per shopper and click, best rank first', () => {
    const lists = listsOf([
      { userId: 'u1', itemId: 'b', rank: 2, windowStart: 5 },
      { userId: 'u1', itemId: 'a', rank: 1, windowStart: 5 },
      { userId: 'u2', itemId: 'c', rank: 1, windowStart: 5 },
    ]);
    expect(lists).toEqual([
      { userId: 'u1', ts: 5, items: ['a', 'b'] },
      { userId: 'u2', ts: 5, items: ['c'] },
    ]);
  });

  it('scores each interaction against the list emitted before it, never one from its own time', () => {
    const pipeline = listsRecommender([
      { userId: 'u1', ts: 10, items: ['x', 'y'] },
      { userId: 'u1', ts: 20, items: ['z'] },
    ]);
    const events = [at('u1', 'y', 10), at('u1', 'y', 15), at('u1', 'z', 20), at('u1', 'q', 30)];
    const { pipeline: s } = evaluateRecommenders(events, { pipeline }, { from: 0, catalogue: 4 });
    // At 10: no list before it; at 15: [x, y] holds y at rank 2; at 20: still [x, y]; at 30: [z].
    expect(s).toMatchObject({ evaluated: 4, hitAt10: 0.25, coverage: 0.75 });
    expect(s!.ndcgAt10).toBeCloseTo(1 / Math.log2(3) / 4);
    // y was new at 10 (missed) and seen before at 15; z and q were new and missed.
    expect(s!.hitAt10NewItems).toBe(0);
  });

  it('gives the baselines only the past: popular, trending over a window, last distinct items', () => {
    const events = [
      at('u1', 'a', 0),
      at('u2', 'a', 1000),
      at('u1', 'b', 2000),
      at('u2', 'b', 3000),
      at('u2', 'b', 4000),
      at('u1', 'a', 9000),
      at('u1', 'c', 10_000),
    ];
    const scores = evaluateRecommenders(
      events,
      { popular: popular(), trending: trending(5000), lastClicked: lastClicked() },
      { from: 9000, catalogue: 3 },
    );
    // At 9000: popular [b, a] (3 to 2) holds a at rank 2; trending (after 4000) is empty;
    // u1's last items [b, a] hold a at rank 2. At 10,000 c was never seen: all miss.
    expect(scores.popular).toMatchObject({ hitAt10: 0.5, evaluated: 2 });
    expect(scores.trending).toMatchObject({ hitAt10: 0, evaluated: 2 });
    expect(scores.lastClicked).toMatchObject({ hitAt10: 0.5, evaluated: 2 });
    expect(scores.lastClicked!.ndcgAt10).toBeCloseTo(1 / Math.log2(3) / 2);
  });
});
