import type { PipelineTemplate } from '@rivulet/shared-types';

/** The engine's demo: live card payments, large ones summed per card every 10 seconds. */
export const cardPayments: PipelineTemplate = {
  slug: 'card-payments',
  title: 'Card payments: large payments per card',
  summary:
    'Live card payments at 500/s; payments above 200 summed per card every 10 s, and labelled fraud as alerts.',
  scenario: 'transactions',
  document: {
    version: 1,
    name: 'Card payments: large payments per card',
    nodes: [
      {
        id: 'payments',
        type: 'source.generator',
        params: { scenario: 'transactions', ratePerSec: 500, seed: 1 },
        position: { x: 0, y: 80 },
      },
      {
        id: 'large',
        type: 'filter',
        params: { expr: "type == 'payment' && amount > 200" },
        position: { x: 280, y: 0 },
      },
      { id: 'byCard', type: 'keyBy', params: { fields: ['cardId'] }, position: { x: 560, y: 0 } },
      {
        id: 'per10s',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '10s',
          aggregations: [
            { fn: 'count', as: 'payments' },
            { fn: 'sum', field: 'amount', as: 'total' },
            { fn: 'countDistinct', field: 'country', as: 'countries' },
          ],
        },
        position: { x: 840, y: 0 },
      },
      {
        id: 'largePayments',
        type: 'sink.dashboard',
        params: { title: 'Large payments per card (10 s)', widget: 'table' },
        position: { x: 1120, y: 0 },
      },
      { id: 'labelled', type: 'filter', params: { expr: 'isFraud' }, position: { x: 280, y: 200 } },
      {
        id: 'fraudAlerts',
        type: 'sink.dashboard',
        params: { title: 'Labelled fraud', widget: 'alerts' },
        position: { x: 560, y: 200 },
      },
    ],
    edges: [
      { id: 'e1', source: 'payments', target: 'large' },
      { id: 'e2', source: 'large', target: 'byCard' },
      { id: 'e3', source: 'byCard', target: 'per10s' },
      { id: 'e4', source: 'per10s', target: 'largePayments' },
      { id: 'e5', source: 'payments', target: 'labelled' },
      { id: 'e6', source: 'labelled', target: 'fraudAlerts' },
    ],
  },
};
