import { defineOperator } from '../core/define.js';
import { description } from './definition.js';
import type { LineChunk, Rec, SourceBatch } from '../core/runtime.js';
import {
  eventTimeOf,
  parseCsvLine,
  parseJsonLine,
  splitCsvLine,
  type LineResult,
} from '../core/parse.js';

/** Text kept of a bad line in its dead letter. */
const MAX_KEPT_LINE = 1000;

/**
 * Where a checkpoint leaves the file: the byte offset and number (from 1) of the next line to
 * read, and for CSV the header row read so far (null before it).
 */
export interface SourceFilePosition {
  byte: number;
  line: number;
  header?: string[] | null;
}

export const sourceFile = defineOperator({
  ...description,
  create(params, ctx) {
    const timeField = params.eventTime?.field;
    const intervalMs = params.rate ? 1000 / params.rate : 0;
    const csv = params.format === 'csv';
    // Opened at the first read, from where a restore put it.
    let lines: AsyncIterator<LineChunk> | null = null;
    let chunk: LineChunk = [];
    let at = 0;
    /** Byte offsets of the current chunk's start and end in the file. */
    let chunkStart = 0;
    let chunkEnd = 0;
    let lineNo = 0;
    let header: string[] | null = csv ? null : [];
    let done = false;
    let nextDue = 0;

    const parse = (line: string): LineResult =>
      csv ? parseCsvLine(line, header!) : parseJsonLine(line);

    function reject(line: string, reason: string): void {
      ctx.deadLetter(
        { line: lineNo, text: line.slice(0, MAX_KEPT_LINE) },
        `line ${lineNo}: ${reason}`,
      );
    }

    /** The offset of the next line to read (line `at` of the chunk), worked out when asked. */
    function nextByte(): number {
      if (chunk.length > 0 && chunk.byteAfter === undefined)
        throw new Error('this io gives no byte offsets of lines: cannot take a checkpoint');
      if (at === 0) return chunkStart;
      if (at >= chunk.length) return chunkEnd;
      return chunk.byteAfter!(at - 1);
    }

    /** Reads line `lineNo` (already counted) into the batch: a record, a header or a dead letter. */
    function readLine(line: string, batch: SourceBatch, now: number): void {
      if (line.trim() === '') return;
      if (header === null) {
        header = splitCsvLine(line.endsWith('\r') ? line.slice(0, -1) : line);
        if (header === null || header.length === 0)
          throw new Error('the CSV header row is malformed');
        return;
      }
      const parsed = parse(line);
      if (!parsed.ok) {
        reject(line, parsed.reason);
        return;
      }
      let ts = now;
      if (timeField !== undefined) {
        const t = eventTimeOf(parsed.record, timeField);
        if (typeof t === 'string') {
          reject(line, t);
          return;
        }
        ts = t;
      }
      batch.records.push(parsed.record as Rec);
      batch.times.push(ts);
    }

    /** Parses up to `max` lines of the current chunk into the batch. */
    function take(batch: SourceBatch, max: number): void {
      const now = timeField === undefined ? ctx.now() : 0;
      while (at < chunk.length && batch.records.length < max) {
        lineNo++;
        readLine(chunk[at++]!, batch, now);
      }
    }

    /** The next chunk of lines into `chunk`; false at the end of the file. */
    async function readChunk(): Promise<boolean> {
      // In parallel the io decodes only this reader's blocks (the others' lines come as '').
      if (lines === null) {
        const blocks = split
          ? { blocks: { size: split.size, claim: claimed, lastClaimed: goTo } }
          : {};
        const all = ctx.io.readLines(params.path, { fromByte: chunkEnd, ...blocks });
        lines = all[Symbol.asyncIterator]();
      }
      const read = await lines.next();
      if (read.done) return false;
      chunk = read.value;
      at = 0;
      if (chunk.skipped) {
        lineNo += chunk.skipped.lines;
        chunkEnd = chunk.skipped.byte;
      }
      chunkStart = chunkEnd;
      chunkEnd = chunk.endByte ?? chunkEnd;
      return true;
    }

    // Read in parallel: the blocks of `split.size` lines this reader claims (as the io reads
    // on), one per batch. The lines of the other readers' blocks are only counted, or passed
    // over where the io goes straight to the last block claimed (once a CSV header is read: every
    // reader reads it).
    const split = ctx.split;
    const mine: number[] = [];
    const claimed = (b: number, at: number): boolean => {
      const won = split!.claim(b, at);
      if (won) mine.push(b);
      return won;
    };
    const goTo = (from: number) =>
      header === null || split?.lastClaimed === undefined ? null : split.lastClaimed(from);
    async function nextBlock(): Promise<SourceBatch | null> {
      // The io claims as it reads: read on until a block is ours, or the file ends.
      while (mine.length === 0) {
        skipTo(undefined);
        if (done || !(await readChunk())) {
          done = true;
          return null;
        }
        skipTo(mine[0]);
      }
      const block = mine.shift()!;
      const first = block * split!.size + 1;
      const last = first + split!.size - 1;
      const batch: SourceBatch = { records: [], times: [], block };
      const now = timeField === undefined ? ctx.now() : 0;
      for (;;) {
        if (at >= chunk.length && (done || !(await readChunk()))) {
          done = true;
          break;
        }
        if (lineNo + 1 > last) break;
        const line = chunk[at++]!;
        lineNo++;
        if (lineNo >= first) readLine(line, batch, now);
        else if (header === null && line.trim() !== '') readLine(line, batch, now);
      }
      return batch;
    }

    /** Counts the lines of the current chunk before block `block` (or all of them). */
    function skipTo(block: number | undefined): void {
      const first = block === undefined ? Infinity : block * split!.size + 1;
      while (at < chunk.length && lineNo + 1 < first) {
        const line = chunk[at++]!;
        lineNo++;
        if (header === null && line.trim() !== '') readLine(line, { records: [], times: [] }, 0);
      }
    }

    return {
      maxOutOfOrderness: params.eventTime ? params.eventTime.maxOutOfOrderness : null,
      async next(max) {
        if (split) return nextBlock();
        if (done) return null;
        let limit = max;
        if (intervalMs > 0) {
          const now = ctx.now();
          if (nextDue === 0) nextDue = now;
          if (nextDue > now) await ctx.sleep(nextDue - now);
          limit = Math.max(1, Math.min(max, Math.floor((ctx.now() - nextDue) / intervalMs) + 1));
        }
        const batch: SourceBatch = { records: [], times: [] };
        while (batch.records.length < limit) {
          if (at >= chunk.length) {
            // Read on only with an empty batch: a snapshot taken during the read then counts
            // exactly the lines whose records went out (or whose dead letters did).
            if (batch.records.length > 0) break;
            if (!(await readChunk())) {
              done = true;
              break;
            }
          }
          take(batch, limit);
        }
        nextDue += batch.records.length * intervalMs;
        return batch.records.length === 0 && done ? null : batch;
      },
      snapshot(): SourceFilePosition {
        const position: SourceFilePosition = { byte: nextByte(), line: lineNo + 1 };
        if (csv) position.header = header;
        return position;
      },
      restore(state) {
        const position = state as SourceFilePosition;
        if (
          !Number.isSafeInteger(position?.byte) ||
          position.byte < 0 ||
          !Number.isSafeInteger(position.line) ||
          position.line < 1
        )
          throw new Error(`not a source.file position: ${JSON.stringify(state)}`);
        chunkStart = chunkEnd = position.byte;
        lineNo = position.line - 1;
        if (csv) header = position.header ?? null;
      },
      async close() {
        await lines?.return?.();
      },
    };
  },
});
