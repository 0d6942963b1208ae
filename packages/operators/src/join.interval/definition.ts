import { describeOperator } from '../core/define.js';
import { grouped } from '../core/limits.js';
import { IntervalJoinParams, MAX_BUFFERED_PER_KEY, MAX_JOINED_PER_RECORD } from './params.js';

export const description = describeOperator({
  kind: 'transform',
  type: 'join.interval',
  category: 'joins-patterns',
  title: 'Interval join',
  summary: 'Joins two keyed streams: each left record with the right ones near it in event time.',
  inputs: [
    { name: 'left', description: 'Records keyed by a keyBy, with event time' },
    { name: 'right', description: 'Records keyed by a keyBy (same key values), with event time' },
  ],
  outputs: [
    {
      name: 'out',
      description:
        'One record per matching pair: left fields, then right fields with rightPrefix; time = the later of the two',
    },
    {
      name: 'late',
      description: 'Records of either side late on arrival (time < watermark), unchanged',
    },
  ],
  params: IntervalJoinParams,
  docs: {
    description:
      "Apache Flink's interval join. A left record at time L joins every right record with the same key (equal key values, whatever the keyBy fields are called; on unkeyed inputs every record shares one key) whose time R lies in [L + lowerBound, L + upperBound]; bounds are signed durations (\"-5s\"). Each pair gives one record: the left's fields (with `leftPrefix`, none by default), then the right's fields with `rightPrefix` (`right_` by default; on a name clash the right value wins), at time max(L, R). The watermark is the minimum of both inputs'. A record whose time is below the watermark on arrival is late, as in Flink: it joins nothing, is counted and goes to `late`. Buffered records are dropped as soon as no later record can join them: a left once the watermark passes L + upperBound, a right once it passes R - lowerBound (exactly; Flink keeps them up to 1 ms longer). So that the work per record stays bounded whatever the bounds, a key buffers at most " +
      grouped(MAX_BUFFERED_PER_KEY) +
      ' records per side: past it, the earliest record of that side (by time, then arrival) is evicted, joins no later record and goes to the dead letters; and a record produces at most ' +
      grouped(MAX_JOINED_PER_RECORD) +
      ' pairs, with the earliest records of the other side in its interval: past it, the rest are not produced and the record goes to the dead letters saying how many.',
    example: { lowerBound: '-5s', upperBound: '10s' },
  },
});
