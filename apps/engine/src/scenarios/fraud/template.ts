import type { PipelineTemplate } from '@rivulet/shared-types';
import { FRAUD_RATE_PER_SEC, FRAUD_SETTINGS } from './data.js';

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

export const FRAUD_TEMPLATE: PipelineTemplate = {
  slug: 'fraud',
  title: 'Fraud and risk: five rules, measured',
  summary:
    'Card payments at 50/s with labelled fraud. Card testing, velocity, impossible travel, night amounts and account takeover flagged with patterns, windows and lookup joins on card profiles.',
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
          // Start two minutes back, replayed at once: the dashboard tells its story within seconds.
          backlog: '2m',
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
        id: 'norms',
        type: 'join.lookup',
        params: { path: 'category-norms.jsonl', key: 'merchantCategory' },
        position: { x: 480, y: 240 },
      },
      {
        id: 'features',
        type: 'map',
        params: {
          fields: {
            ratio: 'amount / usualAmount',
            categoryRatio: 'amount / (usualAmount * typicalRatio)',
            localHour: 'hour(ts + utcOffset * 3600000)',
            pair: "homeCountry + '-' + country",
          },
        },
        position: { x: 720, y: 240 },
      },
      {
        id: 'distance',
        type: 'join.lookup',
        params: { path: 'country-distances.jsonl', key: 'pair' },
        position: { x: 960, y: 240 },
      },
      {
        id: 'byCard',
        type: 'keyBy',
        params: { fields: ['cardId'] },
        position: { x: 1200, y: 240 },
      },
      {
        id: 'cardTesting',
        type: 'pattern',
        params: {
          steps: [
            { name: 'tests', where: "channel == 'online' && ratio < 0.25", times: { min: 3 } },
          ],
          within: '2m',
        },
        position: { x: 1440, y: 0 },
      },
      {
        id: 'cardTestingAlert',
        type: 'map',
        params: alert(
          'card_testing',
          'tests[2].txId',
          "tests[0].txId + ',' + tests[1].txId + ',' + tests[2].txId",
          "'Three tiny online payments within 2 minutes: someone testing a stolen card'",
          { amount: 'tests[2].amount' },
        ),
        position: { x: 1680, y: 0 },
      },
      {
        id: 'velocity',
        type: 'pattern',
        params: {
          steps: [
            {
              name: 'burst',
              where: "type == 'payment' && !(channel == 'online' && ratio < 0.25)",
              times: { min: 6 },
            },
          ],
          within: '1m',
        },
        position: { x: 1440, y: 120 },
      },
      {
        id: 'velocityAlert',
        type: 'map',
        params: alert(
          'velocity',
          'burst[5].txId',
          [0, 1, 2, 3, 4, 5].map((i) => `burst[${i}].txId`).join(" + ',' + "),
          "'Six payments within a minute: far faster than this card is ever used'",
          { amount: 'burst[5].amount' },
        ),
        position: { x: 1680, y: 120 },
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
            { name: 'away', where: "type == 'payment' && channel != 'online' && km >= 3000" },
          ],
          within: '30m',
        },
        position: { x: 1440, y: 240 },
      },
      {
        id: 'travelAlert',
        type: 'map',
        params: alert(
          'impossible_travel',
          'away.txId',
          "home.txId + ',' + away.txId",
          "'Paid in person at home, then in ' + away.country + ' within 30 minutes: the card cannot be in both places'",
          { country: 'away.country', amount: 'away.amount' },
        ),
        position: { x: 1680, y: 240 },
      },
      {
        id: 'takeover',
        type: 'pattern',
        params: {
          steps: [
            { name: 'change', where: "type == 'credential_change'" },
            {
              name: 'transfer',
              where: "type == 'payment' && merchantCategory == 'money_transfer' && ratio >= 10",
            },
          ],
          within: '10m',
        },
        position: { x: 1440, y: 360 },
      },
      {
        id: 'takeoverAlert',
        type: 'map',
        params: alert(
          'account_takeover',
          'transfer.txId',
          "change.txId + ',' + transfer.txId",
          "'Credentials changed, then a money transfer over ten times the usual amount within 10 minutes'",
          { amount: 'transfer.amount' },
        ),
        position: { x: 1680, y: 360 },
      },
      {
        id: 'nightAmount',
        type: 'filter',
        // Far above what the card usually spends at such a merchant. Transfers need twice the
        // bar: large transfers are what takeovers make, and those have their own rule.
        params: {
          expr: "type == 'payment' && localHour < 5 && categoryRatio >= 12 && (merchantCategory != 'money_transfer' || categoryRatio >= 24)",
        },
        position: { x: 1200, y: 480 },
      },
      {
        id: 'nightAlert',
        type: 'map',
        params: alert(
          'night_amount',
          'txId',
          'txId',
          "'Far above what this card usually spends at a ' + merchantCategory + ' merchant, in the small hours'",
          {
            amount: 'amount',
            ratio: 'round(ratio)',
            categoryRatio: 'round(categoryRatio)',
            merchantCategory: 'merchantCategory',
            localHour: 'localHour',
          },
        ),
        position: { x: 1440, y: 480 },
      },
      { id: 'allAlerts', type: 'union', params: {}, position: { x: 2160, y: 240 } },
      {
        id: 'oncePerCard',
        type: 'dedupe',
        params: { fields: ['rule', 'cardId'], ttl: '10m' },
        position: { x: 2400, y: 240 },
      },
      {
        id: 'alerts',
        type: 'sink.dashboard',
        params: { title: 'Fraud alerts', widget: 'cards', field: 'amount', labelField: 'cardId' },
        position: { x: 2640, y: 120 },
      },
      {
        id: 'alertsByRule',
        type: 'sink.dashboard',
        params: { title: 'Alerts by rule', widget: 'bar', field: 'rule' },
        position: { x: 2640, y: 280 },
      },
      {
        id: 'alertsPerMinute',
        type: 'window',
        params: { kind: 'tumbling', size: '1m', aggregations: [{ fn: 'count', as: 'alerts' }] },
        position: { x: 2640, y: 420 },
      },
      {
        id: 'alertCount',
        type: 'sink.dashboard',
        params: { title: 'Alerts in the last minute', widget: 'number', field: 'alerts' },
        position: { x: 2880, y: 420 },
      },
      {
        id: 'volume',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '10s',
          aggregations: [
            { fn: 'count', as: 'payments' },
            { fn: 'sum', field: 'amount', as: 'amount' },
          ],
        },
        position: { x: 240, y: 480 },
      },
      {
        id: 'paymentsChart',
        type: 'sink.dashboard',
        params: { title: 'Payments per 10 s', widget: 'line', field: 'payments' },
        position: { x: 480, y: 480 },
      },
    ],
    edges: [
      { id: 'e1', source: 'payments', target: 'profile' },
      { id: 'e2', source: 'profile', target: 'norms' },
      { id: 'e3', source: 'norms', target: 'features' },
      { id: 'e4', source: 'features', target: 'distance' },
      { id: 'e5', source: 'distance', target: 'byCard' },
      { id: 'e6', source: 'byCard', target: 'cardTesting' },
      { id: 'e7', source: 'cardTesting', target: 'cardTestingAlert' },
      { id: 'e8', source: 'byCard', target: 'velocity' },
      { id: 'e9', source: 'velocity', target: 'velocityAlert' },
      { id: 'e11', source: 'byCard', target: 'travel' },
      { id: 'e12', source: 'travel', target: 'travelAlert' },
      { id: 'e13', source: 'byCard', target: 'takeover' },
      { id: 'e14', source: 'takeover', target: 'takeoverAlert' },
      { id: 'e15', source: 'distance', target: 'nightAmount' },
      { id: 'e16', source: 'nightAmount', target: 'nightAlert' },
      { id: 'e17', source: 'cardTestingAlert', target: 'allAlerts' },
      { id: 'e18', source: 'velocityAlert', target: 'allAlerts' },
      { id: 'e19', source: 'travelAlert', target: 'allAlerts' },
      { id: 'e20', source: 'takeoverAlert', target: 'allAlerts' },
      { id: 'e21', source: 'nightAlert', target: 'allAlerts' },
      { id: 'e22', source: 'allAlerts', target: 'oncePerCard' },
      { id: 'e23', source: 'oncePerCard', target: 'alerts' },
      { id: 'e24', source: 'oncePerCard', target: 'alertsByRule' },
      { id: 'e25', source: 'oncePerCard', target: 'alertsPerMinute' },
      { id: 'e26', source: 'alertsPerMinute', target: 'alertCount' },
      { id: 'e27', source: 'payments', target: 'volume' },
      { id: 'e28', source: 'volume', target: 'paymentsChart' },
    ],
  },
};
