import { describeOperator } from '../core/define.js';
import { grouped, MAX_WINDOWS_PER_RECORD } from '../core/limits.js';
import { MAX_SESSIONS_PER_KEY, WindowParams } from './params.js';

export const description = describeOperator({
  kind: 'transform',
  type: 'window',
  category: 'keys-windows',
  title: 'Window',
  summary: 'Aggregates records per key over tumbling, sliding or session windows of event time.',
  inputs: [{ name: 'in', description: 'Records with event time, keyed by a keyBy or not' }],
  outputs: [
    {
      name: 'out',
      description: 'One record per fired window: the key fields, windowStart, windowEnd, results',
    },
    { name: 'late', description: 'Records too late for every window they belong to, unchanged' },
  ],
  params: WindowParams,
  docs: {
    description:
      'Groups records into event-time windows, as Apache Flink does with offset 0: tumbling windows of `size`, sliding windows of `size` starting every `slide`, or session windows that close after `gap` without records (a record exactly `gap` after the previous one still joins its session). A sliding window puts each record in size/slide windows, at most ' +
      grouped(MAX_WINDOWS_PER_RECORD) +
      ': a smaller slide is refused when the pipeline is validated. A window fires once the watermark reaches its last millisecond (`end - 1`) and outputs the key fields, `windowStart`, `windowEnd` and one field per aggregation. A record arriving after its window ended, by more than `allowedLateness`, is late: it is counted and sent to the `late` port. Within the allowed lateness it updates the window, which fires again with its whole result. After a keyBy, windows are per key; otherwise one global window per interval. A key holds at most ' +
      grouped(MAX_SESSIONS_PER_KEY) +
      ' live session windows (a session lives until its end plus `allowedLateness`): when a record opens one more, the key’s earliest session is fired at once unless it has fired already, and dropped, so later records no longer update it; the record goes to the dead letters. The earliest, because those that pile up under a large lateness are mostly sessions that fired and only wait for late records, and firing it first reports every accepted record; refusing new records instead would stall a key for as long as the lateness. The choice depends on the records alone, so a restored run makes the same one.',
    example: {
      kind: 'tumbling',
      size: '1m',
      aggregations: [
        { fn: 'count', as: 'n' },
        { fn: 'sum', field: 'amount', as: 'total' },
      ],
    },
  },
});
