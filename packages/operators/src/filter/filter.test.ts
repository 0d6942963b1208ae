import { describe, expect, it } from 'vitest';
import { createTestContext } from '../core/test-support/context.js';
import { MAX_STRING_LENGTH } from '../expr/index.js';
import { filter, FilterParams } from './index.js';

function build(expr: string) {
  const test = createTestContext();
  const op = filter.create(FilterParams.parse({ expr }), test.ctx);
  return { ...test, op };
}

describe('filter', () => {
  it('passes the records for which the expression is truthy, unchanged', () => {
    const t = build('amount > 10');
    const big = { amount: 11 };
    t.op.onRecord({ amount: 10 }, 1, '');
    t.op.onRecord(big, 2, 'k');
    t.op.onRecord({ amount: 'x' }, 3, '');
    expect(t.out).toEqual([{ record: big, ts: 2, key: 'k' }]);
    expect(t.out[0]!.record).toBe(big);
    expect(t.deadLetters).toEqual([]);
  });

  it('sends a record on which the expression fails to the dead letters, at its event time', () => {
    const t = build('len(s + s) > 0');
    const record = { s: 'x'.repeat(MAX_STRING_LENGTH) };
    t.op.onRecord(record, 42, 'k');
    expect(t.out).toEqual([]);
    expect(t.deadLetters).toEqual([
      {
        record,
        reason:
          'filter expression failed: +: the text would be longer than 1,048,576 characters (MAX_STRING_LENGTH)',
        ts: 42,
      },
    ]);
  });
});
