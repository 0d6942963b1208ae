import { compileExpression } from '@rivulet/operators';
import { describe, expect, it } from 'vitest';
import { expectGoal, metric } from '../test-support/expect.js';
import { customerService } from './index.js';
import { routeExpression, substringRoute } from './template.js';

/** Events per seed: 24,000 messages are about 40 min of event time at 10/s, ~7,000 held-out. */
const EVENTS = 24_000;

describe('customer-service scenario', () => {
  it.each([1, 2, 3])(
    'routes held-out phrasing and escalates bad endings, holding every goal (seed %i)',
    async (seed) => {
      const report = await customerService.evaluate({ seed, events: EVENTS });
      for (const g of report.goals) expectGoal(report, g.name);
      expect(metric(report, 'heldOutMessages')).toBeGreaterThan(1000);
      expect(metric(report, 'conversationsNeedingEscalation')).toBeGreaterThan(100);
      for (const outcome of ['complained', 'abandoned', 'churned'])
        expect(metric(report, `recallByOutcome.${outcome}`), outcome).not.toBeNull();
      // What word boundaries and rules buy, on the same messages.
      const accuracy = metric(report, 'routingAccuracy') as number;
      expect(accuracy).toBeGreaterThan(
        metric(report, 'baselines.majority.routingAccuracy') as number,
      );
      expect(metric(report, 'recall')).toBeLessThan(1);
      const row = metric(report, 'confusion.billing') as Record<string, number>;
      expect(Object.values(row).reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
    },
  );

  it('routes by whole words: a keyword inside another word does not count', () => {
    const route = compileExpression(routeExpression());
    expect(routeExpression().length).toBeLessThan(2000);
    expect(route({ text: 'How much do I owe you?' })).toBe('billing');
    expect(route({ text: 'The courier never showed up.' })).toBe('delivery');
    expect(route({ text: 'Nobody showed up.' })).toBe('general');
    expect(substringRoute('Nobody showed up.')).toBe('billing');
    expect(route({ text: 'Please cancel the parcel' })).toBe('cancellation');
  });
});
