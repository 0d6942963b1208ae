import { FRAUD_TYPES } from '@rivulet/operators';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectGoal, LATENCY_P99_TEST_BOUND_MS, metric } from '../test-support/expect.js';
import type { Report } from '../types.js';
import { cardProfiles, categoryNorms, countryDistances, fxRates } from './data.js';
import { evaluateFraud } from './index.js';
import { TEMPLATE_THRESHOLDS } from './shadow.js';

/**
 * 150,000 payments a seed: 50 min of event time, 8 simulated days; recall counts the 50 to 70
 * occurrences that begin after the 13-minute warm-up. The real-clock latency run (about 22 s)
 * is made on seed 1 only, to keep the file near 80 s on a loaded machine.
 */
const EVENTS = 150_000;
const SEEDS = [1, 2, 3];

describe('fraud scenario at 0.2 % fraud with look-alikes', () => {
  const reports = new Map<number, Report>();

  beforeAll(async () => {
    for (const seed of SEEDS)
      reports.set(seed, await evaluateFraud({ seed, events: EVENTS }, { live: seed === 1 }));
  }, 300_000);

  it.each(SEEDS)('seed %i: overall precision ≥ 0.8 and recall of occurrences ≥ 0.9', (seed) => {
    const report = reports.get(seed)!;
    expect(metric(report, 'fraudRate')).toBe(0.002);
    expect(metric(report, 'occurrences') as number).toBeGreaterThanOrEqual(40);
    expectGoal(report, 'precision');
    expectGoal(report, 'recall');
    for (const type of FRAUD_TYPES)
      expect(metric(report, `byType.${type}.occurrences`) as number, type).toBeGreaterThan(5);
  });

  it.each(SEEDS)('seed %i: the rules beat both baselines at the same alert volume', (seed) => {
    const report = reports.get(seed)!;
    const precision = metric(report, 'precision') as number;
    const recall = metric(report, 'recall') as number;
    const alertsPer1000 = metric(report, 'alertsPer1000');
    for (const baseline of ['amountOver', 'random']) {
      expect(metric(report, `baselines.${baseline}.alertsPer1000`)).toBe(alertsPer1000);
      expect(metric(report, `baselines.${baseline}.precision`) as number).toBeLessThan(
        precision - 0.3,
      );
      expect(metric(report, `baselines.${baseline}.recall`) as number).toBeLessThan(recall - 0.3);
    }
  });

  it.each(SEEDS)('seed %i: each rule’s threshold trades precision for recall', (seed) => {
    const curves = metric(reports.get(seed)!, 'prCurve') as Record<
      string,
      { threshold: number; precision: number | null; recall: number | null }[]
    >;
    expect(Object.keys(curves).sort()).toEqual([...FRAUD_TYPES].sort());
    let loose = 0;
    for (const [rule, points] of Object.entries(curves)) {
      const first = points[0]!;
      const last = points[points.length - 1]!;
      expect(first.recall!, rule).toBeGreaterThanOrEqual(last.recall!);
      expect(first.precision!, rule).toBeLessThanOrEqual(last.precision!);
      if (first.precision! < 0.6) loose++;
    }
    // Loosened, most rules alert on the look-alikes: precision falls far below the goal.
    expect(loose).toBeGreaterThanOrEqual(3);
  });

  // The goal (p99 ≤ 100 ms) is what `rivulet scenario fraud --evaluate` checks; on a shared
  // test machine one descheduling of the process is the p99 of ~80 alerts, so the test holds
  // the median to 50 ms and the p99 to the shared looser bound.
  it.each(SEEDS)(
    'seed %i: the curves, computed in TypeScript, meet the pipeline at its thresholds',
    (seed) => {
      const report = reports.get(seed)!;
      const at: Record<string, number> = {
        card_testing: TEMPLATE_THRESHOLDS.cardTestingMin,
        velocity: TEMPLATE_THRESHOLDS.velocityMin,
        impossible_travel: TEMPLATE_THRESHOLDS.travelKmh,
        night_amount: TEMPLATE_THRESHOLDS.nightRatio,
        account_takeover: TEMPLATE_THRESHOLDS.takeoverRatio,
      };
      for (const type of FRAUD_TYPES) {
        const points = metric(report, `prCurve.${type}`) as { threshold: number; alerts: number }[];
        expect(points.find((p) => p.threshold === at[type])?.alerts, type).toBe(
          metric(report, `byType.${type}.alerts`),
        );
      }
    },
  );

  it('seed 1: all alerts’ live latency on the real clock, watermark waits included', () => {
    const report = reports.get(1)!;
    expect(metric(report, 'latencyAlerts') as number).toBeGreaterThanOrEqual(40);
    expect(metric(report, 'latencyP50Ms') as number).toBeLessThanOrEqual(50);
    expect(metric(report, 'latencyP99Ms') as number).toBeLessThanOrEqual(LATENCY_P99_TEST_BOUND_MS);
    expect(report.goals.map((g) => g.name)).toContain('latencyP99Ms');
  });

  it('measures every occurrence’s blockable value and counts alerts per 1,000 payments', () => {
    for (const seed of SEEDS) {
      const report = reports.get(seed)!;
      const share = metric(report, 'blockableValueShare') as number;
      expect(share).toBeGreaterThan(0);
      expect(share).toBeLessThan(1);
      expect(metric(report, 'occurrencePrecision') as number).toBeLessThanOrEqual(
        metric(report, 'precision') as number,
      );
      expect(metric(report, 'alertsPer1000') as number).toBeGreaterThan(0.2);
    }
  });
});

describe('fraud reference data', () => {
  it('profiles every card with what a bank knows: home country, UTC offset, currency, type', () => {
    const profiles = cardProfiles(1).lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(profiles).toHaveLength(5_000);
    expect(profiles[0]).toEqual({
      cardId: 'c0',
      homeCountry: expect.any(String),
      utcOffset: expect.any(Number),
      currency: expect.any(String),
      cardType: expect.stringMatching(/^(credit|debit)$/),
    });
  });

  it('learns a typical spend per merchant category from history', () => {
    const norms = new Map(
      categoryNorms(1).lines.map((l) => {
        const row = JSON.parse(l) as { merchantCategory: string; typicalRatio: number };
        return [row.merchantCategory, row.typicalRatio];
      }),
    );
    expect(norms.size).toBe(11);
    expect(norms.get('travel')!).toBeGreaterThan(norms.get('grocery')! * 3);
    expect(norms.get('transit')!).toBeLessThan(norms.get('grocery')!);
  });

  it('has a rate per euro for every billing currency and distances both ways', () => {
    const fx = fxRates().lines.map((l) => JSON.parse(l) as { currency: string; perEuro: number });
    expect(fx.find((r) => r.currency === 'EUR')?.perEuro).toBe(1);
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
