import { describe, expect, it } from 'vitest';
import { expectGoal, figure } from '../test-support/expect.js';
import { customerService } from './index.js';
import { routeExpression } from './template.js';

describe('customer-service scenario', () => {
  it('routes by intent and escalates the labelled conversations (seed 1, 40,000 messages)', async () => {
    const report = await customerService.evaluate({ seed: 1, events: 40_000 });
    expectGoal(report, 'routing accuracy (messages)');
    expectGoal(report, 'escalation precision');
    expectGoal(report, 'escalation recall');
    for (const reason of ['negative_streak', 'long_wait', 'vip_cancellation'])
      expect(figure(report, `${reason}: conversations`)).toBeGreaterThan(10);
    expect(figure(report, 'escalation wall latency p99')).toBeLessThan(250);
  });

  it('routes with the first keyword rule that matches', () => {
    expect(routeExpression()).toMatch(/^\(contains\(lower\(text\), 'cancel'\)/);
    expect(routeExpression()).toMatch(/: 'general'$/);
  });
});
