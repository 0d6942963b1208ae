import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rec } from '../core/runtime.js';
import {
  createTestContext,
  type DeadLetterSent,
  type Emitted,
} from '../core/test-support/context.js';
import { joinInterval } from './index.js';
import { INTERVAL_JOIN_LIMITS, IntervalJoinOperator } from './operator.js';
import { IntervalJoinParams } from './params.js';
import { IntervalJoinModel, type Joined } from './test-support/model.js';

function build(raw: Record<string, unknown>) {
  const test = createTestContext(['k']);
  const op = joinInterval.create(IntervalJoinParams.parse(raw), test.ctx);
  const left = (record: Rec, ts: number, key = '["a"]') => op.onInput!('left', record, ts, key);
  const right = (record: Rec, ts: number, key = '["a"]') => op.onInput!('right', record, ts, key);
  return { ...test, op, left, right };
}

const ids = (emitted: Emitted[]) => emitted.map((e) => [e.record.id, e.record.right_id, e.ts]);

describe('join.interval: semantics', () => {
  it('joins right records with L + lower <= R <= L + upper, bounds inclusive, at max(L, R)', () => {
    const t = build({ lowerBound: -2, upperBound: 3 });
    for (const r of [7, 8, 10, 13, 14]) t.right({ id: 'r' + r }, r);
    t.left({ id: 'l10' }, 10);
    expect(ids(t.out)).toEqual([
      ['l10', 'r8', 10],
      ['l10', 'r10', 10],
      ['l10', 'r13', 13],
    ]);
    t.right({ id: 'r12' }, 12); // arriving after the left record: joins it too
    expect(ids(t.out).at(-1)).toEqual(['l10', 'r12', 12]);
  });

  it('joins only records with equal keys', () => {
    const t = build({ lowerBound: 0, upperBound: 0 });
    t.left({ id: 1 }, 5, '["a"]');
    t.right({ id: 2 }, 5, '["b"]');
    t.right({ id: 3 }, 5, '["a"]');
    expect(t.out.map((e) => [e.record.id, e.record.right_id, e.key])).toEqual([[1, 3, '["a"]']]);
  });

  it('works with both bounds negative (right before left)', () => {
    const t = build({ lowerBound: '-10ms', upperBound: '-5ms' });
    t.left({ id: 'l' }, 100);
    for (const r of [89, 90, 95, 96, 100]) t.right({ id: r }, r);
    expect(ids(t.out)).toEqual([
      ['l', 90, 100],
      ['l', 95, 100],
    ]);
  });

  it('writes left fields, then right fields with their prefixes; the right wins a clash', () => {
    const t = build({ lowerBound: 0, upperBound: 0, leftPrefix: 'l_', rightPrefix: '' });
    const right: Rec = JSON.parse('{"x":2,"__proto__":"p","l_x":"r"}') as Rec;
    t.left({ x: 1, y: true }, 0);
    t.right(right, 0);
    const out = t.out[0]!.record;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe('{"l_x":"r","l_y":true,"x":2,"__proto__":"p"}');
  });

  it('sends records with ts < W to late, counted, unchanged; ts = W is on time', () => {
    const t = build({ lowerBound: -5, upperBound: 5 });
    t.right({ id: 'r' }, 12);
    t.op.onWatermark!(10);
    const late = { id: 'l9' };
    t.left(late, 9);
    expect(t.late).toEqual([{ record: late, ts: 9, key: '["a"]' }]);
    expect(t.counters.lateRecords).toBe(1);
    t.left({ id: 'l10' }, 10);
    expect(ids(t.out)).toEqual([['l10', 'r', 12]]);
  });

  it('drops a left record once W > L + upper, and a right one once W > R - lower', () => {
    const t = build({ lowerBound: -3, upperBound: 4 });
    t.left({ id: 'l' }, 10); // kept until W > 14
    t.right({ id: 'r' }, 20); // kept until W > 23
    t.op.onWatermark!(14);
    expect(t.op.stateSize!()).toEqual({ keys: 1, windows: 2 });
    t.right({ id: 'r14' }, 14); // on time, and still finds the left record
    expect(ids(t.out)).toEqual([['l', 'r14', 14]]);
    t.op.onWatermark!(15);
    expect(t.op.stateSize!()).toEqual({ keys: 1, windows: 2 }); // r and r14 (kept until W > 17)
    t.op.onWatermark!(23);
    expect(t.op.stateSize!()).toEqual({ keys: 1, windows: 1 });
    t.left({ id: 'l23' }, 23); // 23 - 3 <= 20: joins r
    expect(ids(t.out).at(-1)).toEqual(['l23', 'r', 23]);
    t.op.onWatermark!(Infinity);
    expect(t.op.stateSize!()).toEqual({ keys: 0, windows: 0 });
  });

  it('does not keep a record that no later record can join', () => {
    const t = build({ lowerBound: -10, upperBound: -5 });
    t.op.onWatermark!(100);
    t.right({ id: 'r' }, 95); // late anyway
    t.left({ id: 'l' }, 102); // could only join rights in [92, 97], all late by now
    expect(t.op.stateSize!()).toEqual({ keys: 0, windows: 0 });
    t.right({ id: 'r2' }, 111); // 111 + 10 >= W: kept
    expect(t.op.stateSize!()).toEqual({ keys: 1, windows: 1 });
  });

  it('sends a record without a finite time to the dead letters', () => {
    const t = build({ lowerBound: 0, upperBound: 1 });
    t.left({}, Number.NaN);
    expect(t.deadLetters).toHaveLength(1);
    expect(t.op.stateSize!()).toEqual({ keys: 0, windows: 0 });
  });

  it('refuses records outside its two inputs (bugs, not data)', () => {
    const t = build({ lowerBound: 0, upperBound: 1 });
    expect(() => t.op.onInput!('in', {}, 1, '')).toThrow(/no input "in"/);
    expect(() => t.op.onRecord({}, 1, '')).toThrow(/left/);
  });

  it('round-trips a snapshot as JSON, timers included', () => {
    const a = build({ lowerBound: -1, upperBound: 1 });
    a.left({ id: 'l' }, 10);
    a.right({ id: 'r' }, 30);
    a.op.onWatermark!(5);
    const snap = JSON.parse(JSON.stringify(a.op.snapshot!())) as unknown;
    const b = build({ lowerBound: -1, upperBound: 1 });
    b.op.restore!(snap);
    expect(b.op.stateSize!()).toEqual({ keys: 1, windows: 2 });
    b.left({ id: 'l4' }, 4); // late: the watermark came back too
    expect(b.counters.lateRecords).toBe(1);
    b.right({ id: 'r11' }, 11);
    expect(ids(b.out)).toEqual([['l', 'r11', 11]]);
    b.op.onWatermark!(12);
    expect(b.op.stateSize!()).toEqual({ keys: 1, windows: 2 }); // l gone (W > 10 + 1)
    b.op.onWatermark!(13);
    expect(b.op.stateSize!()).toEqual({ keys: 1, windows: 1 }); // r11 gone (W > 11 + 1)
    expect(() => b.op.restore!({ version: 2 })).toThrow(/snapshot/);
  });

  it('releases its state on close', () => {
    const t = build({ lowerBound: 0, upperBound: 1 });
    t.left({}, 1);
    void t.op.close!();
    expect(t.op.stateSize!()).toEqual({ keys: 0, windows: 0 });
  });
});

// ---------------------------------------------------------------- property tests vs the model

const event = fc.record({
  right: fc.boolean(),
  dt: fc.integer({ min: 0, max: 5 }),
  back: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 40 })),
  k: fc.constantFrom('a', 'b', 'c'),
  v: fc.integer({ min: 0, max: 9 }),
});

// Small caps, so that the property tests reach them; or the real ones, which they never reach.
const limits = fc.oneof(
  fc.constant(INTERVAL_JOIN_LIMITS),
  fc.record({
    bufferedPerKey: fc.integer({ min: 1, max: 6 }),
    joinedPerRecord: fc.integer({ min: 1, max: 6 }),
  }),
);

const scenario = fc.record({
  limits,
  lower: fc.integer({ min: -20, max: 10 }),
  span: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 25 })),
  leftPrefix: fc.constantFrom('', 'l_'),
  rightPrefix: fc.constantFrom('right_', 'r.', ''),
  ooo: fc.tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 15 })),
  start: fc.tuple(fc.integer({ min: -30, max: 30 }), fc.integer({ min: -30, max: 30 })),
  events: fc.array(event, { maxLength: 80, size: 'max' }),
  cut: fc.nat(),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

const canonical = (e: Joined) => {
  const sorted: Rec = {};
  for (const name of Object.keys(e.record).sort()) sorted[name] = e.record[name];
  return JSON.stringify([sorted, e.ts, e.key]);
};
const multiset = (xs: Joined[]) => xs.map(canonical).sort();

/**
 * Two bounded sources, one per side, each with its own clock and watermark (spec §3); the
 * operator sees the minimum of the two (the engine's job), and a side's watermark becomes +∞
 * after its last record.
 */
function run(s: Scenario, withSnapshot: boolean): { joined: number; late: number; dead: number } {
  const upper = s.lower + s.span;
  const raw = {
    lowerBound: s.lower,
    upperBound: upper,
    leftPrefix: s.leftPrefix,
    rightPrefix: s.rightPrefix,
  };
  const params = IntervalJoinParams.parse(raw);
  const model = new IntervalJoinModel(s.lower, upper, s.leftPrefix, s.rightPrefix, s.limits);
  let test = createTestContext(['k']);
  let op = new IntervalJoinOperator(params, test.ctx, s.limits);
  const out: Emitted[] = [];
  const late: Emitted[] = [];
  const dead: DeadLetterSent[] = [];
  let lateCount = 0;

  const clock = [s.start[0], s.start[1]];
  const maxTs = [-Infinity, -Infinity];
  const lastOf = [-1, -1];
  s.events.forEach((e, i) => (lastOf[e.right ? 1 : 0] = i));
  const W = lastOf.map((last) => (last < 0 ? Infinity : -Infinity));
  let seen = -Infinity;
  const advance = () => {
    const wm = Math.min(W[0]!, W[1]!);
    if (wm > seen) {
      seen = wm;
      op.onWatermark!(wm);
      model.onWatermark(wm);
    }
  };
  advance();
  const cut = withSnapshot ? s.cut % (s.events.length + 1) : -1;

  s.events.forEach((e, i) => {
    if (i === cut) {
      const snap = JSON.parse(JSON.stringify(op.snapshot!())) as unknown;
      out.push(...test.out);
      late.push(...test.late);
      dead.push(...test.deadLetters);
      lateCount += test.counters.lateRecords;
      test = createTestContext(['k']);
      op = new IntervalJoinOperator(params, test.ctx, s.limits);
      op.restore!(snap);
    }
    const side = e.right ? 1 : 0;
    clock[side]! += e.dt;
    const ts = clock[side]! - e.back;
    const record: Rec = { id: i, k: e.k, v: e.v };
    const key = JSON.stringify([e.k]);
    op.onInput!(e.right ? 'right' : 'left', record, ts, key);
    model.onInput({ left: !e.right, record, ts, key });
    maxTs[side] = Math.max(maxTs[side]!, ts);
    W[side] = i === lastOf[side] ? Infinity : Math.max(W[side]!, maxTs[side]! - s.ooo[side]! - 1);
    advance();
    expect(op.stateSize!()).toEqual({ keys: model.liveKeys(), windows: model.live().length });
  });

  out.push(...test.out);
  late.push(...test.late);
  dead.push(...test.deadLetters);
  lateCount += test.counters.lateRecords;
  expect(seen).toBe(Infinity);
  expect(op.stateSize!()).toEqual({ keys: 0, windows: 0 });
  // The same pairs in the same order: a record's pairs by the other side's time, then arrival.
  expect(out.map(canonical)).toEqual(model.output().map(canonical));
  expect(multiset(out)).toEqual(multiset(model.output()));
  expect(late.map((e) => e.record.id)).toEqual(model.late.map((r) => r.record.id));
  expect(lateCount).toBe(model.late.length);
  // Dead letters only from the caps here, in order, at the records' own times.
  expect(dead.map((d) => [(d.record as Rec).id, d.ts])).toEqual(
    model.dead.map((d) => [d.record.id, d.ts]),
  );
  return { joined: out.length, late: lateCount, dead: dead.length };
}

describe('join.interval: property tests against a nested-loop model', () => {
  it('outputs the nested-loop join of all non-late records, and cleans its state', () => {
    fc.assert(
      fc.property(scenario, (s) => void run(s, false)),
      { numRuns: 300 },
    );
  });

  it('does the same across a snapshot/restore taken mid-stream', () => {
    fc.assert(
      fc.property(scenario, (s) => void run(s, true)),
      { numRuns: 200 },
    );
  });

  it('is not vacuous: the scenarios join, drop late records and use negative bounds', () => {
    const totals = { joined: 0, late: 0, negativeUpper: 0, dead: 0 };
    for (const s of fc.sample(scenario, { numRuns: 200, seed: 7 })) {
      const { joined, late, dead } = run(s, false);
      totals.joined += joined;
      totals.late += late;
      totals.dead += dead;
      if (s.lower + s.span < 0) totals.negativeUpper++;
    }
    expect(totals.joined).toBeGreaterThan(500);
    expect(totals.late).toBeGreaterThan(50);
    expect(totals.negativeUpper).toBeGreaterThan(10);
    expect(totals.dead).toBeGreaterThan(50);
  });
});
