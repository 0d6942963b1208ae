import { z } from 'zod';
import { describeOperator } from '../core/define.js';

export const SinkFileParams = z.strictObject({
  path: z.string().min(1).meta({
    description:
      'File to write (relative to the pipeline file, or the data directory on the server)',
  }),
  format: z
    .enum(['jsonl'])
    .default('jsonl')
    .meta({ description: 'jsonl: one JSON object per line' }),
});

export const description = describeOperator({
  kind: 'sink',
  type: 'sink.file',
  category: 'sink',
  title: 'File sink',
  summary: 'Writes records to a JSON Lines file.',
  inputs: [{ name: 'in', description: 'Records to write' }],
  outputs: [],
  params: SinkFileParams,
  pathParams: ['path'],
  docs: {
    description:
      'Writes one JSON object per line, replacing the file. Writing is buffered; when the disk is slower than the pipeline, the sources wait (backpressure). The file is complete when the run ends. Exactly-once with checkpoints: a checkpoint records how many bytes the file had and makes them durable (fsync); on recovery the file is cut back to that length and writing goes on from there, so it ends as an uninterrupted run would have written it.',
    example: { path: 'out.jsonl' },
  },
});
