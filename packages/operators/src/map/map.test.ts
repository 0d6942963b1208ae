import { describe, expect, it } from 'vitest';
import type { Rec } from '../core/runtime.js';
import { bestOf } from '../core/test-support/hostile.js';
import { createTestContext } from '../core/test-support/context.js';
import { MAX_STRING_LENGTH } from '../expr/index.js';
import { map, MapParams } from './index.js';

function build(raw: Record<string, unknown>) {
  const test = createTestContext();
  const op = map.create(MapParams.parse(raw), test.ctx);
  return { ...test, op };
}

/** Runs a record through `count` maps of the same params, as a chain; where it stopped and why. */
function chain(raw: Record<string, unknown>, count: number, record: Rec) {
  let current = record;
  for (let i = 1; i <= count; i++) {
    const t = build(raw);
    t.op.onRecord(current, 1234, 'k');
    const dead = t.deadLetters[0];
    if (dead !== undefined) return { passed: i - 1, dead };
    current = t.out[0]!.record;
  }
  return { passed: count, dead: undefined, record: current };
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

  it('stops concat(s, s) doubling through chained maps at 1 MiB: a dead letter at its event time', () => {
    const { passed, dead } = chain({ fields: { s: 'concat(s, s)' } }, 30, { s: 'x' });
    expect(2 ** passed).toBe(MAX_STRING_LENGTH); // the 20th map makes exactly the cap
    expect(dead?.reason).toBe(
      'map expression failed: concat: the text would be longer than 1,048,576 characters (MAX_STRING_LENGTH)',
    );
    expect(dead?.ts).toBe(1234);
  });

  it("stops { a: '$', b: '$' } doubling the record's JSON text through chained maps", () => {
    let result: ReturnType<typeof chain> | undefined;
    // Fails within the cap's work, not after writing 2^30 copies of the record.
    expect(
      bestOf(() => (result = chain({ fields: { a: '$', b: '$' } }, 30, { s: 'x'.repeat(100) }))),
    ).toBeLessThan(2000);
    expect(result!.passed).toBeLessThan(15);
    expect(result!.dead?.reason).toBe(
      'map: the computed fields would add more than 1,048,576 characters of JSON to the record (MAX_STRING_LENGTH)',
    );
    expect(result!.dead?.ts).toBe(1234);
  });

  it('lets the computed fields of one record add up to the cap, not past it', () => {
    const half = 'h'.repeat(MAX_STRING_LENGTH / 2);
    const t = build({ fields: { a: 's', b: 's' }, keep: false });
    t.op.onRecord({ s: half }, 1, '');
    expect(t.out).toHaveLength(1);
    t.op.onRecord({ s: `${half}!` }, 2, '');
    expect(t.out).toHaveLength(1);
    expect(t.deadLetters.map((d) => d.ts)).toEqual([2]);
  });
});
