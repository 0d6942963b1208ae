import { describeOperator } from '../core/define.js';
import { LookupJoinParams } from './params.js';

export const description = describeOperator({
  kind: 'transform',
  type: 'join.lookup',
  category: 'joins-patterns',
  title: 'Lookup join',
  summary: 'Enriches each record with the fields of its row in a JSONL or CSV table, by key.',
  inputs: [{ name: 'in', description: 'Records to enrich' }],
  outputs: [
    {
      name: 'out',
      description: "Each record with its table row's fields added (or unchanged, see missing)",
    },
    {
      name: 'errors',
      description: 'Bad table lines and, with missing = deadLetter, unmatched records',
    },
  ],
  params: LookupJoinParams,
  pathParams: ['path'],
  docs: {
    description:
      "Loads a table from a file at start (JSON Lines, or CSV with a header row whose numeric cells become numbers, as the file source reads them) and adds to each record the fields of the row whose `key` equals the record's `on` field (default: the field named like `key`). Keys compare as text, so 42 and \"42\" match. The added fields are the row's fields except the key, named with `prefix`; on a name clash the table's value wins. A later row with the same key replaces an earlier one. A record with no row (or no usable `on` value) is passed on unchanged, dropped (counted in the node's `dropped`), or sent to the dead letters, per `missing`. Records arriving while the table loads wait, in order (at most 100,000; beyond, they are dead letters), and the sources are held until it is loaded. Bad table lines are dead letters with their line numbers; a table of more than 1,000,000 keys fails the run.",
    example: { path: 'card-profiles.jsonl', key: 'card' },
  },
});
