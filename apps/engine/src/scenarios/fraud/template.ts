import type { PipelineTemplate } from '@rivulet/shared-types';
import { FRAUD_RATE_PER_SEC, FRAUD_SETTINGS, simMinutes, TIME_SCALE } from './data.js';

/**
 * The rules' thresholds and windows, in simulated time (the generator's clock runs TIME_SCALE
 * times faster than event time; simMinutes converts). The evaluation sweeps each rule's main
 * threshold around the value here.
 */
export const RULES = {
  /** Card testing: this many tiny online payments (below `tinyEur`) within `withinMin`. */
  cardTesting: { min: 3, tinyEur: 2, withinMin: 30 },
  /** Velocity: this many card-present payments within `withinMin`. */
  velocity: { min: 6, withinMin: 30 },
  /** Impossible travel: card present at home, then abroad, faster than `kmh` (within `withinMin`). */
  travel: { kmh: 1000, withinMin: 240 },
  /** Night amount: between 00:00 and 05:00 at home, over `ratio` × the card's usual for the category. */
  night: { ratio: 8, beforeHour: 5 },
  /** Takeover: credentials changed, then a transfer over `ratio` × usual within `withinMin`. */
  takeover: { ratio: 4, withinMin: 60 },
};

/**
 * The card's usual spend: the mean of its payments over two simulated days, every eight hours,
 * each divided by its category's typical ratio (so a week of groceries and one TV agree).
 */
export const HISTORY = { sizeMin: 2 * 24 * 60, slideMin: 8 * 60 };
/** A payment reads the history window that closed at least this long before it (it has fired). */
export const HISTORY_GUARD_MS = 1000;

const ms = (minutes: number): number => Math.round(simMinutes(minutes));
const slideMs = ms(HISTORY.slideMin);

/**
 * Alert fields every rule emits: the rule, the card, the triggering transaction(s), the amount
 * and the reason in plain words (an expression).
 */
const alert = (
  rule: string,
  txId: string,
  txIds: string,
  reason: string,
  extra: Record<string, string> = {},
) => ({
  fields: { rule: `'${rule}'`, cardId: 'cardId', txId, txIds, reason, ...extra },
  keep: false,
});

const listOf = (step: string, n: number): string =>
  Array.from({ length: n }, (_, i) => `${step}[${i}].txId`).join(" + ',' + ");

export const FRAUD_TEMPLATE: PipelineTemplate = {
  slug: 'fraud',
  title: 'Fraud and risk: five rules, measured',
  summary:
    'Card payments at 50/s (0.2 % fraud, legitimate look-alikes). Card testing, velocity, impossible travel, night amounts and account takeover flagged with patterns, a per-card spend history (sliding window joined back) and lookups of what a bank knows.',
  scenario: 'transactions',
  document: {
    version: 1,
    name: 'Fraud and risk',
    nodes: [
      {
        id: 'payments',
        type: 'source.generator',
        params: {
          scenario: 'transactions',
          ratePerSec: FRAUD_RATE_PER_SEC,
          // Start 15 minutes (2.5 simulated days) back, replayed at once: the cards' spend
          // history is full and the dashboard tells its story within seconds.
          backlog: '15m',
          // Pattern rules fire when the watermark passes their event: let it follow the clock.
          clockWatermark: '20ms',
          seed: 1,
          ...FRAUD_SETTINGS,
        },
        position: { x: 0, y: 240 },
      },
      {
        id: 'profile',
        type: 'join.lookup',
        params: { path: 'card-profiles.jsonl', key: 'cardId' },
        position: { x: 240, y: 240 },
      },
      {
        id: 'fx',
        type: 'join.lookup',
        params: { path: 'fx-rates.jsonl', key: 'currency' },
        position: { x: 480, y: 240 },
      },
      {
        id: 'norms',
        type: 'join.lookup',
        params: { path: 'category-norms.jsonl', key: 'merchantCategory' },
        position: { x: 720, y: 240 },
      },
      {
        id: 'features',
        type: 'map',
        params: {
          fields: {
            amountEur: 'amount / perEuro',
            // What the payment would be at a grocery: the card's spend, whatever the category.
            baseEur: 'amount / perEuro / typicalRatio',
            localHour: `hour(ts * ${TIME_SCALE} + utcOffset * 3600000)`,
            pair: "homeCountry + '-' + country",
          },
        },
        position: { x: 960, y: 240 },
      },
      {
        id: 'distance',
        type: 'join.lookup',
        params: { path: 'country-distances.jsonl', key: 'pair' },
        position: { x: 1200, y: 240 },
      },
      {
        id: 'byCard',
        type: 'keyBy',
        params: { fields: ['cardId'] },
        position: { x: 1440, y: 240 },
      },
      {
        id: 'history',
        type: 'window',
        params: {
          kind: 'sliding',
          size: ms(HISTORY.sizeMin),
          slide: slideMs,
          aggregations: [
            { fn: 'avg', field: 'baseEur', as: 'usualEur' },
            { fn: 'count', field: 'baseEur', as: 'payments' },
          ],
        },
        position: { x: 1680, y: 480 },
      },
      {
        id: 'withHistory',
        type: 'join.interval',
        // The latest history window that closed at least HISTORY_GUARD_MS before the payment:
        // exactly one window end falls in an interval one slide long.
        params: {
          lowerBound: -(slideMs + HISTORY_GUARD_MS - 1),
          upperBound: -HISTORY_GUARD_MS,
          rightPrefix: 'hist_',
        },
        position: { x: 1920, y: 360 },
      },
      {
        id: 'spend',
        type: 'map',
        params: {
          fields: { spendRatio: 'round(amountEur / (hist_usualEur * typicalRatio), 2)' },
        },
        position: { x: 2160, y: 360 },
      },
      {
        id: 'cardTesting',
        type: 'pattern',
        params: {
          steps: [
            {
              name: 'tests',
              where: `type == 'payment' && channel == 'online' && amountEur < ${RULES.cardTesting.tinyEur}`,
              times: { min: RULES.cardTesting.min },
            },
          ],
          within: ms(RULES.cardTesting.withinMin),
        },
        position: { x: 1680, y: 0 },
      },
      {
        id: 'cardTestingAlert',
        type: 'map',
        params: alert(
          'card_testing',
          `tests[${RULES.cardTesting.min - 1}].txId`,
          listOf('tests', RULES.cardTesting.min),
          `'${RULES.cardTesting.min} tiny online payments within ${RULES.cardTesting.withinMin} minutes: someone testing a stolen card'`,
          { amount: `tests[${RULES.cardTesting.min - 1}].amount` },
        ),
        position: { x: 1920, y: 0 },
      },
      {
        id: 'velocity',
        type: 'pattern',
        params: {
          steps: [
            {
              name: 'burst',
              where: "type == 'payment' && channel != 'online'",
              times: { min: RULES.velocity.min },
            },
          ],
          within: ms(RULES.velocity.withinMin),
        },
        position: { x: 1680, y: 120 },
      },
      {
        id: 'velocityAlert',
        type: 'map',
        params: alert(
          'velocity',
          `burst[${RULES.velocity.min - 1}].txId`,
          listOf('burst', RULES.velocity.min),
          `'${RULES.velocity.min} payments in person within ${RULES.velocity.withinMin} minutes: far faster than cards are used'`,
          { amount: `burst[${RULES.velocity.min - 1}].amount` },
        ),
        position: { x: 1920, y: 120 },
      },
      {
        id: 'travel',
        type: 'pattern',
        params: {
          steps: [
            // Card present only: an online payment says nothing about where the card is.
            {
              name: 'home',
              where: "type == 'payment' && channel != 'online' && country == homeCountry",
            },
            {
              name: 'away',
              where: "type == 'payment' && channel != 'online' && country != homeCountry",
            },
          ],
          within: ms(RULES.travel.withinMin),
          // Every home payment before the one abroad: the latest gives the speed.
          afterMatch: 'noSkip',
        },
        position: { x: 1680, y: 240 },
      },
      {
        id: 'speed',
        type: 'filter',
        // km / simulated hours between the two, 3 simulated minutes at least.
        params: {
          expr: `away.km / max((matchEnd - matchStart) * ${TIME_SCALE} / 3600000, 0.05) >= ${RULES.travel.kmh}`,
        },
        position: { x: 1920, y: 240 },
      },
      {
        id: 'travelAlert',
        type: 'map',
        params: alert(
          'impossible_travel',
          'away.txId',
          "home.txId + ',' + away.txId",
          `'Paid in person at home, then in ' + away.country + ' faster than a plane flies'`,
          { country: 'away.country', amount: 'away.amount' },
        ),
        position: { x: 2160, y: 240 },
      },
      {
        id: 'takeover',
        type: 'pattern',
        params: {
          steps: [
            { name: 'change', where: "type == 'credential_change'" },
            {
              name: 'transfer',
              where: `type == 'payment' && merchantCategory == 'money_transfer' && spendRatio >= ${RULES.takeover.ratio}`,
            },
          ],
          within: ms(RULES.takeover.withinMin),
        },
        position: { x: 2400, y: 360 },
      },
      {
        id: 'takeoverAlert',
        type: 'map',
        params: alert(
          'account_takeover',
          'transfer.txId',
          "change.txId + ',' + transfer.txId",
          `'Credentials changed, then a transfer ' + transfer.spendRatio + ' times the usual within an hour'`,
          { amount: 'transfer.amount' },
        ),
        position: { x: 2640, y: 360 },
      },
      {
        id: 'nightAmount',
        type: 'filter',
        params: {
          expr: `type == 'payment' && localHour < ${RULES.night.beforeHour} && spendRatio >= ${RULES.night.ratio}`,
        },
        position: { x: 2400, y: 480 },
      },
      {
        id: 'nightAlert',
        type: 'map',
        params: alert(
          'night_amount',
          'txId',
          'txId',
          "'At ' + localHour + ' h, ' + spendRatio + ' times what this card usually spends at a ' + merchantCategory + ' merchant'",
          {
            amount: 'amount',
            spendRatio: 'spendRatio',
            merchantCategory: 'merchantCategory',
            localHour: 'localHour',
          },
        ),
        position: { x: 2640, y: 480 },
      },
      { id: 'allAlerts', type: 'union', params: {}, position: { x: 2880, y: 240 } },
      {
        id: 'oncePerCard',
        type: 'dedupe',
        // Twelve simulated hours: one alert per rule and card for an occurrence.
        params: { fields: ['rule', 'cardId'], ttl: ms(12 * 60) },
        position: { x: 3120, y: 240 },
      },
      {
        id: 'alerts',
        type: 'sink.dashboard',
        params: { title: 'Fraud alerts', widget: 'cards', field: 'amount', labelField: 'cardId' },
        position: { x: 3360, y: 120 },
      },
      {
        id: 'alertsByRule',
        type: 'sink.dashboard',
        params: { title: 'Alerts by rule', widget: 'bar', field: 'rule' },
        position: { x: 3360, y: 280 },
      },
      {
        id: 'byRule',
        type: 'keyBy',
        // The alerts come keyed by card: counted per card, every window would hold one.
        params: { fields: ['rule'] },
        position: { x: 3360, y: 420 },
      },
      {
        id: 'alertsPerDay',
        type: 'window',
        // A simulated day: a few alerts per rule at 0.2 % fraud.
        params: {
          kind: 'tumbling',
          size: '6m',
          aggregations: [
            { fn: 'count', as: 'alerts' },
            { fn: 'countDistinct', field: 'cardId', as: 'cards' },
          ],
        },
        position: { x: 3600, y: 420 },
      },
      {
        id: 'alertCount',
        type: 'sink.dashboard',
        params: { title: 'Alerts per rule, per simulated day', widget: 'table' },
        position: { x: 3840, y: 420 },
      },
      {
        id: 'volume',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '15s',
          aggregations: [
            { fn: 'count', as: 'payments' },
            { fn: 'sum', field: 'amountEur', as: 'amountEur' },
          ],
        },
        position: { x: 1200, y: 600 },
      },
      {
        id: 'paymentsChart',
        type: 'sink.dashboard',
        params: { title: 'Payments per simulated hour (15 s)', widget: 'line', field: 'payments' },
        position: { x: 1440, y: 600 },
      },
    ],
    edges: [
      { id: 'e1', source: 'payments', target: 'profile' },
      { id: 'e2', source: 'profile', target: 'fx' },
      { id: 'e3', source: 'fx', target: 'norms' },
      { id: 'e4', source: 'norms', target: 'features' },
      { id: 'e5', source: 'features', target: 'distance' },
      { id: 'e6', source: 'distance', target: 'byCard' },
      { id: 'e7', source: 'byCard', target: 'cardTesting' },
      { id: 'e8', source: 'cardTesting', target: 'cardTestingAlert' },
      { id: 'e9', source: 'byCard', target: 'velocity' },
      { id: 'e10', source: 'velocity', target: 'velocityAlert' },
      { id: 'e11', source: 'byCard', target: 'travel' },
      { id: 'e12', source: 'travel', target: 'speed' },
      { id: 'e13', source: 'speed', target: 'travelAlert' },
      { id: 'e14', source: 'byCard', target: 'history' },
      { id: 'e15', source: 'byCard', target: 'withHistory', targetHandle: 'left' },
      { id: 'e16', source: 'history', target: 'withHistory', targetHandle: 'right' },
      { id: 'e17', source: 'withHistory', target: 'spend' },
      { id: 'e18', source: 'spend', target: 'takeover' },
      { id: 'e19', source: 'takeover', target: 'takeoverAlert' },
      { id: 'e20', source: 'spend', target: 'nightAmount' },
      { id: 'e21', source: 'nightAmount', target: 'nightAlert' },
      { id: 'e22', source: 'cardTestingAlert', target: 'allAlerts' },
      { id: 'e23', source: 'velocityAlert', target: 'allAlerts' },
      { id: 'e24', source: 'travelAlert', target: 'allAlerts' },
      { id: 'e25', source: 'takeoverAlert', target: 'allAlerts' },
      { id: 'e26', source: 'nightAlert', target: 'allAlerts' },
      { id: 'e27', source: 'allAlerts', target: 'oncePerCard' },
      { id: 'e28', source: 'oncePerCard', target: 'alerts' },
      { id: 'e29', source: 'oncePerCard', target: 'alertsByRule' },
      { id: 'e30', source: 'oncePerCard', target: 'byRule' },
      { id: 'e31', source: 'byRule', target: 'alertsPerDay' },
      { id: 'e34', source: 'alertsPerDay', target: 'alertCount' },
      { id: 'e32', source: 'features', target: 'volume' },
      { id: 'e33', source: 'volume', target: 'paymentsChart' },
    ],
  },
};
