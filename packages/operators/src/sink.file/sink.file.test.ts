import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestContext } from '../core/test-support/context.js';
import { memoryIO, utf8Length, type MemoryIO } from '../core/test-support/memory-io.js';
import type { Rec } from '../core/runtime.js';
import { sinkFile, SinkFileParams } from './index.js';

function open(io: MemoryIO) {
  const test = createTestContext();
  return sinkFile.create(SinkFileParams.parse({ path: 'out.jsonl' }), { ...test.ctx, io });
}

const record: fc.Arbitrary<Rec> = fc.record({
  n: fc.integer(),
  s: fc.string({ unit: 'binary', maxLength: 6 }),
});

async function writeAll(records: readonly Rec[]): Promise<string> {
  const io = memoryIO();
  const sink = open(io);
  await sink.ready!();
  for (const r of records) sink.onRecord(r, 0, '');
  await sink.close!();
  return io.files.get('out.jsonl')!;
}

describe('sink.file', () => {
  it('after a crash and a restore, ends byte for byte as an uninterrupted write', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { maxLength: 30 }),
        fc.nat(30),
        fc.nat(30),
        async (records, cutAt, lostAfter) => {
          const cut = Math.min(cutAt, records.length);
          const crash = Math.min(records.length, cut + lostAfter);
          const io = memoryIO({ 'out.jsonl': 'an older file\n' });
          const before = open(io);
          await before.ready!();
          for (const r of records.slice(0, cut)) before.onRecord(r, 0, '');
          const position = JSON.parse(JSON.stringify(before.snapshot!())) as unknown;
          await before.flush!();
          // Written after the checkpoint, then the process dies (no close).
          for (const r of records.slice(cut, crash)) before.onRecord(r, 0, '');

          const after = open(io);
          after.restore!(position);
          await after.ready!();
          for (const r of records.slice(cut)) after.onRecord(r, 0, '');
          expect(after.snapshot!()).toEqual({ bytes: utf8Length(io.files.get('out.jsonl')!) });
          await after.close!();
          expect(io.files.get('out.jsonl')).toBe(await writeAll(records));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts every byte handed over, multi-byte characters too', async () => {
    const io = memoryIO();
    const sink = open(io);
    expect(sink.snapshot!()).toEqual({ bytes: 0 });
    await sink.ready!();
    sink.onRecord({ s: 'é€😀' }, 0, '');
    expect(sink.snapshot!()).toEqual({ bytes: '{"s":""}\n'.length + 2 + 3 + 4 });
  });

  it('opens its file at the first record or at close when nobody made it ready', async () => {
    const io = memoryIO({ 'out.jsonl': 'old\n' });
    const sink = open(io);
    sink.onRecord({ a: 1 }, 0, '');
    await sink.close!();
    expect(io.files.get('out.jsonl')).toBe('{"a":1}\n');
    const empty = open(io);
    await empty.close!();
    expect(io.files.get('out.jsonl')).toBe('');
  });

  it('refuses to restore onto a file shorter than its checkpoint, before any record', async () => {
    const io = memoryIO({ 'out.jsonl': '{"a":1}\n' });
    const sink = open(io);
    sink.restore!({ bytes: 100 });
    await expect(sink.ready!()).rejects.toThrow(/that output was lost/);
    expect(() => open(io).restore!({ bytes: -1 })).toThrow(/not a sink.file position/);
  });
});
