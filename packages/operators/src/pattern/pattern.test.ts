import { describe, expect, it } from 'vitest';
import type { Rec } from '../core/runtime.js';
import { createTestContext, type Emitted } from '../core/test-support/context.js';
import { MAX_STRING_LENGTH } from '../expr/index.js';
import { pattern } from './index.js';
import { PatternParams } from './params.js';

const MIN = 60_000;

function build(raw: Record<string, unknown>, keyFields: string[] | null = null) {
  const test = createTestContext(keyFields);
  const op = pattern.create(PatternParams.parse(raw), test.ctx);
  return { ...test, op };
}

/** Feeds records of one key ('' unless given) in arrival order, then a watermark. */
function feed(t: ReturnType<typeof build>, records: [Rec, number][], wm = Infinity, key = '') {
  for (const [record, ts] of records) t.op.onRecord(record, ts, key);
  t.op.onWatermark!(wm);
}

const ids = (emitted: Emitted[], ...steps: string[]) =>
  emitted.map((e) =>
    steps.map((s) => {
      const v = e.record[s];
      return Array.isArray(v) ? v.map((r: Rec) => r.id) : (v as Rec).id;
    }),
  );

const takeover = {
  steps: [
    { name: 'change', where: "type == 'credentialChange'" },
    { name: 'transfer', where: "type == 'transfer' && amount > 5000" },
  ],
  within: '10m',
};

const ab = (afterMatch = 'skipPastLastEvent', within: number | string = 100) => ({
  steps: [
    { name: 'a', where: "t == 'a'" },
    { name: 'b', where: "t == 'b'" },
  ],
  within,
  afterMatch,
});

describe('pattern: A followed by B within a duration', () => {
  it('finds a credential change then a large transfer within 10 minutes, per key', () => {
    const t = build(takeover, ['card']);
    const change = { card: 'c1', type: 'credentialChange' };
    const small = { card: 'c1', type: 'transfer', amount: 10 };
    const big = { card: 'c1', type: 'transfer', amount: 9000 };
    t.op.onRecord(change, 1 * MIN, '["c1"]');
    t.op.onRecord({ card: 'c2', type: 'transfer', amount: 9000 }, 2 * MIN, '["c2"]');
    t.op.onRecord(small, 3 * MIN, '["c1"]');
    t.op.onRecord(big, 6 * MIN, '["c1"]');
    t.op.onWatermark!(Infinity);
    expect(t.out).toHaveLength(1);
    const out = t.out[0]!;
    expect(Object.keys(out.record)).toEqual([
      'card',
      'matchStart',
      'matchEnd',
      'change',
      'transfer',
    ]);
    expect(out.record).toEqual({
      card: 'c1',
      matchStart: 1 * MIN,
      matchEnd: 6 * MIN,
      change,
      transfer: big,
    });
    expect(out).toMatchObject({ ts: 6 * MIN, key: '["c1"]' });
    expect(t.op.stateSize!()).toEqual({ keys: 0, windows: 0 });
  });

  it('requires last - first < within (a match of exactly `within` is out, as in Flink)', () => {
    const inside = build(ab('skipPastLastEvent', 10));
    feed(inside, [
      [{ t: 'a' }, 0],
      [{ t: 'b' }, 9],
    ]);
    expect(inside.out).toHaveLength(1);
    const outside = build(ab('skipPastLastEvent', 10));
    feed(outside, [
      [{ t: 'a' }, 0],
      [{ t: 'b' }, 10],
    ]);
    expect(outside.out).toEqual([]);
  });

  it('ignores unrelated records in between and takes the first B (skip till next)', () => {
    const t = build(ab('noSkip'));
    feed(t, [
      [{ id: 1, t: 'a' }, 1],
      [{ id: 2, t: 'x' }, 2],
      [{ id: 3, t: 'b' }, 3],
      [{ id: 4, t: 'b' }, 4],
    ]);
    expect(ids(t.out, 'a', 'b')).toEqual([[1, 3]]);
  });

  it('a record at the same time as A follows it when it arrives later, not earlier', () => {
    const after = build(ab());
    feed(after, [
      [{ t: 'a' }, 5],
      [{ t: 'b' }, 5],
    ]);
    expect(after.out).toHaveLength(1);
    const before = build(ab());
    feed(before, [
      [{ t: 'b' }, 5],
      [{ t: 'a' }, 5],
    ]);
    expect(before.out).toEqual([]);
  });

  it('keeps one sequence for the whole stream when not keyed', () => {
    const t = build(ab());
    feed(t, [
      [{ id: 1, t: 'a', k: 1 }, 1],
      [{ id: 2, t: 'b', k: 2 }, 2],
    ]);
    expect(ids(t.out, 'a', 'b')).toEqual([[1, 2]]);
    expect(Object.keys(t.out[0]!.record)).toEqual(['matchStart', 'matchEnd', 'a', 'b']);
  });
});

describe('pattern: event time and lateness', () => {
  it('buffers until the watermark passes, then matches in event-time order', () => {
    const t = build(ab());
    t.op.onRecord({ id: 2, t: 'b' }, 20, '');
    t.op.onRecord({ id: 1, t: 'a' }, 10, ''); // arrives after B, happened before it
    t.op.onWatermark!(19);
    expect(t.out).toEqual([]);
    expect(t.op.stateSize!()).toEqual({ keys: 1, windows: 2 }); // one partial, one buffered
    t.op.onWatermark!(20);
    expect(ids(t.out, 'a', 'b')).toEqual([[1, 2]]);
    expect(t.out[0]!.ts).toBe(20);
  });

  it('sends records at or below the watermark to `late`, counted, and never matches them', () => {
    const t = build(ab());
    t.op.onRecord({ t: 'a' }, 10, '');
    t.op.onWatermark!(10);
    const late = { t: 'b' };
    t.op.onRecord(late, 10, ''); // ts == W: late, as Flink CEP
    t.op.onRecord({ t: 'b' }, 5, '');
    expect(t.counters.lateRecords).toBe(2);
    expect(t.late.map((e) => e.ts)).toEqual([10, 5]);
    expect(t.late[0]!.record).toBe(late);
    t.op.onRecord({ t: 'b' }, 11, '');
    t.op.onWatermark!(Infinity);
    expect(t.out.map((e) => [e.record.matchStart, e.record.matchEnd])).toEqual([[10, 11]]);
  });

  it('drops partial matches once the watermark leaves them no chance, so state is bounded', () => {
    const t = build(ab('noSkip', 10));
    t.op.onRecord({ t: 'a' }, 0, '');
    t.op.onRecord({ t: 'a' }, 5, '');
    t.op.onWatermark!(9);
    expect(t.op.stateSize!()).toEqual({ keys: 1, windows: 2 });
    t.op.onWatermark!(10); // W - 0 >= within
    expect(t.op.stateSize!()).toEqual({ keys: 1, windows: 1 });
    t.op.onWatermark!(15);
    expect(t.op.stateSize!()).toEqual({ keys: 0, windows: 0 });
  });

  it('does not buffer records that meet no step', () => {
    const t = build(ab());
    t.op.onRecord({ t: 'x' }, 5, '');
    expect(t.op.stateSize!()).toEqual({ keys: 0, windows: 0 });
  });

  it('sends a record without a finite event time to the dead letters', () => {
    const t = build(ab());
    t.op.onRecord({ t: 'a' }, Number.NaN, '');
    expect(t.deadLetters).toHaveLength(1);
    expect(t.deadLetters[0]!.ts).toBeUndefined(); // no event time to keep
    expect(t.counters.lateRecords).toBe(0);
  });

  it('sends a record on which a condition fails to the dead letters, at its event time', () => {
    const t = build({
      steps: [
        { name: 'a', where: "t == 'a'" },
        { name: 'b', where: 'len(s + s) > 0' },
      ],
      within: 100,
    });
    const record = { t: 'b', s: 'x'.repeat(MAX_STRING_LENGTH) };
    t.op.onRecord(record, 7, '');
    expect(t.deadLetters).toEqual([
      {
        record,
        reason:
          'pattern condition failed: +: the text would be longer than 1,048,576 characters (MAX_STRING_LENGTH)',
        ts: 7,
      },
    ]);
    expect(t.op.stateSize!()).toEqual({ keys: 0, windows: 0 });
  });
});

describe('pattern: repeated steps (timesOrMore, relaxed)', () => {
  const tinyThenBig = (afterMatch: string) => ({
    steps: [
      { name: 'tiny', where: 'amount < 2', times: { min: 3 } },
      { name: 'big', where: 'amount > 500' },
    ],
    within: '1m',
    afterMatch,
  });
  const burst: [Rec, number][] = [
    [{ id: 1, amount: 1 }, 1000],
    [{ id: 2, amount: 1 }, 2000],
    [{ id: 9, amount: 50 }, 2500], // unrelated: ignored
    [{ id: 3, amount: 1 }, 3000],
    [{ id: 4, amount: 1 }, 4000],
    [{ id: 5, amount: 900 }, 5000],
  ];

  it('A×3+ then B, skipPastLastEvent: one match, the earliest and longest', () => {
    const t = build(tinyThenBig('skipPastLastEvent'));
    feed(t, burst);
    expect(ids(t.out, 'tiny', 'big')).toEqual([[[1, 2, 3, 4], 5]]);
    expect(t.out[0]!.record).toMatchObject({ matchStart: 1000, matchEnd: 5000 });
  });

  it('A×3+ then B, noSkip: every start and every length of at least 3', () => {
    const t = build(tinyThenBig('noSkip'));
    feed(t, burst);
    expect(ids(t.out, 'tiny', 'big')).toEqual([
      [[1, 2, 3, 4], 5],
      [[1, 2, 3], 5],
      [[2, 3, 4], 5],
    ]);
  });

  it('a trailing repeated step reports as soon as it has its minimum (at least N within a minute)', () => {
    const raw = {
      steps: [{ name: 'tiny', where: 'amount < 2', times: { min: 3 } }],
      within: '1m',
    };
    const six: [Rec, number][] = [1, 2, 3, 4, 5, 6].map((id) => [{ id, amount: 1 }, id * 1000]);
    const skip = build(raw);
    for (const [r, ts] of six.slice(0, 3)) skip.op.onRecord(r, ts, '');
    skip.op.onWatermark!(3000);
    expect(ids(skip.out, 'tiny')).toEqual([[[1, 2, 3]]]);
    feed(skip, six.slice(3));
    expect(ids(skip.out, 'tiny')).toEqual([[[1, 2, 3]], [[4, 5, 6]]]);

    const all = build({ ...raw, afterMatch: 'noSkip' });
    feed(all, six.slice(0, 5));
    expect(ids(all.out, 'tiny')).toEqual([
      [[1, 2, 3]],
      [[1, 2, 3, 4]],
      [[2, 3, 4]],
      [[1, 2, 3, 4, 5]],
      [[2, 3, 4, 5]],
      [[3, 4, 5]],
    ]);
  });

  it('a repeated step does not count records outside `within`', () => {
    const t = build({
      steps: [{ name: 'tiny', where: 'amount < 2', times: { min: 3 } }],
      within: '1m',
    });
    feed(t, [
      [{ id: 1, amount: 1 }, 0],
      [{ id: 2, amount: 1 }, 30_000],
      [{ id: 3, amount: 1 }, 60_000],
      [{ id: 4, amount: 1 }, 89_000],
    ]);
    expect(ids(t.out, 'tiny')).toEqual([[[2, 3, 4]]]);
  });

  it('times.min 1 is one or more, unlike a step without times', () => {
    const t = build({
      steps: [
        { name: 'a', where: "t == 'a'", times: { min: 1 } },
        { name: 'b', where: "t == 'b'" },
      ],
      within: 100,
      afterMatch: 'noSkip',
    });
    feed(t, [
      [{ id: 1, t: 'a' }, 1],
      [{ id: 2, t: 'c' }, 2],
      [{ id: 3, t: 'a' }, 3],
      [{ id: 4, t: 'b' }, 4],
    ]);
    // Flink's documented example `a+ b` on a1 c a2 b with relaxed contiguity.
    expect(ids(t.out, 'a', 'b')).toEqual([
      [[1, 3], 4],
      [[1], 4],
      [[3], 4],
    ]);
  });

  it('matches a three-step pattern with a repetition in the middle', () => {
    const t = build({
      steps: [
        { name: 'login', where: "e == 'login'" },
        { name: 'fails', where: "e == 'fail'", times: { min: 2 } },
        { name: 'reset', where: "e == 'reset'" },
      ],
      within: 100,
    });
    feed(t, [
      [{ id: 1, e: 'login' }, 1],
      [{ id: 2, e: 'fail' }, 2],
      [{ id: 3, e: 'view' }, 3],
      [{ id: 4, e: 'fail' }, 4],
      [{ id: 5, e: 'fail' }, 5],
      [{ id: 6, e: 'reset' }, 6],
    ]);
    expect(ids(t.out, 'login', 'fails', 'reset')).toEqual([[1, [2, 4, 5], 6]]);
  });
});

describe('pattern: after a match', () => {
  const stream: [Rec, number][] = [
    [{ id: 1, t: 'a' }, 1],
    [{ id: 2, t: 'a' }, 2],
    [{ id: 3, t: 'b' }, 3],
    [{ id: 4, t: 'a' }, 4],
    [{ id: 5, t: 'b' }, 5],
  ];

  it('noSkip reports overlapping matches', () => {
    const t = build(ab('noSkip'));
    feed(t, stream);
    expect(ids(t.out, 'a', 'b')).toEqual([
      [1, 3],
      [2, 3],
      [4, 5],
    ]);
  });

  it('skipPastLastEvent drops every partial match started up to the last matched record', () => {
    const t = build(ab('skipPastLastEvent'));
    feed(t, stream);
    // a2 is in no match, but started before b3 ended one: dropped, as Flink's SKIP_PAST_LAST_EVENT.
    expect(ids(t.out, 'a', 'b')).toEqual([
      [1, 3],
      [4, 5],
    ]);
  });
});

describe('pattern: output and state', () => {
  it('writes a step named __proto__ as a plain field', () => {
    const t = build({ steps: [{ name: '__proto__', where: 'true' }], within: 10 });
    feed(t, [[{ x: 1 }, 3]]);
    expect(JSON.stringify(t.out[0]!.record)).toBe(
      '{"matchStart":3,"matchEnd":3,"__proto__":{"x":1}}',
    );
  });

  it('resumes from a JSON snapshot with buffered records and partial matches', () => {
    const raw = {
      steps: [
        { name: 'a', where: "t == 'a'", times: { min: 2 } },
        { name: 'b', where: "t == 'b'" },
      ],
      within: 100,
      afterMatch: 'noSkip',
    };
    const a = build(raw, ['k']);
    a.op.onRecord({ id: 1, k: 1, t: 'a' }, 1, '[1]');
    a.op.onRecord({ id: 2, k: 1, t: 'a' }, 2, '[1]');
    a.op.onWatermark!(1);
    a.op.onRecord({ id: 3, k: 1, t: 'a' }, 3, '[1]');
    const snap = JSON.parse(JSON.stringify(a.op.snapshot!())) as unknown;
    const b = build(raw, ['k']);
    b.op.restore!(snap);
    expect(b.op.stateSize!()).toEqual(a.op.stateSize!());
    b.op.onRecord({ id: 4, k: 1, t: 'b' }, 4, '[1]');
    b.op.onWatermark!(Infinity);
    expect(ids(b.out, 'a', 'b')).toEqual([
      [[1, 2, 3], 4],
      [[1, 2], 4],
      [[2, 3], 4],
    ]);
    expect(() => b.op.restore!({ version: 2 })).toThrow(/snapshot/);
  });

  it('releases its state on close', () => {
    const t = build(ab());
    t.op.onRecord({ t: 'a' }, 1, '');
    void t.op.close!();
    expect(t.op.stateSize!()).toEqual({ keys: 0, windows: 0 });
  });
});
