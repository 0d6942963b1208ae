import { FRAUD_TYPES } from '@rivulet/operators';
import { describe, expect, it } from 'vitest';
import { expectGoal, figure, LATENCY_P99_TEST_BOUND_MS } from '../test-support/expect.js';
import type { Report } from '../types.js';
import { cardProfiles, categoryNorms, countryDistances } from './data.js';
import { fraud } from './index.js';

describe('fraud scenario', () => {
  let report: Report;

  // 50 min of event time: impossible-travel occurrences need 30 min to be counted.
  it('runs bounded on seed 1 (150,000 payments, 50 min of event time)', async () => {
    report = await fraud.evaluate({ seed: 1, events: 150_000 });
    expect(report.figures.length).toBeGreaterThan(0);
  });

  it.each([...FRAUD_TYPES])('%s: recall ≥ 0.95 and precision ≥ 0.9', (type) => {
    expect(figure(report, `${type}: occurrences`)).toBeGreaterThanOrEqual(20);
    expectGoal(report, `${type} recall`);
    expectGoal(report, `${type} precision`);
  });

  it.each([...FRAUD_TYPES])('%s: alerts within 50 ms of the event’s ingestion (median)', (type) => {
    expect(figure(report, `${type}: latency p50`)).toBeLessThan(50);
    expect(figure(report, `${type}: latency p99`)).toBeLessThan(LATENCY_P99_TEST_BOUND_MS);
  });
});

describe('fraud reference data', () => {
  it('profiles every card with its home country, usual spend and UTC offset', () => {
    const profiles = cardProfiles(1).lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(profiles).toHaveLength(10_000);
    expect(profiles[0]).toEqual({
      cardId: 'c0',
      homeCountry: expect.any(String),
      usualAmount: expect.any(Number),
      utcOffset: expect.any(Number),
    });
  });

  it('learns a typical spend per merchant category from history', () => {
    const norms = new Map(
      categoryNorms(1).lines.map((l) => {
        const row = JSON.parse(l) as { merchantCategory: string; typicalRatio: number };
        return [row.merchantCategory, row.typicalRatio];
      }),
    );
    expect(norms.size).toBe(10);
    expect(norms.get('travel')!).toBeGreaterThan(norms.get('grocery')! * 3);
  });

  it('measures distances between countries both ways', () => {
    const km = new Map(
      countryDistances().lines.map((l) => {
        const row = JSON.parse(l) as { pair: string; km: number };
        return [row.pair, row.km];
      }),
    );
    expect(km.get('NL-NL')).toBe(0);
    expect(km.get('NL-DE')).toBe(km.get('DE-NL'));
    expect(km.get('GB-AU')!).toBeGreaterThan(15_000);
  });
});
