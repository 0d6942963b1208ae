import { describe, expect, it } from 'vitest';
import { createTestContext } from '../core/test-support/context.js';
import { map, MapParams } from './index.js';

function build(raw: Record<string, unknown>) {
  const test = createTestContext();
  const op = map.create(MapParams.parse(raw), test.ctx);
  return { ...test, op };
}

describe('map', () => {
  it('computes fields from the input record, keeping the others unless told', () => {
    const kept = build({ fields: { double: 'x * 2', x: 'x + 1' } });
    kept.op.onRecord({ x: 1, y: 'a' }, 5, 'k');
    expect(kept.out).toEqual([{ record: { x: 2, y: 'a', double: 2 }, ts: 5, key: 'k' }]);
    const only = build({ fields: { double: 'x * 2' }, keep: false });
    only.op.onRecord({ x: 1, y: 'a' }, 5, 'k');
    expect(only.out.map((e) => e.record)).toEqual([{ double: 2 }]);
  });
});
