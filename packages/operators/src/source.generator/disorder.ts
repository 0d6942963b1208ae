import { RecordQueue } from './heap.js';
import type { Rng } from './rng.js';
import type { ScenarioStream, TimedRecord } from './scenarios/types.js';

/** Share of records held back when out-of-orderness is allowed. */
export const SHARE_HELD_BACK = 0.3;

/**
 * Makes an in-order stream arrive out of order within `maxOutOfOrderness` ms: a share of the
 * records is held back by a random delay up to that bound, and records leave in order of
 * arrival (time + delay). A record leaves only once the next record's time has passed its
 * arrival, so arrivals never decrease, and an earlier-leaving record's time is at most this
 * one's arrival: max(ts so far) - ts <= maxOutOfOrderness for every record.
 */
export function disorder(
  stream: ScenarioStream,
  maxOutOfOrderness: number,
  rng: Rng,
): ScenarioStream {
  if (maxOutOfOrderness <= 0) return stream;
  const held = new RecordQueue<TimedRecord>();
  let ahead = stream.next();
  return {
    next(): TimedRecord {
      while (held.size === 0 || held.topKey() > ahead.ts) {
        const delay = rng.float() < SHARE_HELD_BACK ? rng.float() * maxOutOfOrderness : 0;
        held.push(ahead.ts + delay, ahead);
        ahead = stream.next();
      }
      return held.pop();
    },
  };
}
