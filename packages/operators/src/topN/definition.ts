import { describeOperator } from '../core/define.js';
import { grouped, MAX_WINDOWS_PER_RECORD } from '../core/limits.js';
import { TopNParams } from './params.js';

export const description = describeOperator({
  kind: 'transform',
  type: 'topN',
  category: 'keys-windows',
  title: 'Top N',
  summary: 'Keeps the N records with the largest (or smallest) value per window and partition.',
  inputs: [{ name: 'in', description: 'Records with event time, keyed by a keyBy or not' }],
  outputs: [
    {
      name: 'out',
      description:
        'One record per fired window, partition and rank: the ranked record with rank, windowStart, windowEnd',
    },
    { name: 'late', description: 'Records too late for every window they belong to, unchanged' },
  ],
  params: TopNParams,
  docs: {
    description:
      'Ranks records by the numeric field `by` within event-time windows (tumbling or sliding, assigned as the `window` operator does; a record joins size/slide sliding windows, at most ' +
      grouped(MAX_WINDOWS_PER_RECORD) +
      ", so a smaller slide is refused) and per partition, as Apache Flink's Window Top-N: when the watermark reaches a window's last millisecond (`end - 1`) it outputs, for each partition, the N best records (`order` desc: the largest values; asc: the smallest), each with its fields and `rank` (1 to N), `windowStart` and `windowEnd` (a record's own fields of those names are replaced). Equal values rank by arrival, the earlier first. Partitions are the values of `partitionBy`, by default the stream's key after a keyBy, else the whole stream. Records whose `by` is not a number (missing, null, text, booleans) are ignored, and counted in the node's `dropped`. A record later than its windows' end by more than `allowedLateness` is counted as late and sent to the `late` port; within the allowed lateness, a record that enters a fired ranking's top N fires that ranking again with all its ranks. Only the top N of each window and partition is kept in state.",
    example: {
      n: 3,
      by: 'score',
      order: 'desc',
      partitionBy: ['user'],
      window: { kind: 'sliding', size: '10m', slide: '1m' },
    },
  },
});
