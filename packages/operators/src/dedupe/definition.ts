import { describeOperator } from '../core/define.js';
import { DedupeParams } from './params.js';

export const description = describeOperator({
  kind: 'transform',
  type: 'dedupe',
  category: 'transform',
  title: 'Dedupe',
  summary: 'Drops repeats of a key within a time-to-live of event time.',
  inputs: [{ name: 'in', description: 'Records with event time, keyed by a keyBy or not' }],
  outputs: [{ name: 'out', description: 'The records that are no repeat, unchanged' }],
  params: DedupeParams,
  docs: {
    description:
      "Passes the first record of each key and drops its repeats within `ttl` of event time; the first record at or after `ttl` passes again and starts a new ttl. The key is made of `fields` (a missing field is null), by default the stream's key after a keyBy, else the whole record (identical records, compared as JSON text). Decisions follow event time, not arrival: a record is dropped when a record of its key that passed lies less than `ttl` before *or after* it, so an out-of-order record just before a passed one is a repeat too. State is cleaned by the watermark once a ttl has ended, so memory holds only the keys seen within the ttl; for a record behind the watermark, a repeat of a record whose ttl already ended there passes again. Dropped records are not errors: they are counted in the node's `dropped`, not as dead letters.",
    example: { fields: ['card', 'alertType'], ttl: '10m' },
  },
});
