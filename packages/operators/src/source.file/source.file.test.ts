import { describe, expect, it } from 'vitest';
import { createTestContext } from '../core/test-support/context.js';
import type { SourceBatch } from '../core/runtime.js';
import { sourceFile } from './index.js';
import { SourceFileParams } from './params.js';

function open(lines: string[], raw: Record<string, unknown>) {
  const test = createTestContext();
  const ctx = {
    ...test.ctx,
    io: {
      ...test.ctx.io,
      async *readLines() {
        await Promise.resolve();
        yield lines;
      },
    },
  };
  const source = sourceFile.create(SourceFileParams.parse({ path: 'f', ...raw }), ctx);
  return { ...test, source };
}

async function drain(source: ReturnType<typeof open>['source']): Promise<SourceBatch> {
  const all: SourceBatch = { records: [], times: [] };
  for (;;) {
    const batch = await source.next(100);
    if (batch === null) return all;
    all.records.push(...batch.records);
    all.times.push(...batch.times);
  }
}

describe('source.file', () => {
  it('sends a line nested too deep to the dead letters with its line number and no event time', async () => {
    const deep = `{"ts":2,"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const t = open(['{"ts":1}', deep, '{"ts":3}'], { eventTime: { field: 'ts' } });
    const read = await drain(t.source);
    expect(read).toEqual({ records: [{ ts: 1 }, { ts: 3 }], times: [1, 3] });
    expect(t.deadLetters).toHaveLength(1);
    const dead = t.deadLetters[0]!;
    expect(dead.reason).toBe(
      'line 2: nested deeper than 64 levels of objects and arrays (MAX_RECORD_DEPTH)',
    );
    expect(dead.record).toEqual({ line: 2, text: deep.slice(0, 1000) });
    expect(dead.ts).toBeUndefined();
  });
});
