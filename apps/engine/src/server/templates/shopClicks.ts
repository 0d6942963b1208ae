import type { PipelineTemplate } from '@rivulet/shared-types';

/** Shop clickstream: purchases summed per category every 10 seconds, as bars. */
export const shopClicks: PipelineTemplate = {
  slug: 'shop-clicks',
  title: 'Shop clicks: revenue per category',
  summary:
    'Live shop sessions at 400 events/s; purchase revenue per category every 10 s, and the latest purchases.',
  scenario: 'clickstream',
  document: {
    version: 1,
    name: 'Shop clicks: revenue per category',
    nodes: [
      {
        id: 'clicks',
        type: 'source.generator',
        params: { scenario: 'clickstream', ratePerSec: 400, seed: 1 },
        position: { x: 0, y: 80 },
      },
      {
        id: 'purchases',
        type: 'filter',
        params: { expr: "type == 'purchase'" },
        position: { x: 280, y: 80 },
      },
      {
        id: 'byCategory',
        type: 'keyBy',
        params: { fields: ['category'] },
        position: { x: 560, y: 0 },
      },
      {
        id: 'revenue10s',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '10s',
          aggregations: [
            { fn: 'sum', field: 'price', as: 'revenue' },
            { fn: 'count', as: 'orders' },
          ],
        },
        position: { x: 840, y: 0 },
      },
      {
        id: 'revenueBars',
        type: 'sink.dashboard',
        params: {
          title: 'Revenue per category (10 s)',
          widget: 'bar',
          field: 'revenue',
          labelField: 'category',
        },
        position: { x: 1120, y: 0 },
      },
      {
        id: 'latestPurchases',
        type: 'sink.dashboard',
        params: { title: 'Latest purchases', widget: 'table' },
        position: { x: 560, y: 200 },
      },
    ],
    edges: [
      { id: 'e1', source: 'clicks', target: 'purchases' },
      { id: 'e2', source: 'purchases', target: 'byCategory' },
      { id: 'e3', source: 'byCategory', target: 'revenue10s' },
      { id: 'e4', source: 'revenue10s', target: 'revenueBars' },
      { id: 'e5', source: 'purchases', target: 'latestPurchases' },
    ],
  },
};
