import { describeOperator } from '../core/define.js';
import { grouped } from '../core/limits.js';
import {
  MAX_PARTIAL_MATCH_RECORDS,
  MAX_PARTIAL_MATCHES,
  MAX_REPORTED_RECORDS,
  PatternParams,
} from './params.js';

export const description = describeOperator({
  kind: 'transform',
  type: 'pattern',
  category: 'joins-patterns',
  title: 'Pattern',
  summary: 'Finds a sequence of conditions per key within a span of event time (CEP).',
  inputs: [{ name: 'in', description: 'Records with event time, keyed by a keyBy or not' }],
  outputs: [
    {
      name: 'out',
      description:
        'One record per match: the key fields, matchStart, matchEnd, and each step’s matched record (a list for a repeated step)',
    },
    { name: 'late', description: 'Records at or below the watermark on arrival, unchanged' },
    {
      name: 'errors',
      description:
        'Records on which a condition failed, and records that made the pattern discard partial matches or leave matches unreported (its caps), with the reason',
    },
  ],
  params: PatternParams,
  docs: {
    description:
      'A small complex-event-processing operator in the spirit of Apache Flink CEP. Per key (after a keyBy; one sequence for the whole stream otherwise) it looks for `steps` in event-time order: each step is a condition on a record, optionally repeated (`times.min`: that many matching records or more), and each step is followed by the next with unrelated records allowed in between. The whole match must span less than `within` of event time. Records wait until the watermark passes their time and are then matched in event-time order, so matches come out with the delay of the source’s maxOutOfOrderness; a record at or below the watermark on arrival is late: counted and sent to the `late` port. A match outputs the key fields, `matchStart`, `matchEnd` (event times of its first and last record) and one field per step holding its record, or the list of its records for a repeated step. `afterMatch`: `skipPastLastEvent` (default) reports one match and then forgets every partial match of the key, so each occurrence alerts once; `noSkip` reports every match, overlapping ones included. So that the work per record stays bounded, a key holds at most ' +
      grouped(MAX_PARTIAL_MATCHES) +
      ' partial matches and ' +
      grouped(MAX_PARTIAL_MATCH_RECORDS) +
      ' records across them (a record counted once per partial match holding it); past either, the partial matches begun earliest are discarded. And the matches one record completes are reported, earliest start first, while they hold at most ' +
      grouped(MAX_REPORTED_RECORDS) +
      ' records together. A record that made the operator discard or leave out anything goes to the dead letters with the reason.',
    example: {
      steps: [
        { name: 'change', where: "type == 'credentialChange'" },
        { name: 'transfer', where: "type == 'transfer' && amount > 5000" },
      ],
      within: '10m',
    },
  },
});
