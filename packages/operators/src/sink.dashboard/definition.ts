import { z } from 'zod';
import { describeOperator } from '../core/define.js';

export const SinkDashboardParams = z.strictObject({
  title: z
    .string()
    .max(120)
    .optional()
    .meta({ description: 'Widget title (default: the node id)' }),
  widget: z.enum(['table', 'line', 'bar', 'alerts', 'number', 'cards']).default('table').meta({
    description:
      "table of records, line chart of a field over time, bar chart of top values, alert feed, one big number, or story cards: one card per labelField value (a shopper, a card, a truck) with its field headline, ranked items (records with a rank in the same window) and a plain-language reason (a record's reason field)",
  }),
  field: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Field plotted (line, number), counted (bar) or headlined (cards)' }),
  labelField: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Field naming each series, bar or card' }),
});

export const description = describeOperator({
  kind: 'sink',
  type: 'sink.dashboard',
  category: 'sink',
  title: 'Dashboard',
  summary: 'Shows samples of its records in the live dashboards.',
  inputs: [{ name: 'in', description: 'Records to show' }],
  outputs: [],
  params: SinkDashboardParams,
  docs: {
    description:
      'Feeds a dashboard widget with samples of its records (the engine samples every sink, at a bounded rate). The widget kind and the fields it reads are params; the records themselves are not stored. At-least-once with checkpoints: after a recovery the records since the last checkpoint are shown again.',
    example: {
      title: 'Large payments per minute',
      widget: 'line',
      field: 'total',
      labelField: 'card',
    },
  },
});
