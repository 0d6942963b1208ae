import { describe, expect, it } from 'vitest';
import { expectGoal, figure } from '../test-support/expect.js';
import { recommendation } from './index.js';

describe('recommendation scenario', () => {
  it('ranks favourite items and adapts to a preference shift (seed 1, 90,000 clicks)', async () => {
    const report = await recommendation.evaluate({ seed: 1, events: 90_000 });
    expectGoal(report, 'hit rate (steady)');
    expectGoal(report, 'adaptation time');
    // Right after the shift the old interest still ranks first.
    expect(figure(report, 'hit rate, new favourites, 1st minute after the shift')).toBeLessThan(
      0.3,
    );
  });
});
