import type { PipelineTemplate } from '@rivulet/shared-types';

/**
 * The engine's demo: live card payments summed per merchant category every 10 seconds, a
 * velocity rule and the cards' credential changes as alerts, and, apart, the ground truth the
 * generator labels, for comparison. 50,000 cards at 500 payments/s: a few payments per card a
 * simulated day (the generator's day is six minutes of event time), as the fraud scenario.
 */
export const cardPayments: PipelineTemplate = {
  slug: 'card-payments',
  title: 'Card payments: volume per category, velocity alerts',
  summary:
    'Live card payments at 500/s (0.2 % fraud): payments, cards and countries per merchant category every 10 s; a velocity rule (6 payments in person within 30 simulated minutes) and credential changes as alerts; the labelled fraud beside them, as ground truth.',
  scenario: 'transactions',
  document: {
    version: 1,
    name: 'Card payments: volume per category, velocity alerts',
    nodes: [
      {
        id: 'payments',
        type: 'source.generator',
        params: {
          scenario: 'transactions',
          ratePerSec: 500,
          seed: 1,
          cards: 50_000,
          fraudRate: 0.002,
          // The velocity rule fires when the watermark passes its event: let it follow the clock.
          clockWatermark: '20ms',
        },
        position: { x: 0, y: 80 },
      },
      {
        id: 'paymentsOnly',
        type: 'filter',
        params: { expr: "type == 'payment'" },
        position: { x: 280, y: 0 },
      },
      {
        id: 'byCategory',
        type: 'keyBy',
        params: { fields: ['merchantCategory'] },
        position: { x: 560, y: 0 },
      },
      {
        id: 'per10s',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '10s',
          aggregations: [
            { fn: 'count', as: 'payments' },
            { fn: 'countDistinct', field: 'cardId', as: 'cards' },
            { fn: 'countDistinct', field: 'country', as: 'countries' },
            { fn: 'countDistinct', field: 'currency', as: 'currencies' },
          ],
        },
        position: { x: 840, y: 0 },
      },
      {
        id: 'largePayments',
        type: 'sink.dashboard',
        params: { title: 'Payments per merchant category (10 s)', widget: 'table' },
        position: { x: 1120, y: 0 },
      },
      { id: 'byCard', type: 'keyBy', params: { fields: ['cardId'] }, position: { x: 280, y: 200 } },
      {
        id: 'velocity',
        type: 'pattern',
        params: {
          steps: [
            {
              name: 'burst',
              where: "type == 'payment' && channel != 'online'",
              times: { min: 6 },
            },
          ],
          // 30 simulated minutes: the generator's clock runs 240 times faster than event time.
          within: '7500ms',
        },
        position: { x: 560, y: 200 },
      },
      {
        id: 'velocityAlert',
        type: 'map',
        params: {
          fields: {
            rule: "'velocity'",
            cardId: 'cardId',
            country: 'burst[5].country',
            reason: "'6 payments in person within 30 simulated minutes'",
          },
          keep: false,
        },
        position: { x: 840, y: 200 },
      },
      {
        id: 'credentialChange',
        type: 'filter',
        params: { expr: "type == 'credential_change'" },
        position: { x: 560, y: 320 },
      },
      {
        id: 'credentialAlert',
        type: 'map',
        params: {
          fields: {
            rule: "'credential change'",
            cardId: 'cardId',
            country: 'country',
            reason: "'Credentials changed from ' + country + ': watch the next transfers'",
          },
          keep: false,
        },
        position: { x: 840, y: 320 },
      },
      { id: 'alerts', type: 'union', params: {}, position: { x: 1120, y: 260 } },
      {
        id: 'fraudAlerts',
        type: 'sink.dashboard',
        params: { title: 'Alerts: velocity rule and credential changes', widget: 'alerts' },
        position: { x: 1400, y: 260 },
      },
      // The generator's label, on a chain of its own: what the rules are measured against.
      { id: 'labelled', type: 'filter', params: { expr: 'isFraud' }, position: { x: 280, y: 440 } },
      {
        id: 'groundTruth',
        type: 'sink.dashboard',
        params: { title: 'Ground truth: labelled fraud (for comparison)', widget: 'alerts' },
        position: { x: 560, y: 440 },
      },
    ],
    edges: [
      { id: 'e1', source: 'payments', target: 'paymentsOnly' },
      { id: 'e2', source: 'paymentsOnly', target: 'byCategory' },
      { id: 'e3', source: 'byCategory', target: 'per10s' },
      { id: 'e4', source: 'per10s', target: 'largePayments' },
      { id: 'e5', source: 'payments', target: 'byCard' },
      { id: 'e6', source: 'byCard', target: 'velocity' },
      { id: 'e7', source: 'velocity', target: 'velocityAlert' },
      { id: 'e8', source: 'velocityAlert', target: 'alerts' },
      { id: 'e9', source: 'payments', target: 'credentialChange' },
      { id: 'e10', source: 'credentialChange', target: 'credentialAlert' },
      { id: 'e11', source: 'credentialAlert', target: 'alerts' },
      { id: 'e12', source: 'alerts', target: 'fraudAlerts' },
      { id: 'e13', source: 'payments', target: 'labelled' },
      { id: 'e14', source: 'labelled', target: 'groundTruth' },
    ],
  },
};
