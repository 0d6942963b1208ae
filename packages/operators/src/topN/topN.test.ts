import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Key, Rec } from '../core/runtime.js';
import { createTestContext, type Emitted } from '../core/test-support/context.js';
import { replay } from '../core/test-support/replay.js';
import { topN } from './index.js';
import { TopNParams } from './params.js';

function build(raw: Record<string, unknown>, keyFields: string[] | null = null) {
  const test = createTestContext(keyFields);
  const op = topN.create(TopNParams.parse(raw), test.ctx);
  return { ...test, op };
}

const rows = (emitted: Emitted[]) => emitted.map((e) => ({ ...e.record }));
const brief = (emitted: Emitted[]) =>
  emitted.map((e) => [e.record.id, e.record.rank, e.record.windowStart]);

describe('topN: semantics', () => {
  it('fires the top N of a window once W >= end - 1, at ts end - 1, best first', () => {
    const t = build({ n: 2, by: 'score', window: { size: 10 } });
    t.op.onRecord({ id: 'a', score: 1 }, 1, '');
    t.op.onRecord({ id: 'b', score: 5 }, 2, '');
    t.op.onRecord({ id: 'c', score: 3 }, 3, '');
    t.op.onRecord({ id: 'd', score: 9 }, 12, '');
    t.op.onWatermark!(8);
    expect(t.out).toEqual([]);
    t.op.onWatermark!(9);
    expect(t.out).toEqual([
      { record: { id: 'b', score: 5, rank: 1, windowStart: 0, windowEnd: 10 }, ts: 9, key: '' },
      { record: { id: 'c', score: 3, rank: 2, windowStart: 0, windowEnd: 10 }, ts: 9, key: '' },
    ]);
    expect(t.op.stateSize!()).toEqual({ keys: 1, windows: 1 });
    t.op.onWatermark!(Infinity);
    expect(brief(t.out.slice(2))).toEqual([['d', 1, 10]]);
    expect(t.op.stateSize!()).toEqual({ keys: 0, windows: 0 });
  });

  it('ranks the smallest first with order asc, and breaks ties by arrival', () => {
    const t = build({ n: 3, by: 'v', order: 'asc', window: { size: 10 } });
    t.op.onRecord({ id: 'a', v: 2 }, 5, '');
    t.op.onRecord({ id: 'b', v: 1 }, 1, '');
    t.op.onRecord({ id: 'c', v: 2 }, 0, '');
    t.op.onRecord({ id: 'd', v: 2 }, 9, '');
    t.op.onWatermark!(Infinity);
    expect(brief(t.out)).toEqual([
      ['b', 1, 0],
      ['a', 2, 0],
      ['c', 3, 0],
    ]);
  });

  it('ignores records whose field is not a number (counted as dropped, not late, not dead letters)', () => {
    const t = build({ n: 5, by: 'v', window: { size: 10 } });
    for (const v of [null, '7', true, { a: 1 }, [1]]) t.op.onRecord({ id: String(v), v }, 1, '');
    t.op.onRecord({ id: 'missing' }, 1, '');
    t.op.onRecord({ id: 'neg', v: -3.5 }, 1, '');
    t.op.onWatermark!(100);
    t.op.onRecord({ id: 'lateButNoNumber' }, 1, '');
    expect(brief(t.out)).toEqual([['neg', 1, 0]]);
    expect(t.counters).toEqual({ lateRecords: 0, dropped: 7 });
    expect(t.deadLetters).toEqual([]);
  });

  it("ranks per stream key by default, per partitionBy when given, and keeps each record's key", () => {
    const keyed = build({ n: 1, by: 'v', window: { size: 10 } }, ['user']);
    keyed.op.onRecord({ user: 'u1', id: 'a', v: 1 }, 1, '["u1"]');
    keyed.op.onRecord({ user: 'u2', id: 'b', v: 2 }, 1, '["u2"]');
    keyed.op.onRecord({ user: 'u1', id: 'c', v: 3 }, 1, '["u1"]');
    keyed.op.onWatermark!(Infinity);
    expect(keyed.out.map((e) => [e.record.id, e.key])).toEqual([
      ['c', '["u1"]'],
      ['b', '["u2"]'],
    ]);

    const byRegion = build({ n: 1, by: 'v', partitionBy: ['region'], window: { size: 10 } }, [
      'user',
    ]);
    byRegion.op.onRecord({ user: 'u1', region: 'eu', id: 'a', v: 1 }, 1, '["u1"]');
    byRegion.op.onRecord({ user: 'u2', region: 'eu', id: 'b', v: 2 }, 1, '["u2"]');
    byRegion.op.onRecord({ user: 'u3', id: 'c', v: 0 }, 1, '["u3"]'); // region missing: null
    byRegion.op.onWatermark!(Infinity);
    expect(byRegion.out.map((e) => [e.record.id, e.key])).toEqual([
      ['b', '["u2"]'],
      ['c', '["u3"]'],
    ]);

    const global = build({ n: 1, by: 'v', window: { size: 10 } });
    global.op.onRecord({ id: 'a', v: 1 }, 1, '');
    global.op.onRecord({ id: 'b', v: 2 }, 1, '');
    global.op.onWatermark!(Infinity);
    expect(brief(global.out)).toEqual([['b', 1, 0]]);
  });

  it('ranks a record in every sliding window that holds it', () => {
    const t = build({ n: 1, by: 'v', window: { kind: 'sliding', size: 10, slide: 5 } });
    t.op.onRecord({ id: 'a', v: 1 }, 7, '');
    t.op.onRecord({ id: 'b', v: 2 }, 12, '');
    t.op.onWatermark!(Infinity);
    expect(brief(t.out)).toEqual([
      ['a', 1, 0],
      ['b', 1, 5],
      ['b', 1, 10],
    ]);
  });

  it('sends a record late for all its windows to the late port and counts it', () => {
    const t = build({ n: 3, by: 'v', window: { kind: 'sliding', size: 10, slide: 5 } });
    t.op.onRecord({ id: 'a', v: 1 }, 20, '');
    t.op.onWatermark!(14);
    t.op.onRecord({ id: 'half', v: 1 }, 12, ''); // late for [5, 15), joins [10, 20)
    const record = { id: 'late', v: 9 };
    t.op.onRecord(record, 4, '');
    expect(t.counters.lateRecords).toBe(1);
    expect(t.late).toHaveLength(1);
    expect(t.late[0]!.record).toBe(record);
    t.op.onWatermark!(Infinity);
    expect(brief(t.out)).toEqual([
      ['half', 1, 10],
      ['a', 1, 15],
      ['a', 1, 20],
    ]);
  });

  it('with allowedLateness, refires a ranking the record enters at once, all ranks', () => {
    const t = build({ n: 2, by: 'v', window: { size: 10 }, allowedLateness: 5 });
    t.op.onRecord({ id: 'a', v: 5 }, 1, '');
    t.op.onRecord({ id: 'b', v: 3 }, 2, '');
    t.op.onWatermark!(9);
    expect(brief(t.out)).toEqual([
      ['a', 1, 0],
      ['b', 2, 0],
    ]);
    t.op.onRecord({ id: 'low', v: 1 }, 3, ''); // not in the top 2: nothing to say
    expect(t.out).toHaveLength(2);
    t.op.onRecord({ id: 'c', v: 4 }, 4, '');
    expect(brief(t.out.slice(2))).toEqual([
      ['a', 1, 0],
      ['c', 2, 0],
    ]);
    t.op.onWatermark!(13);
    expect(t.op.stateSize!().windows).toBe(1);
    t.op.onWatermark!(14); // end - 1 + allowedLateness <= W: purged
    expect(t.op.stateSize!().windows).toBe(0);
    t.op.onRecord({ id: 'd', v: 99 }, 5, '');
    expect(t.counters.lateRecords).toBe(1);
    expect(t.out).toHaveLength(4);
  });

  it('keeps only the top N per window and partition', () => {
    const t = build({ n: 3, by: 'v', window: { size: 1000 } });
    for (let i = 0; i < 500; i++) t.op.onRecord({ v: (i * 37) % 101 }, i, '');
    const snap = t.op.snapshot!() as { slots: [number, number, [string, unknown[]][]][] };
    expect(snap.slots[0]![2][0]![1]).toHaveLength(3);
    t.op.onWatermark!(Infinity);
    expect(rows(t.out).map((r) => r.v)).toEqual([100, 100, 100]);
  });

  it("writes the record's fields, then rank, windowStart and windowEnd, replacing its own", () => {
    const t = build({ n: 1, by: 'v', window: { size: '1s' } });
    const record: Rec = JSON.parse('{"rank":"gold","__proto__":1,"v":2}') as Rec;
    t.op.onRecord(record, 1500, '');
    t.op.onWatermark!(Infinity);
    expect(JSON.stringify(t.out[0]!.record)).toBe(
      '{"rank":1,"__proto__":1,"v":2,"windowStart":1000,"windowEnd":2000}',
    );
    expect(record.rank).toBe('gold');
  });

  it('sends a record without a finite event time to the dead letters', () => {
    const t = build({ by: 'v', window: { size: 10 } });
    t.op.onRecord({ v: 1 }, Number.NaN, '');
    expect(t.deadLetters).toHaveLength(1);
    expect(t.counters.lateRecords).toBe(0);
  });

  it('round-trips a snapshot through JSON, and releases its state on close', () => {
    const a = build({ n: 2, by: 'v', window: { size: 10 } });
    a.op.onRecord({ id: 'a', v: 1 }, 1, '');
    const snap = JSON.parse(JSON.stringify(a.op.snapshot!())) as unknown;
    const b = build({ n: 2, by: 'v', window: { size: 10 } });
    b.op.restore!(snap);
    b.op.onRecord({ id: 'b', v: 1 }, 2, '');
    b.op.onWatermark!(Infinity);
    expect(brief(b.out)).toEqual([
      ['a', 1, 0],
      ['b', 2, 0],
    ]);
    expect(() => b.op.restore!({ version: 2 })).toThrow(/snapshot/);
    a.op.close!();
    expect(a.op.stateSize!()).toEqual({ keys: 0, windows: 0 });
  });
});

// ---------------------------------------------------------------- brute-force model

interface ModelConfig {
  n: number;
  desc: boolean;
  size: number;
  slide: number;
  lateness: number;
  /** Fields of partitionBy, or null: the stream's key. */
  partitionBy: string[] | null;
}

interface Accepted {
  record: Rec;
  value: number;
  key: Key;
  partition: string;
  seq: number;
  /** Starts of the live windows the record joined. */
  starts: Set<number>;
}

/**
 * Keeps every accepted record (no top-N pruning) and ranks by sorting them all whenever a
 * ranking is asked for; windows are found by scanning the multiples of slide.
 */
class TopNModel {
  W = -Infinity;
  private seq = 0;
  private live: Accepted[] = [];
  private readonly fired = new Set<string>();
  readonly out: Emitted[] = [];
  readonly late: Emitted[] = [];

  constructor(private readonly c: ModelConfig) {}

  private startsOf(t: number): number[] {
    const starts: number[] = [];
    for (let k = Math.floor((t - this.c.size) / this.c.slide) - 1; k * this.c.slide <= t; k++) {
      const s = k * this.c.slide;
      if (s <= t && t < s + this.c.size) starts.push(s);
    }
    return starts;
  }

  private ranking(partition: string, start: number): Accepted[] {
    const sign = this.c.desc ? -1 : 1;
    return this.live
      .filter((a) => a.partition === partition && a.starts.has(start))
      .sort((a, b) => sign * (a.value - b.value) || a.seq - b.seq)
      .slice(0, this.c.n);
  }

  private emit(partition: string, start: number): void {
    this.ranking(partition, start).forEach((a, i) => {
      const record: Rec = { ...a.record, rank: i + 1, windowStart: start };
      record.windowEnd = start + this.c.size;
      this.out.push({ record, ts: start + this.c.size - 1, key: a.key });
    });
  }

  onRecord(record: Rec, ts: number, key: Key): void {
    const value = record.v;
    if (typeof value !== 'number') return;
    const partition =
      this.c.partitionBy === null
        ? key
        : JSON.stringify(this.c.partitionBy.map((f) => (f in record ? record[f] : null) ?? null));
    const starts = this.startsOf(ts).filter(
      (s) => !(s + this.c.size - 1 + this.c.lateness <= this.W),
    );
    if (starts.length === 0) {
      this.late.push({ record, ts, key });
      return;
    }
    const a: Accepted = { record, value, key, partition, seq: this.seq++, starts: new Set(starts) };
    this.live.push(a);
    // Refires, latest window first, where the record made the top N of a fired window.
    for (const s of [...starts].sort((x, y) => y - x)) {
      if (s + this.c.size - 1 <= this.W && this.ranking(partition, s).includes(a)) {
        this.fired.add(partition + '@' + s);
        this.emit(partition, s);
      }
    }
  }

  /** The live (partition, start) pairs, in order of start then of the partition's first record. */
  private windows(): [string, number][] {
    const seen = new Map<string, [string, number, number]>();
    for (const a of this.live) {
      for (const s of a.starts) {
        const id = a.partition + '@' + s;
        if (!seen.has(id)) seen.set(id, [a.partition, s, a.seq]);
      }
    }
    return [...seen.values()].sort((x, y) => x[1] - y[1] || x[2] - y[2]).map(([p, s]) => [p, s]);
  }

  onWatermark(wm: number): void {
    this.W = wm;
    for (const [p, s] of this.windows()) {
      if (s + this.c.size - 1 <= wm && !this.fired.has(p + '@' + s)) {
        this.fired.add(p + '@' + s);
        this.emit(p, s);
      }
    }
    for (const a of this.live) {
      for (const s of [...a.starts]) {
        if (s + this.c.size - 1 + this.c.lateness <= wm) a.starts.delete(s);
      }
    }
    this.live = this.live.filter((a) => a.starts.size > 0);
  }

  windowCount(): number {
    return this.windows().length;
  }
}

// ---------------------------------------------------------------- property tests

const windowShape = fc.oneof(
  fc.record({ kind: fc.constant('tumbling' as const), size: fc.integer({ min: 1, max: 25 }) }),
  fc
    .record({ slide: fc.integer({ min: 1, max: 8 }), extra: fc.integer({ min: 0, max: 12 }) })
    .map(({ slide, extra }) => ({ kind: 'sliding' as const, size: slide + extra, slide })),
);

const event = fc.record(
  {
    dt: fc.integer({ min: 0, max: 6 }),
    back: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 0, max: 12 }),
      fc.integer({ min: 0, max: 45 }),
    ),
    k: fc.constantFrom<unknown>('a', 'b', null, 1),
    u: fc.constantFrom<unknown>('x', 'y', 'z'),
    // Few distinct values, so ties are common.
    v: fc.oneof(
      { weight: 5, arbitrary: fc.integer({ min: -3, max: 3 }) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>(null, '2', true, 1.5) },
    ),
    keep: fc.boolean(),
  },
  { requiredKeys: ['dt', 'back', 'k', 'u', 'keep'] },
);

const scenario = fc.record({
  window: windowShape,
  n: fc.integer({ min: 1, max: 4 }),
  desc: fc.boolean(),
  partitionBy: fc.constantFrom<string[] | null>(null, ['u'], ['u', 'k']),
  lateness: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 })),
  ooo: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 25 })),
  keyed: fc.boolean(),
  events: fc.array(event, { maxLength: 60, size: 'max' }),
  cut: fc.nat(),
  start: fc.integer({ min: -40, max: 20 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

const canonical = (e: Emitted) => JSON.stringify([e.record, e.ts, e.key]);

function run(s: Scenario, withSnapshot: boolean) {
  const keyFields = s.keyed ? ['k'] : null;
  const params = TopNParams.parse({
    n: s.n,
    by: 'v',
    order: s.desc ? 'desc' : 'asc',
    ...(s.partitionBy === null ? {} : { partitionBy: s.partitionBy }),
    window: s.window,
    allowedLateness: s.lateness,
  });
  const model = new TopNModel({
    n: s.n,
    desc: s.desc,
    size: s.window.size,
    slide: s.window.kind === 'sliding' ? s.window.slide : s.window.size,
    lateness: s.lateness,
    partitionBy: s.partitionBy,
  });
  let clock = s.start;
  const steps = s.events.map((e, i) => {
    clock += e.dt;
    const record: Rec = { k: e.k, u: e.u, i };
    if ('v' in e) record.v = e.v;
    return { t: clock - e.back, record, key: s.keyed ? JSON.stringify([e.k]) : '', keep: e.keep };
  });
  const {
    op,
    out,
    late,
    lateRecords: lateCount,
  } = replay(steps, {
    ooo: s.ooo,
    keyFields,
    create: (ctx) => topN.create(params, ctx),
    cut: withSnapshot ? s.cut % (s.events.length + 1) : -1,
    onRecord: (step) => model.onRecord(step.record, step.t, step.key),
    onWatermark: (wm) => model.onWatermark(wm),
    afterStep: (o) => expect(o.stateSize!().windows).toBe(model.windowCount()),
  });
  // Same rows in the same order: windows by end, partitions by first record, ranks ascending.
  expect(out.map(canonical)).toEqual(model.out.map(canonical));
  expect(late.map(canonical)).toEqual(model.late.map(canonical));
  expect(lateCount).toBe(model.late.length);
  expect(op.stateSize!()).toEqual({ keys: 0, windows: 0 });
}

describe('topN: property tests against a brute-force model', () => {
  it('matches the model (tumbling, sliding; keyed, partitioned and global; late records)', () => {
    fc.assert(
      fc.property(scenario, (s) => run(s, false)),
      { numRuns: 300 },
    );
  });

  it('matches the model across a snapshot/restore taken mid-stream', () => {
    fc.assert(
      fc.property(scenario, (s) => run(s, true)),
      { numRuns: 200 },
    );
  });
});
