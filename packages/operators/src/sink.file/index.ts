import { z } from 'zod';
import { defineOperator } from '../core/define.js';

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

export const sinkFile = defineOperator({
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
      'Writes one JSON object per line, replacing the file. Writing is buffered; when the disk is slower than the pipeline, the sources wait (backpressure). The file is complete when the run ends.',
    example: { path: 'out.jsonl' },
  },
  create(params, ctx) {
    const writer = ctx.io.openWriter(params.path);
    let full = false;
    return {
      onRecord(record) {
        if (!writer.write(JSON.stringify(record))) full = true;
      },
      backpressure() {
        if (!full) return null;
        full = false;
        return writer.drained();
      },
      close() {
        return writer.close();
      },
    };
  },
});
