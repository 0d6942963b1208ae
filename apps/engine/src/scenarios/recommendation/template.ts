import type { PipelineTemplate } from '@rivulet/shared-types';

/** 500 shoppers at 50 clicks/s: about 6 clicks per shopper per minute. */
export const SHOP_SETTINGS = { users: 500, items: 500, categories: 20 };
export const SHOP_RATE_PER_SEC = 50;

export const RECOMMENDATION_TEMPLATE: PipelineTemplate = {
  slug: 'recommendation',
  title: 'Recommendation: live top items per shopper, measured',
  summary:
    'Shop clicks weighted view 1, cart 3, purchase 5, summed per shopper and item over a sliding 10 min: the top 3 items per shopper and the trending items, every minute.',
  scenario: 'clickstream',
  document: {
    version: 1,
    name: 'Recommendation',
    nodes: [
      {
        id: 'clicks',
        type: 'source.generator',
        params: {
          scenario: 'clickstream',
          ratePerSec: SHOP_RATE_PER_SEC,
          // Start two minutes back, replayed at once: the dashboard tells its story within seconds.
          backlog: '2m',
          seed: 1,
          ...SHOP_SETTINGS,
        },
        position: { x: 0, y: 160 },
      },
      {
        id: 'weigh',
        type: 'map',
        params: { fields: { weight: "type == 'purchase' ? 5 : type == 'cart' ? 3 : 1" } },
        position: { x: 240, y: 160 },
      },
      {
        id: 'byShopperItem',
        type: 'keyBy',
        params: { fields: ['userId', 'itemId'] },
        position: { x: 480, y: 0 },
      },
      {
        id: 'interest',
        type: 'window',
        params: {
          kind: 'sliding',
          size: '10m',
          slide: '1m',
          aggregations: [{ fn: 'sum', field: 'weight', as: 'score' }],
        },
        position: { x: 720, y: 0 },
      },
      {
        id: 'top3',
        type: 'topN',
        params: { n: 3, by: 'score', partitionBy: ['userId'], window: { size: '1m' } },
        position: { x: 960, y: 0 },
      },
      {
        id: 'topItems',
        type: 'sink.dashboard',
        params: {
          title: 'Top 3 items per shopper',
          widget: 'cards',
          field: 'itemId',
          labelField: 'userId',
        },
        position: { x: 1200, y: 0 },
      },
      { id: 'byItem', type: 'keyBy', params: { fields: ['itemId'] }, position: { x: 480, y: 160 } },
      {
        id: 'popularity',
        type: 'window',
        params: {
          kind: 'sliding',
          size: '10m',
          slide: '1m',
          aggregations: [
            { fn: 'sum', field: 'weight', as: 'score' },
            { fn: 'last', field: 'category', as: 'category' },
          ],
        },
        position: { x: 720, y: 160 },
      },
      {
        id: 'top10',
        type: 'topN',
        params: { n: 10, by: 'score', window: { size: '1m' } },
        position: { x: 960, y: 160 },
      },
      {
        id: 'trending',
        type: 'sink.dashboard',
        params: { title: 'Trending items', widget: 'table' },
        position: { x: 1200, y: 160 },
      },
      {
        id: 'trendingCategories',
        type: 'sink.dashboard',
        params: { title: 'Categories of the trending items', widget: 'bar', field: 'category' },
        position: { x: 1200, y: 280 },
      },
      {
        id: 'per10s',
        type: 'window',
        params: {
          kind: 'tumbling',
          size: '10s',
          aggregations: [
            { fn: 'count', as: 'clicks' },
            { fn: 'sum', field: 'weight', as: 'interest' },
          ],
        },
        position: { x: 480, y: 360 },
      },
      {
        id: 'clicksChart',
        type: 'sink.dashboard',
        params: { title: 'Clicks per 10 s', widget: 'line', field: 'clicks' },
        position: { x: 720, y: 360 },
      },
      {
        id: 'purchases',
        type: 'filter',
        params: { expr: "type == 'purchase'" },
        position: { x: 480, y: 480 },
      },
      {
        id: 'purchasesPerMinute',
        type: 'window',
        params: { kind: 'tumbling', size: '1m', aggregations: [{ fn: 'count', as: 'purchases' }] },
        position: { x: 720, y: 480 },
      },
      {
        id: 'purchaseCount',
        type: 'sink.dashboard',
        params: { title: 'Purchases in the last minute', widget: 'number', field: 'purchases' },
        position: { x: 960, y: 480 },
      },
    ],
    edges: [
      { id: 'e1', source: 'clicks', target: 'weigh' },
      { id: 'e2', source: 'weigh', target: 'byShopperItem' },
      { id: 'e3', source: 'byShopperItem', target: 'interest' },
      { id: 'e4', source: 'interest', target: 'top3' },
      { id: 'e5', source: 'top3', target: 'topItems' },
      { id: 'e6', source: 'weigh', target: 'byItem' },
      { id: 'e7', source: 'byItem', target: 'popularity' },
      { id: 'e8', source: 'popularity', target: 'top10' },
      { id: 'e9', source: 'top10', target: 'trending' },
      { id: 'e10', source: 'top10', target: 'trendingCategories' },
      { id: 'e11', source: 'weigh', target: 'per10s' },
      { id: 'e12', source: 'per10s', target: 'clicksChart' },
      { id: 'e13', source: 'weigh', target: 'purchases' },
      { id: 'e14', source: 'purchases', target: 'purchasesPerMinute' },
      { id: 'e15', source: 'purchasesPerMinute', target: 'purchaseCount' },
    ],
  },
};
