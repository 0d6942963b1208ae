import { describe, expect, it } from 'vitest';
import { createTestContext } from '../core/test-support/context.js';
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
});
