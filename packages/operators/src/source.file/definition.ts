import { describeOperator } from '../core/define.js';
import { MAX_RECORD_DEPTH } from '../core/limits.js';
import { SourceFileParams } from './params.js';

export const description = describeOperator({
  kind: 'source',
  type: 'source.file',
  category: 'source',
  title: 'File source',
  summary: 'Reads records from a JSON Lines or CSV file.',
  inputs: [],
  outputs: [
    { name: 'out', description: 'One record per good line' },
    { name: 'errors', description: 'Lines that could not be read, with line number and reason' },
  ],
  params: SourceFileParams,
  pathParams: ['path'],
  splittable: (params) =>
    params.rate === undefined ? null : 'a paced replay (rate) is read by one reader',
  docs: {
    description:
      "Reads a file line by line: JSON Lines (one object per line) or CSV (a header row; numeric-looking cells become numbers). With `eventTime`, each record's time comes from a field (ms or ISO-8601) and the watermark trails the largest time seen by `maxOutOfOrderness`. A line that does not parse, or lacks a valid event time, is a dead letter with its line number — never fatal; so is a JSON line nested deeper than " +
      String(MAX_RECORD_DEPTH) +
      ' levels of objects and arrays, which later steps could not write back. `rate` replays at that many records per second. With checkpoints the source keeps its place in the file (byte offset and line number) and resumes there after a restore.',
    example: { path: 'tx.jsonl', eventTime: { field: 'ts', maxOutOfOrderness: '2s' } },
  },
});
