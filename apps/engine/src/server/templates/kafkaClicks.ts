import type { PipelineTemplate } from '@rivulet/shared-types';

export const KAFKA_BOOTSTRAP = '127.0.0.1:9092';

/**
 * Shop clicks read from Kafka (the topic `npm run kafka` fills with the clickstream scenario's
 * events, keyed by userId): each shopper's interest per item over 10 s tumbling event-time
 * windows, weighted as the recommendation template weighs it (view 1, cart 3, purchase 5), and
 * the top 3 items per shopper written back to Kafka exactly once, keyed by shopper.
 */
export const kafkaClicks: PipelineTemplate = {
  slug: 'kafka-clicks',
  title: 'Shop clicks on Kafka',
  summary: `Shop clicks from the Kafka topic \`clicks\`: each shopper's top 3 items every 10 s, written exactly once to \`recommendations\`. Needs a Kafka broker on ${KAFKA_BOOTSTRAP}: run \`npm run kafka\` (starts one and writes the clickstream into \`clicks\`).`,
  scenario: 'clickstream',
  document: {
    version: 1,
    name: 'Shop clicks on Kafka',
    nodes: [
      {
        id: 'clicks',
        type: 'source.kafka',
        params: {
          bootstrapServers: [KAFKA_BOOTSTRAP],
          topic: 'clicks',
          groupId: 'rivulet-shop-clicks',
          // A second run goes on where the group left off instead of reading the topic again.
          startFrom: 'committed',
          eventTime: { field: 'ts', maxOutOfOrderness: '2s', idleTimeout: '10s' },
        },
        position: { x: 0, y: 120 },
      },
      {
        id: 'weigh',
        type: 'map',
        params: { fields: { weight: "type == 'purchase' ? 5 : type == 'cart' ? 3 : 1" } },
        position: { x: 240, y: 120 },
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
          kind: 'tumbling',
          size: '10s',
          aggregations: [
            { fn: 'sum', field: 'weight', as: 'score' },
            { fn: 'count', as: 'clicks' },
            { fn: 'last', field: 'category', as: 'category' },
          ],
        },
        position: { x: 720, y: 0 },
      },
      {
        id: 'top3',
        type: 'topN',
        params: { n: 3, by: 'score', partitionBy: ['userId'], window: { size: '10s' } },
        position: { x: 960, y: 0 },
      },
      {
        id: 'topItems',
        type: 'sink.dashboard',
        params: { title: 'Top 3 items per shopper (10 s)', widget: 'table' },
        position: { x: 1200, y: -60 },
      },
      {
        id: 'recommendations',
        type: 'sink.kafka',
        params: {
          bootstrapServers: [KAFKA_BOOTSTRAP],
          topic: 'recommendations',
          key: 'userId',
          delivery: 'exactly-once',
        },
        position: { x: 1200, y: 90 },
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
        position: { x: 480, y: 240 },
      },
      {
        id: 'clicksChart',
        type: 'sink.dashboard',
        params: { title: 'Clicks per 10 s', widget: 'line', field: 'clicks' },
        position: { x: 720, y: 240 },
      },
    ],
    edges: [
      { id: 'e1', source: 'clicks', target: 'weigh' },
      { id: 'e2', source: 'weigh', target: 'byShopperItem' },
      { id: 'e3', source: 'byShopperItem', target: 'interest' },
      { id: 'e4', source: 'interest', target: 'top3' },
      { id: 'e5', source: 'top3', target: 'recommendations' },
      { id: 'e6', source: 'top3', target: 'topItems' },
      { id: 'e7', source: 'weigh', target: 'per10s' },
      { id: 'e8', source: 'per10s', target: 'clicksChart' },
    ],
  },
};
