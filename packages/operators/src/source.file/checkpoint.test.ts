import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestContext, type DeadLetterSent } from '../core/test-support/context.js';
import { memoryIO, type MemoryIO } from '../core/test-support/memory-io.js';
import type { Rec, SourceRuntime } from '../core/runtime.js';
import { sourceFile } from './index.js';
import { SourceFileParams } from './params.js';

/** Text of one character class at a time: ASCII, 2-, 3- and 4-byte UTF-8, and CSV's own. */
const text = fc
  .array(fc.constantFrom('a', 'Z', '7', ' ', 'é', 'ß', '€', '中', '😀', '𝄞', ',', '"', '\\'), {
    maxLength: 8,
  })
  .map((chars) => chars.join(''));

const jsonLine = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ ts: fc.nat(10_000), s: text }).map((r) => JSON.stringify(r)),
  },
  { weight: 1, arbitrary: text.map((s) => JSON.stringify({ s })) }, // no event time
  { weight: 1, arbitrary: text.map((s) => `{"ts": 1, "s": "${s}`) }, // not JSON
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '[1,2]', '{"ts":3}\r') },
);

const csvCell = text.map((s) => (/[,"]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s));
const csvLine = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.nat(10_000), csvCell).map(([ts, s]) => `${ts},${s}`) },
  { weight: 1, arbitrary: fc.tuple(csvCell, csvCell).map(([a, b]) => `${a},${b},x`) }, // 3 cells
  { weight: 1, arbitrary: fc.constantFrom('', '1,"open', '2,b\r', 'late,x') },
);

/** A file as text, with or without a newline after its last line. */
const file = fc.oneof(
  fc.tuple(fc.constant('jsonl' as const), fc.array(jsonLine, { maxLength: 40 }), fc.boolean()),
  fc.tuple(
    fc.constant('csv' as const),
    fc.array(csvLine, { maxLength: 40 }).map((rows) => ['', 'ts,s', ...rows]),
    fc.boolean(),
  ),
);

interface Read {
  records: Rec[];
  times: number[];
  deadLetters: Pick<DeadLetterSent, 'record' | 'reason'>[];
}

function open(io: MemoryIO, format: 'jsonl' | 'csv', eventTime: boolean) {
  const test = createTestContext();
  const ctx = { ...test.ctx, io };
  const params = SourceFileParams.parse({
    path: 'f',
    format,
    ...(eventTime ? { eventTime: { field: 'ts' } } : {}),
  });
  return { test, source: sourceFile.create(params, ctx) };
}

/** Reads batches of the sizes given in turn, `count` of them (all when undefined). */
async function read(
  source: SourceRuntime,
  sizes: readonly number[],
  into: Read,
  count = Infinity,
): Promise<boolean> {
  for (let i = 0; i < count; i++) {
    const batch = await source.next(sizes[i % sizes.length]!);
    if (batch === null) return true;
    into.records.push(...batch.records);
    into.times.push(...batch.times);
  }
  return false;
}

const letters = (sent: DeadLetterSent[]) => sent.map(({ record, reason }) => ({ record, reason }));

describe('source.file checkpoints', () => {
  it('reads on after a restore exactly as one uninterrupted read, wherever the cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        file,
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 4 }),
        fc.nat(30),
        fc.option(fc.integer({ min: 1, max: 40 })),
        async ([format, lines, newline], eventTime, sizes, chunks, chunksAfter, cut, pending) => {
          const content = lines.join('\n') + (newline && lines.length > 0 ? '\n' : '');
          const whole: Read = { records: [], times: [], deadLetters: [] };
          const first = open(memoryIO({ f: content }, { chunkLines: chunks }), format, eventTime);
          await read(first.source, sizes, whole);
          whole.deadLetters = letters(first.test.deadLetters);

          // The cut: after `cut` batches, or during the read of the chunk after them.
          let hold: { reached: () => void; release: Promise<void> } | null = null;
          const io = memoryIO(
            { f: content },
            {
              chunkLines: chunks,
              beforeChunk: () => {
                const held = hold;
                hold = null;
                if (held === null) return Promise.resolve();
                held.reached();
                return held.release;
              },
            },
          );
          const before = open(io, format, eventTime);
          const got: Read = { records: [], times: [], deadLetters: [] };
          const ended = await read(before.source, sizes, got, cut);
          let release = () => {};
          // Pending: read batches of `pending` until a read of the next chunk is held; cut then.
          for (let more = pending !== null && !ended; more;) {
            const reached = new Promise<'reached'>((resolve) => {
              hold = {
                reached: () => resolve('reached'),
                release: new Promise<void>((done) => (release = done)),
              };
            });
            const answer = await Promise.race([reached, before.source.next(pending!)]);
            if (answer === 'reached' || answer === null) more = false;
            else {
              got.records.push(...answer.records);
              got.times.push(...answer.times);
            }
          }
          const position = JSON.parse(JSON.stringify(before.source.snapshot!())) as unknown;
          got.deadLetters.push(...letters(before.test.deadLetters));
          release();
          await before.source.close?.();

          const after = open(
            memoryIO({ f: content }, { chunkLines: chunksAfter }),
            format,
            eventTime,
          );
          after.source.restore!(position);
          await read(after.source, sizes, got);
          got.deadLetters.push(...letters(after.test.deadLetters));
          expect(got).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps line numbers and the CSV header across a restore', async () => {
    const content = '\nts,name\n1,ä\n2,"b,€"\nbad\n3,😀\n';
    const first = open(memoryIO({ f: content }, { chunkLines: [2] }), 'csv', true);
    const batch = await first.source.next(1);
    expect(batch?.records).toEqual([{ ts: 1, name: 'ä' }]);
    const position = first.source.snapshot!();
    expect(position).toEqual({ byte: 14, line: 4, header: ['ts', 'name'] });
    const after = open(memoryIO({ f: content }), 'csv', true);
    after.source.restore!(position);
    const rest: Read = { records: [], times: [], deadLetters: [] };
    await read(after.source, [10], rest);
    expect(rest.records).toEqual([
      { ts: 2, name: 'b,€' },
      { ts: 3, name: '😀' },
    ]);
    expect(letters(after.test.deadLetters)).toEqual([
      { record: { line: 5, text: 'bad' }, reason: 'line 5: expected 2 CSV cells, got 1' },
    ]);
  });

  it('refuses a position that is not one', () => {
    const { source } = open(memoryIO({ f: '' }), 'jsonl', false);
    expect(() => source.restore!({ byte: -1, line: 1 })).toThrow(/not a source.file position/);
    expect(() => source.restore!(null)).toThrow(/not a source.file position/);
  });
});
