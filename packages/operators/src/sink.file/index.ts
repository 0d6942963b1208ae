import { z } from 'zod';
import { defineOperator } from '../core/define.js';
import type { LineWriter } from '../core/runtime.js';

/** A checkpoint's position of the file: its length in bytes, all of them handed over. */
export interface SinkFilePosition {
  bytes: number;
}

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
      'Writes one JSON object per line, replacing the file. Writing is buffered; when the disk is slower than the pipeline, the sources wait (backpressure). The file is complete when the run ends. Exactly-once with checkpoints: a checkpoint records how many bytes the file had and makes them durable (fsync); on recovery the file is cut back to that length and writing goes on from there, so it ends as an uninterrupted run would have written it.',
    example: { path: 'out.jsonl' },
  },
  create(params, ctx) {
    /** Bytes of the file to keep, from a checkpoint; null: replace the file. */
    let keepBytes: number | null = null;
    let writer: LineWriter | null = null;
    // Opened in ready() (after a restore), or at the first record or close when not made ready.
    // In several workers at once (a run in parallel), each appends whole lines to the file.
    const open = (): LineWriter =>
      (writer ??= ctx.io.openWriter(
        params.path,
        ctx.shared ? { append: true } : keepBytes === null ? undefined : { keepBytes },
      ));
    let full = false;
    return {
      async ready() {
        open();
        // Surfaces a lost output (a file shorter than its checkpoint) before the sources start.
        if (keepBytes !== null) await writer!.flush();
      },
      onRecord(record) {
        if (!(writer ?? open()).write(JSON.stringify(record))) full = true;
      },
      backpressure() {
        if (!full) return null;
        full = false;
        return writer!.drained();
      },
      snapshot(): SinkFilePosition {
        return { bytes: writer === null ? (keepBytes ?? 0) : writer.bytes() };
      },
      restore(state) {
        const bytes = (state as SinkFilePosition | null)?.bytes;
        if (writer !== null) throw new Error('sink.file: restore() after the file was opened');
        if (!Number.isSafeInteger(bytes) || bytes! < 0)
          throw new Error(`not a sink.file position: ${JSON.stringify(state)}`);
        keepBytes = bytes!;
      },
      flush() {
        return open().flush();
      },
      close() {
        return open().close();
      },
    };
  },
});
