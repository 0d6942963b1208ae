import { defineOperator } from '../core/define.js';
import { MAX_RECORD_DEPTH } from '../core/limits.js';
import type { Rec, SourceBatch } from '../core/runtime.js';
import { SourceFileParams } from './params.js';
import {
  eventTimeOf,
  parseCsvLine,
  parseJsonLine,
  splitCsvLine,
  type LineResult,
} from './parse.js';

/** Text kept of a bad line in its dead letter. */
const MAX_KEPT_LINE = 1000;

export const sourceFile = defineOperator({
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
  docs: {
    description:
      "Reads a file line by line: JSON Lines (one object per line) or CSV (a header row; numeric-looking cells become numbers). With `eventTime`, each record's time comes from a field (ms or ISO-8601) and the watermark trails the largest time seen by `maxOutOfOrderness`. A line that does not parse, or lacks a valid event time, is a dead letter with its line number — never fatal; so is a JSON line nested deeper than " +
      String(MAX_RECORD_DEPTH) +
      ' levels of objects and arrays, which later steps could not write back. `rate` replays at that many records per second.',
    example: { path: 'tx.jsonl', eventTime: { field: 'ts', maxOutOfOrderness: '2s' } },
  },
  create(params, ctx) {
    const lines = ctx.io.readLines(params.path)[Symbol.asyncIterator]();
    const timeField = params.eventTime?.field;
    const intervalMs = params.rate ? 1000 / params.rate : 0;
    let chunk: string[] = [];
    let at = 0;
    let lineNo = 0;
    let header: string[] | null = params.format === 'csv' ? null : [];
    let done = false;
    let nextDue = 0;

    const parse = (line: string): LineResult =>
      params.format === 'csv' ? parseCsvLine(line, header!) : parseJsonLine(line);

    function reject(line: string, reason: string): void {
      ctx.deadLetter(
        { line: lineNo, text: line.slice(0, MAX_KEPT_LINE) },
        `line ${lineNo}: ${reason}`,
      );
    }

    /** Parses up to `max` lines of the current chunk into the batch. */
    function take(batch: SourceBatch, max: number): void {
      const now = timeField === undefined ? ctx.now() : 0;
      while (at < chunk.length && batch.records.length < max) {
        const line = chunk[at++]!;
        lineNo++;
        if (line.trim() === '') continue;
        if (header === null) {
          header = splitCsvLine(line.endsWith('\r') ? line.slice(0, -1) : line);
          if (header === null || header.length === 0)
            throw new Error('the CSV header row is malformed');
          continue;
        }
        const parsed = parse(line);
        if (!parsed.ok) {
          reject(line, parsed.reason);
          continue;
        }
        let ts = now;
        if (timeField !== undefined) {
          const t = eventTimeOf(parsed.record, timeField);
          if (typeof t === 'string') {
            reject(line, t);
            continue;
          }
          ts = t;
        }
        batch.records.push(parsed.record as Rec);
        batch.times.push(ts);
      }
    }

    return {
      maxOutOfOrderness: params.eventTime ? params.eventTime.maxOutOfOrderness : null,
      async next(max) {
        if (done) return null;
        let limit = max;
        if (intervalMs > 0) {
          const now = ctx.now();
          if (nextDue === 0) nextDue = now;
          if (nextDue > now) await ctx.sleep(nextDue - now);
          limit = Math.max(1, Math.min(max, Math.floor((ctx.now() - nextDue) / intervalMs) + 1));
          nextDue += limit * intervalMs;
        }
        const batch: SourceBatch = { records: [], times: [] };
        while (batch.records.length < limit) {
          if (at >= chunk.length) {
            const read = await lines.next();
            if (read.done) {
              done = true;
              break;
            }
            chunk = read.value;
            at = 0;
          }
          take(batch, limit);
        }
        return batch.records.length === 0 && done ? null : batch;
      },
      async close() {
        await lines.return?.();
      },
    };
  },
});
