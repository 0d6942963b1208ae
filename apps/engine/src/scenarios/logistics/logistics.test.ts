import { describe, expect, it } from 'vitest';
import { expectGoal, figure } from '../test-support/expect.js';
import { logistics } from './index.js';

describe('logistics scenario', () => {
  it('finds the cold-chain excursions and warns of late trucks (seed 1, 60,000 readings)', async () => {
    const report = await logistics.evaluate({ seed: 1, events: 60_000 });
    expect(figure(report, 'excursion episodes counted')).toBeGreaterThan(50);
    expectGoal(report, 'excursion recall');
    expectGoal(report, 'excursion precision');
    expectGoal(report, 'excursion detection delay p50');
    expectGoal(report, 'late-warning precision');
    expect(figure(report, 'trucks warned late')).toBeGreaterThan(0);
  });
});
