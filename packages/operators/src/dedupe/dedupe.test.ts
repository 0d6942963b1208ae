import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Key, Rec } from '../core/runtime.js';
import { createTestContext, type Emitted } from '../core/test-support/context.js';
import type { DedupeOperator } from './operator.js';
import { dedupe } from './index.js';
import { DedupeParams } from './params.js';

function build(raw: Record<string, unknown>, keyFields: string[] | null = null) {
  const test = createTestContext(keyFields);
  const op = dedupe.create(DedupeParams.parse(raw), test.ctx) as DedupeOperator;
  return { ...test, op };
}

/** Feeds `[id, ts]` pairs of one key and returns the ids that passed. */
function passes(op: DedupeOperator, out: Emitted[], items: [string, number][], key = '["a"]') {
  const before = out.length;
  for (const [id, ts] of items) op.onRecord({ k: 'a', id }, ts, key);
  return out.slice(before).map((e) => e.record.id);
}

describe('dedupe: semantics', () => {
  it('passes the first record, drops repeats within ttl, passes at first + ttl and restarts', () => {
    const t = build({ ttl: 10 }, ['k']);
    expect(
      passes(t.op, t.out, [
        ['a', 100],
        ['b', 100],
        ['c', 109],
        ['d', 110],
        ['e', 115],
        ['f', 119],
        ['g', 120],
      ]),
    ).toEqual(['a', 'd', 'g']);
    expect(t.op.dropped).toBe(4);
    // Telemetry sees each drop: a drop is neither late nor a dead letter.
    expect(t.counters).toEqual({ dropped: 4, lateRecords: 0 });
    expect(t.deadLetters).toEqual([]);
    expect(t.out[0]).toEqual({ record: { k: 'a', id: 'a' }, ts: 100, key: '["a"]' });
  });

  it("keys by the stream's key, by fields when given, else by the whole record", () => {
    const keyed = build({ ttl: 10 }, ['k']);
    keyed.op.onRecord({ k: 'a', x: 1 }, 1, '["a"]');
    keyed.op.onRecord({ k: 'b', x: 1 }, 2, '["b"]');
    keyed.op.onRecord({ k: 'a', x: 2 }, 3, '["a"]');
    expect(keyed.out.map((e) => e.record)).toEqual([
      { k: 'a', x: 1 },
      { k: 'b', x: 1 },
    ]);

    const byFields = build({ ttl: 10, fields: ['x'] }, ['k']);
    byFields.op.onRecord({ k: 'a', x: 1 }, 1, '["a"]');
    byFields.op.onRecord({ k: 'b', x: 1 }, 2, '["b"]');
    byFields.op.onRecord({ k: 'b' }, 3, '["b"]'); // x missing: null
    byFields.op.onRecord({ k: 'c', x: null }, 4, '["c"]');
    expect(byFields.out.map((e) => [e.record, e.key])).toEqual([
      [{ k: 'a', x: 1 }, '["a"]'],
      [{ k: 'b' }, '["b"]'],
    ]);

    const whole = build({ ttl: 10 });
    whole.op.onRecord({ k: 'a', x: 1 }, 1, '');
    whole.op.onRecord({ k: 'a', x: 2 }, 2, '');
    whole.op.onRecord({ k: 'a', x: 1 }, 3, '');
    expect(whole.out.map((e) => e.record)).toEqual([
      { k: 'a', x: 1 },
      { k: 'a', x: 2 },
    ]);
  });

  it('decides out-of-order records by event time: up to ttl before a passed one is a repeat', () => {
    const t = build({ ttl: 10 }, ['k']);
    expect(
      passes(t.op, t.out, [
        ['a', 50],
        ['b', 41], // 9 before a: repeat
        ['c', 40], // 10 before a: passes
        ['d', 45], // within c and a
        ['e', 59], // within a
        ['f', 60],
      ]),
    ).toEqual(['a', 'c', 'f']);
  });

  it('forgets a key once the watermark passes the end of its ttl, by timer', () => {
    const t = build({ ttl: 10 }, ['k']);
    for (let i = 0; i < 50; i++) t.op.onRecord({ k: i }, i, JSON.stringify([i]));
    expect(t.op.stateSize()).toEqual({ keys: 50, windows: 50 });
    t.op.onWatermark(18); // ttl of ts 0..9 ended at 9..18
    expect(t.op.stateSize()).toEqual({ keys: 40, windows: 40 });
    t.op.onWatermark(Infinity);
    expect(t.op.stateSize()).toEqual({ keys: 0, windows: 0 });
  });

  it('keeps exact results for records after the watermark; late ones see only what is kept', () => {
    const t = build({ ttl: 10 }, ['k']);
    expect(passes(t.op, t.out, [['a', 100]])).toEqual(['a']);
    t.op.onWatermark(108);
    expect(passes(t.op, t.out, [['b', 109]])).toEqual([]); // on time, a still blocks it
    expect(passes(t.op, t.out, [['c', 95]])).toEqual([]); // late, but a is still kept
    t.op.onWatermark(109); // a's ttl [100, 110) ended
    expect(t.op.stateSize().windows).toBe(0);
    expect(passes(t.op, t.out, [['d', 105]])).toEqual(['d']); // late: a is forgotten
    expect(t.op.stateSize().windows).toBe(1); // d's ttl [105, 115) is still ahead
    expect(passes(t.op, t.out, [['e', 90]])).toEqual(['e']); // its ttl ended: not kept
    expect(t.op.stateSize().windows).toBe(1);
  });

  it('sends a record without a finite event time to the dead letters', () => {
    const t = build({ ttl: 10 });
    t.op.onRecord({}, Number.NaN, '');
    expect(t.deadLetters).toHaveLength(1);
    expect(t.out).toEqual([]);
  });

  it('round-trips a snapshot through JSON, timers included, and releases state on close', () => {
    const a = build({ ttl: 10 }, ['k']);
    passes(a.op, a.out, [
      ['a', 100],
      ['b', 101],
    ]);
    a.op.onWatermark(50);
    const snap = JSON.parse(JSON.stringify(a.op.snapshot())) as unknown;
    const b = build({ ttl: 10 }, ['k']);
    b.op.restore(snap);
    expect(b.op.dropped).toBe(1);
    expect(passes(b.op, b.out, [['c', 105]])).toEqual([]);
    b.op.onWatermark(109);
    expect(b.op.stateSize()).toEqual({ keys: 0, windows: 0 });
    expect(() => b.op.restore({ version: 1, keys: [] })).toThrow(/snapshot/);
    a.op.close();
    expect(a.op.stateSize()).toEqual({ keys: 0, windows: 0 });
  });
});

// ---------------------------------------------------------------- brute-force model

/**
 * Keeps every record that ever passed, forever, and decides each new record from the rule
 * written as a formula over that history: a repeat is within ttl of a passed record of its key
 * whose ttl has not ended by the watermark (`p + ttl - 1 > W`).
 */
class DedupeModel {
  W = -Infinity;
  private readonly passed: { key: Key; t: number }[] = [];
  readonly out: Emitted[] = [];

  constructor(
    private readonly ttl: number,
    private readonly keyOf: (record: Rec, key: Key) => Key,
  ) {}

  onRecord(record: Rec, t: number, key: Key): void {
    const k = this.keyOf(record, key);
    const near = this.passed.filter((p) => p.key === k && Math.abs(t - p.t) < this.ttl);
    const repeat = near.some((p) => p.t + this.ttl - 1 > this.W);
    // After the watermark, forgetting is invisible: the full history decides the same.
    if (t > this.W) expect(repeat).toBe(near.length > 0);
    if (repeat) return;
    this.passed.push({ key: k, t });
    this.out.push({ record, ts: t, key });
  }

  onWatermark(wm: number): void {
    this.W = wm;
  }

  size(): { keys: number; windows: number } {
    const kept = this.passed.filter((p) => p.t + this.ttl - 1 > this.W);
    return { keys: new Set(kept.map((p) => p.key)).size, windows: kept.length };
  }
}

// ---------------------------------------------------------------- property tests

const event = fc.record({
  dt: fc.integer({ min: 0, max: 6 }),
  back: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 45 })),
  k: fc.constantFrom<unknown>('a', 'b', null, 1),
  x: fc.constantFrom<unknown>(0, 1, 'y'),
  keep: fc.boolean(),
});

const scenario = fc.record({
  ttl: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 40 })),
  mode: fc.constantFrom('keyed', 'fields', 'whole'),
  ooo: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 25 })),
  events: fc.array(event, { maxLength: 80, size: 'max' }),
  cut: fc.nat(),
  start: fc.integer({ min: -40, max: 20 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

function run(s: Scenario, withSnapshot: boolean) {
  const keyFields = s.mode === 'keyed' ? ['k'] : null;
  const params = DedupeParams.parse({
    ttl: s.ttl,
    ...(s.mode === 'fields' ? { fields: ['x', 'k'] } : {}),
  });
  const model = new DedupeModel(s.ttl, (record, key) =>
    s.mode === 'keyed'
      ? key
      : s.mode === 'fields'
        ? JSON.stringify([record.x ?? null, record.k ?? null])
        : JSON.stringify(record),
  );
  let test = createTestContext(keyFields);
  let op = dedupe.create(params, test.ctx) as DedupeOperator;
  const out: Emitted[] = [];
  let dropped = 0;
  /** Drops counted in the contexts' counters, summed across the cut. */
  let counted = 0;
  let kept = 0;
  const cut = withSnapshot ? s.cut % (s.events.length + 1) : -1;
  let W = -Infinity;
  let maxTs = -Infinity;
  let clock = s.start;
  s.events.forEach((e, i) => {
    clock += e.dt;
    const t = clock - e.back;
    if (i === cut) {
      const snap = JSON.parse(JSON.stringify(op.snapshot())) as unknown;
      out.push(...test.out);
      counted += test.counters.dropped;
      test = createTestContext(keyFields);
      op = dedupe.create(params, test.ctx) as DedupeOperator;
      op.restore(snap);
    }
    // Records of a key are often identical, so whole-record dedupe finds repeats too.
    const record: Rec = { k: e.k, x: e.x };
    const key = s.mode === 'keyed' ? JSON.stringify([e.k]) : '';
    if (e.keep) {
      kept++;
      op.onRecord(record, t, key);
      model.onRecord(record, t, key);
    }
    maxTs = Math.max(maxTs, t);
    const next = Math.max(W, maxTs - s.ooo - 1);
    if (next > W) {
      W = next;
      op.onWatermark(W);
      model.onWatermark(W);
    }
    expect(op.stateSize()).toEqual(model.size());
  });
  op.onWatermark(Infinity);
  model.onWatermark(Infinity);
  out.push(...test.out);
  dropped = op.dropped;
  expect(out).toEqual(model.out);
  for (let i = 0; i < out.length; i++) expect(out[i]!.record).toBe(model.out[i]!.record);
  expect(dropped).toBe(kept - out.length);
  expect(counted + test.counters.dropped).toBe(kept - out.length);
  expect(test.counters.lateRecords).toBe(0);
  expect(op.stateSize()).toEqual({ keys: 0, windows: 0 });
}

describe('dedupe: property tests against a brute-force model', () => {
  it('matches the model (keyed, by fields, whole records; out of order and late)', () => {
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

  it('on a stream in event-time order, is the usual dedupe: pass, drop until first + ttl, restart', () => {
    const ordered = fc.record({
      ttl: fc.integer({ min: 1, max: 20 }),
      times: fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.constantFrom('a', 'b')), {
        maxLength: 60,
      }),
      ooo: fc.integer({ min: 0, max: 10 }),
    });
    fc.assert(
      fc.property(ordered, ({ ttl, times, ooo }) => {
        const t = build({ ttl }, ['k']);
        const first = new Map<string, number>();
        const expected: number[] = [];
        let maxTs = -Infinity;
        [...times]
          .sort((a, b) => a[0] - b[0])
          .forEach(([ts, k], i) => {
            const f = first.get(k);
            if (f === undefined || ts >= f + ttl) {
              first.set(k, ts);
              expected.push(i);
            }
            t.op.onRecord({ k, i }, ts, JSON.stringify([k]));
            maxTs = Math.max(maxTs, ts);
            t.op.onWatermark(maxTs - ooo - 1);
          });
        expect(t.out.map((e) => e.record.i)).toEqual(expected);
        // Bounded: kept times lie in (maxTs - ooo - ttl, maxTs], ttl apart, per key.
        expect(t.op.stateSize().windows).toBeLessThanOrEqual(2 * (1 + Math.ceil(ooo / ttl)));
      }),
      { numRuns: 200 },
    );
  });
});
