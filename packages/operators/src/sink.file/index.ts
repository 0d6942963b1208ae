import { defineOperator } from '../core/define.js';
import { description } from './definition.js';
import type { LineWriter } from '../core/runtime.js';

export { SinkFileParams } from './definition.js';

/** A checkpoint's position of the file: its length in bytes, all of them handed over. */
export interface SinkFilePosition {
  bytes: number;
}

export const sinkFile = defineOperator({
  ...description,
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
