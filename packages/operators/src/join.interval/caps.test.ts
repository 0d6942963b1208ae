import { describe, expect, it } from 'vitest';
import type { Rec } from '../core/runtime.js';
import { bestOf } from '../core/test-support/hostile.js';
import { createTestContext } from '../core/test-support/context.js';
import { INTERVAL_JOIN_LIMITS, IntervalJoinOperator, type IntervalJoinLimits } from './operator.js';
import { IntervalJoinParams, MAX_BUFFERED_PER_KEY, MAX_JOINED_PER_RECORD } from './params.js';

function build(raw: Record<string, unknown>, limits: Partial<IntervalJoinLimits> = {}) {
  const test = createTestContext(['k']);
  const params = IntervalJoinParams.parse(raw);
  const op = new IntervalJoinOperator(params, test.ctx, { ...INTERVAL_JOIN_LIMITS, ...limits });
  const left = (record: Rec, ts: number, key = '["a"]') => op.onInput('left', record, ts, key);
  const right = (record: Rec, ts: number, key = '["a"]') => op.onInput('right', record, ts, key);
  return { ...test, op, left, right };
}

const pairs = (t: ReturnType<typeof build>) => t.out.map((e) => [e.record.id, e.record.right_id]);

describe('join.interval: caps on what a key buffers and a record joins', () => {
  it('are 10,000 records per key and side, 10,000 pairs per record', () => {
    expect([MAX_BUFFERED_PER_KEY, MAX_JOINED_PER_RECORD]).toEqual([10_000, 10_000]);
    expect(INTERVAL_JOIN_LIMITS).toEqual({ bufferedPerKey: 10_000, joinedPerRecord: 10_000 });
  });

  it('produces the pairs with the earliest partners, and sends the record to the dead letters', () => {
    const t = build({ lowerBound: -10, upperBound: 10 }, { joinedPerRecord: 2 });
    for (const ts of [4, 2, 3, 1]) t.right({ id: 'r' + ts }, ts);
    const l = { id: 'l' };
    t.left(l, 5);
    expect(pairs(t)).toEqual([
      ['l', 'r1'],
      ['l', 'r2'],
    ]);
    expect(t.deadLetters).toEqual([
      {
        record: l,
        ts: 5,
        reason:
          'join.interval: key ["a"]: 2 of 4 pairs not produced: a record joins at most 2 records of the other side (MAX_JOINED_PER_RECORD), the earliest',
      },
    ]);
  });

  it('evicts the earliest record of a side past the cap, as a dead letter at its own time', () => {
    const t = build({ lowerBound: -10, upperBound: 10 }, { bufferedPerKey: 2 });
    const l1 = { id: 'l1' };
    t.left({ id: 'l2' }, 2);
    t.left(l1, 1); // out of order: the earliest
    expect(t.deadLetters).toEqual([]);
    t.left({ id: 'l3' }, 3);
    expect(t.deadLetters).toEqual([
      {
        record: l1,
        ts: 1,
        reason:
          'join.interval: key ["a"]: evicted from the left buffer, which holds at most 2 records per key (MAX_BUFFERED_PER_KEY), the latest; it joins no later right record',
      },
    ]);
    t.right({ id: 'r' }, 4);
    expect(pairs(t)).toEqual([
      ['l2', 'r'],
      ['l3', 'r'],
    ]);
    expect(t.op.stateSize()).toEqual({ keys: 1, windows: 3 });
  });

  it('evicts the new record itself when it is the earliest of its side, and its timer', () => {
    const t = build({ lowerBound: 0, upperBound: 0 }, { bufferedPerKey: 1 });
    t.right({ id: 'r' }, 5, '');
    t.left({ id: 'l7' }, 7, '');
    const l5 = { id: 'l5' };
    t.left(l5, 5, ''); // joins r on arrival, then is evicted
    expect(pairs(t)).toEqual([['l5', 'r']]);
    expect(t.deadLetters.map((d) => [d.record, d.ts])).toEqual([[l5, 5]]);
    expect(t.deadLetters[0]!.reason).toMatch(/^join.interval: the stream \(not keyed\): evicted/);
    const timers = (t.op as unknown as { timers: { size: number } }).timers;
    expect(timers.size).toBe(2); // r's and l7's: l5's went with it
    t.op.onWatermark(Infinity);
    expect(t.op.stateSize()).toEqual({ keys: 0, windows: 0 });
    expect(timers.size).toBe(0);
  });

  it('keeps a fast stream with bounds of ±1000 days bounded, in state, timers and time', () => {
    // Caps of 500 here, so that the test is quick: the real ones allow 10,000 pairs per record,
    // about a millisecond. Before the caps each record joined all of the other side, and 30,000
    // records took 40 s, each next 5,000 longer than the last.
    const cap = 500;
    const t = build(
      { lowerBound: '-1000d', upperBound: '1000d' },
      { bufferedPerKey: cap, joinedPerRecord: cap },
    );
    const n = 30_000;
    let pairs = 0;
    const ms = bestOf(() => {
      for (let i = 0; i < n; i++) {
        t.op.onInput(i % 2 === 0 ? 'left' : 'right', { id: i }, i, '["a"]');
        t.op.onWatermark(i);
        pairs += t.out.length;
        t.out.length = 0;
      }
    }, 1);
    expect(ms).toBeLessThan(30_000); // wide for a loaded machine; uncapped, minutes
    expect(t.op.stateSize()).toEqual({ keys: 1, windows: 2 * cap });
    const timers = (t.op as unknown as { timers: { size: number } }).timers;
    expect(timers.size).toBe(2 * cap);
    // The first 1,000 records join all of the other side (250,000 pairs); every later one joins
    // the 500 buffered on the other side and evicts the earliest of its own.
    expect(pairs).toBe(cap * cap + (n - 2 * cap) * cap);
    expect(t.deadLetters).toHaveLength(n - 2 * cap);
    expect(t.deadLetters[0]).toMatchObject({ record: { id: 0 }, ts: 0 });
  });
});
