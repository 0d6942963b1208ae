import type { PipelineTemplate } from '@rivulet/shared-types';
import { describe, expect, it } from 'vitest';
import {
  SERVICE_RATE_PER_SEC,
  SERVICE_SETTINGS,
  SERVICE_TEMPLATE,
  routeExpression,
} from '../../scenarios/customerService/template.js';
import {
  FRAUD_RATE_PER_SEC,
  FRAUD_SETTINGS,
  simMinutes,
  TIME_SCALE,
} from '../../scenarios/fraud/data.js';
import {
  FRAUD_TEMPLATE,
  HISTORY,
  HISTORY_GUARD_MS,
  RULES,
} from '../../scenarios/fraud/template.js';
import {
  LATE_MIN,
  LOGISTICS_SETTINGS,
  LOGISTICS_TEMPLATE,
} from '../../scenarios/logistics/template.js';
import {
  RECOMMENDATION_TEMPLATE,
  SHOP_RATE_PER_SEC,
  SHOP_SETTINGS,
} from '../../scenarios/recommendation/template.js';

/*
 * The template documents are JSON with literal values; the scenario code keeps the numbers it
 * needs to evaluate them (rates, the generator's settings, the rules' thresholds). Here the two
 * must agree: change one without the other and this says which node parts.
 */

const params = (t: PipelineTemplate, id: string): Record<string, unknown> => {
  const node = t.document.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`${t.slug} has no node ${id}`);
  return node.params;
};
/** Event-time ms of simulated minutes, as the pattern and window params hold them. */
const ms = (minutes: number) => Math.round(simMinutes(minutes));

describe('fraud.json agrees with the fraud scenario', () => {
  it('generates at its rate with its settings', () => {
    expect(params(FRAUD_TEMPLATE, 'payments')).toMatchObject({
      scenario: 'transactions',
      ratePerSec: FRAUD_RATE_PER_SEC,
      ...FRAUD_SETTINGS,
    });
    expect(params(FRAUD_TEMPLATE, 'features')).toMatchObject({
      fields: { localHour: `hour(ts * ${TIME_SCALE} + utcOffset * 3600000)` },
    });
  });

  it('keeps the spend history the shadow model reads', () => {
    const slide = ms(HISTORY.slideMin);
    expect(params(FRAUD_TEMPLATE, 'history')).toMatchObject({
      kind: 'sliding',
      size: ms(HISTORY.sizeMin),
      slide,
    });
    expect(params(FRAUD_TEMPLATE, 'withHistory')).toMatchObject({
      lowerBound: -(slide + HISTORY_GUARD_MS - 1),
      upperBound: -HISTORY_GUARD_MS,
    });
  });

  it('has the rules’ thresholds and windows', () => {
    const { cardTesting, velocity, travel, night, takeover } = RULES;
    expect(params(FRAUD_TEMPLATE, 'cardTesting')).toEqual({
      steps: [
        {
          name: 'tests',
          where: `type == 'payment' && channel == 'online' && amountEur < ${cardTesting.tinyEur}`,
          times: { min: cardTesting.min },
        },
      ],
      within: ms(cardTesting.withinMin),
    });
    expect(params(FRAUD_TEMPLATE, 'cardTestingAlert')).toMatchObject({
      fields: {
        txId: `tests[${cardTesting.min - 1}].txId`,
        reason: `'${cardTesting.min} tiny online payments within ${cardTesting.withinMin} minutes: someone testing a stolen card'`,
      },
    });
    expect(params(FRAUD_TEMPLATE, 'velocity')).toMatchObject({
      steps: [{ name: 'burst', times: { min: velocity.min } }],
      within: ms(velocity.withinMin),
    });
    expect(params(FRAUD_TEMPLATE, 'velocityAlert')).toMatchObject({
      fields: {
        txId: `burst[${velocity.min - 1}].txId`,
        reason: `'${velocity.min} payments in person within ${velocity.withinMin} minutes: far faster than cards are used'`,
      },
    });
    expect(params(FRAUD_TEMPLATE, 'travel')).toMatchObject({ within: ms(travel.withinMin) });
    expect(params(FRAUD_TEMPLATE, 'speed')).toEqual({
      expr: `away.km / max((matchEnd - matchStart) * ${TIME_SCALE} / 3600000, 0.05) >= ${travel.kmh}`,
    });
    expect(params(FRAUD_TEMPLATE, 'takeover')).toMatchObject({
      steps: [
        { name: 'change' },
        {
          name: 'transfer',
          where: `type == 'payment' && merchantCategory == 'money_transfer' && spendRatio >= ${takeover.ratio}`,
        },
      ],
      within: ms(takeover.withinMin),
    });
    expect(params(FRAUD_TEMPLATE, 'nightAmount')).toEqual({
      expr: `type == 'payment' && localHour < ${night.beforeHour} && spendRatio >= ${night.ratio}`,
    });
  });
});

describe('logistics.json agrees with the logistics scenario', () => {
  it('generates with its settings and warns past its lateness', () => {
    expect(params(LOGISTICS_TEMPLATE, 'trucks')).toMatchObject({
      scenario: 'sensors',
      ...LOGISTICS_SETTINGS,
    });
    expect(params(LOGISTICS_TEMPLATE, 'projectedLate')).toEqual({
      expr: `status != 'arrived' && projectedLateMin > ${LATE_MIN}`,
    });
    expect(params(LOGISTICS_TEMPLATE, 'lateAlert')).toMatchObject({
      fields: {
        reason: `'Expected over ${LATE_MIN} min late at its next drop on route ' + routeId`,
      },
    });
    expect(LOGISTICS_TEMPLATE.summary).toContain(`over ${LATE_MIN} min behind the timetable`);
  });
});

describe('recommendation.json agrees with the recommendation scenario', () => {
  it('generates at its rate with its settings', () => {
    expect(params(RECOMMENDATION_TEMPLATE, 'clicks')).toMatchObject({
      scenario: 'clickstream',
      ratePerSec: SHOP_RATE_PER_SEC,
      ...SHOP_SETTINGS,
    });
  });
});

describe('customer-service.json agrees with the customer service scenario', () => {
  it('generates at its rate with its settings and routes by the scenario’s keywords', () => {
    expect(params(SERVICE_TEMPLATE, 'messages')).toMatchObject({
      scenario: 'conversations',
      ratePerSec: SERVICE_RATE_PER_SEC,
      ...SERVICE_SETTINGS,
    });
    expect(params(SERVICE_TEMPLATE, 'route')).toEqual({
      fields: { route: `from == 'customer' ? (${routeExpression()}) : null` },
    });
  });
});
