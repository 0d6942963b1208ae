import type { PipelineDocument } from '@rivulet/shared-types';

/** The pipeline saved on a first start, ready to run: live payments, large ones per card. */
export const demoPipeline: PipelineDocument = {
  version: 1,
  name: 'Demo: large payments per card',
  description:
    'Generated card payments at 500 a second; payments above 200 per card per 10 seconds.',
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
      position: { x: 260, y: 80 },
    },
    { id: 'byCard', type: 'keyBy', params: { fields: ['cardId'] }, position: { x: 520, y: 80 } },
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
      position: { x: 780, y: 80 },
    },
    {
      id: 'feed',
      type: 'sink.dashboard',
      params: { title: 'Large payments per card', widget: 'table' },
      position: { x: 1040, y: 0 },
    },
    { id: 'labelled', type: 'filter', params: { expr: 'isFraud' }, position: { x: 260, y: 240 } },
    {
      id: 'flagged',
      type: 'sink.dashboard',
      params: { title: 'Labelled fraud', widget: 'alerts' },
      position: { x: 520, y: 240 },
    },
  ],
  edges: [
    { id: 'e1', source: 'payments', target: 'large' },
    { id: 'e2', source: 'large', target: 'byCard' },
    { id: 'e3', source: 'byCard', target: 'per10s' },
    { id: 'e4', source: 'per10s', target: 'feed' },
    { id: 'e5', source: 'payments', target: 'labelled' },
    { id: 'e6', source: 'labelled', target: 'flagged' },
  ],
};
