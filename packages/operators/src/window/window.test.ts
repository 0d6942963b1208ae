import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OperatorContext, Rec } from '../core/runtime.js';
import { window } from './index.js';
import { setField } from '../core/fields.js';
import { WindowOperator } from './operator.js';
import { MAX_SESSIONS_PER_KEY, WindowParams } from './params.js';
import { createTestContext, type Emitted } from '../core/test-support/context.js';
import { replay } from '../core/test-support/replay.js';
import { WindowModel, type ModelAggregation, type ModelConfig } from './test-support/model.js';

function build(raw: Record<string, unknown>, keyFields: string[] | null = null) {
  const test = createTestContext(keyFields);
  const op = window.create(WindowParams.parse(raw), test.ctx);
  return { ...test, op };
}

const rows = (emitted: Emitted[]) => emitted.map((e) => ({ ...e.record }));

describe('window: the sentences of spec §5', () => {
  it('fires a tumbling window once W >= end - 1, at ts end - 1', () => {
    const t = build({ kind: 'tumbling', size: 10, aggregations: [{ fn: 'count', as: 'n' }] });
    t.op.onRecord({ a: 1 }, 3, '');
    t.op.onRecord({ a: 2 }, 9, '');
    t.op.onWatermark!(8);
    expect(t.out).toEqual([]);
    t.op.onWatermark!(9);
    expect(t.out).toEqual([{ record: { windowStart: 0, windowEnd: 10, n: 2 }, ts: 9, key: '' }]);
    expect(t.op.stateSize!()).toEqual({ keys: 0, windows: 0 });
  });

  it('assigns with offset 0 and a non-negative mod, so negative times work', () => {
    const t = build({ size: '10ms', aggregations: [{ fn: 'count', as: 'n' }] });
    t.op.onRecord({}, -1, '');
    t.op.onRecord({}, -10, '');
    t.op.onRecord({}, -11, '');
    t.op.onWatermark!(Infinity);
    expect(rows(t.out)).toEqual([
      { windowStart: -20, windowEnd: -10, n: 1 },
      { windowStart: -10, windowEnd: 0, n: 2 },
    ]);
  });

  it('puts a record in every sliding window [s, s + size) with s a multiple of slide', () => {
    const t = build({
      kind: 'sliding',
      size: 10,
      slide: 4,
      aggregations: [{ fn: 'count', as: 'n' }],
    });
    t.op.onRecord({}, 9, '');
    t.op.onWatermark!(Infinity);
    expect(rows(t.out).map((r) => [r.windowStart, r.windowEnd])).toEqual([
      [0, 10],
      [4, 14],
      [8, 18],
    ]);
  });

  it('joins a session record exactly gap after the previous one to its session', () => {
    const t = build({ kind: 'session', gap: 10, aggregations: [{ fn: 'count', as: 'n' }] });
    t.op.onRecord({}, 0, '');
    t.op.onRecord({}, 10, '');
    t.op.onRecord({}, 21, '');
    t.op.onWatermark!(Infinity);
    expect(rows(t.out)).toEqual([
      { windowStart: 0, windowEnd: 20, n: 2 },
      { windowStart: 21, windowEnd: 31, n: 1 },
    ]);
  });

  it('merges sessions that a record bridges, keeping first/last by arrival', () => {
    const t = build({
      kind: 'session',
      gap: 5,
      aggregations: [
        { fn: 'first', field: 'v', as: 'first' },
        { fn: 'last', field: 'v', as: 'last' },
      ],
    });
    t.op.onRecord({ v: 'a' }, 20, ''); // [20, 25)
    t.op.onRecord({ v: 'b' }, 0, ''); // [0, 5)
    t.op.onRecord({ v: null }, 22, ''); // [20, 27), now after [0, 5) in the state
    t.op.onRecord({}, 10, ''); // [10, 15): alone
    t.op.onRecord({ v: null }, 5, ''); // bridges [0, 5) and [10, 15)
    t.op.onRecord({}, 15, ''); // bridges everything: [0, 27)
    t.op.onWatermark!(Infinity);
    expect(rows(t.out)).toEqual([{ windowStart: 0, windowEnd: 27, first: 'a', last: 'b' }]);
  });

  it('counts a late record and sends it unchanged to the late port', () => {
    const t = build({ size: 10, aggregations: [{ fn: 'count', as: 'n' }] }, ['k']);
    t.op.onRecord({ k: 'a' }, 12, '["a"]');
    t.op.onWatermark!(9);
    const record = { k: 'a', x: 1 };
    t.op.onRecord(record, 5, '["a"]');
    expect(t.counters.lateRecords).toBe(1);
    expect(t.late).toHaveLength(1);
    expect(t.late[0]!.record).toBe(record);
    expect(t.late[0]).toMatchObject({ ts: 5, key: '["a"]' });
    t.op.onWatermark!(Infinity);
    expect(rows(t.out)).toEqual([{ k: 'a', windowStart: 10, windowEnd: 20, n: 1 }]);
  });

  it('with allowedLateness, refires an updated window at once with all its records, then purges', () => {
    const t = build({
      size: 10,
      allowedLateness: 5,
      aggregations: [{ fn: 'count', as: 'n' }],
    });
    t.op.onRecord({}, 1, '');
    t.op.onWatermark!(9);
    expect(rows(t.out)).toEqual([{ windowStart: 0, windowEnd: 10, n: 1 }]);
    t.op.onRecord({}, 2, '');
    expect(rows(t.out)).toEqual([
      { windowStart: 0, windowEnd: 10, n: 1 },
      { windowStart: 0, windowEnd: 10, n: 2 },
    ]);
    t.op.onWatermark!(13);
    expect(t.op.stateSize!()).toEqual({ keys: 1, windows: 1 });
    t.op.onWatermark!(14); // end - 1 + allowedLateness <= W: purged
    expect(t.op.stateSize!()).toEqual({ keys: 0, windows: 0 });
    t.op.onRecord({}, 3, '');
    expect(t.counters.lateRecords).toBe(1);
    expect(t.out).toHaveLength(2);
  });

  it('joins only the sliding windows a record is not late for', () => {
    const t = build({
      kind: 'sliding',
      size: 10,
      slide: 5,
      aggregations: [{ fn: 'count', as: 'n' }],
    });
    t.op.onWatermark!(9);
    t.op.onRecord({}, 7, '');
    expect(t.counters.lateRecords).toBe(0);
    t.op.onWatermark!(Infinity);
    expect(rows(t.out)).toEqual([{ windowStart: 5, windowEnd: 15, n: 1 }]);
  });

  it('checks session lateness on the window after merging', () => {
    const t = build({ kind: 'session', gap: 10, aggregations: [{ fn: 'count', as: 'n' }] });
    t.op.onRecord({}, 5, '');
    t.op.onRecord({}, 15, '');
    t.op.onWatermark!(20);
    t.op.onRecord({}, 3, ''); // [3, 13) alone is late, merged [3, 25) is not
    t.op.onRecord({}, -20, ''); // [-20, -10) merges with nothing: late
    expect(t.counters.lateRecords).toBe(1);
    expect(t.late.map((e) => e.ts)).toEqual([-20]);
    t.op.onWatermark!(Infinity);
    expect(rows(t.out)).toEqual([{ windowStart: 3, windowEnd: 25, n: 3 }]);
  });

  it('writes the key fields, windowStart, windowEnd, then the aggregations', () => {
    const t = build(
      {
        size: '1s',
        aggregations: [
          { fn: 'sum', field: 'amount', as: 'total' },
          { fn: 'count', as: '__proto__' },
        ],
      },
      ['card', 'country'],
    );
    t.op.onRecord({ card: 'c1', country: null, amount: 5 }, 1500, '["c1",null]');
    t.op.onWatermark!(Infinity);
    const out = t.out[0]!;
    expect(Object.keys(out.record)).toEqual([
      'card',
      'country',
      'windowStart',
      'windowEnd',
      'total',
      '__proto__',
    ]);
    expect(JSON.stringify(out.record)).toBe(
      '{"card":"c1","country":null,"windowStart":1000,"windowEnd":2000,"total":5,"__proto__":1}',
    );
    expect(out).toMatchObject({ ts: 1999, key: '["c1",null]' });
  });

  it('reads only own fields: an inherited name is a missing field', () => {
    for (const field of ['constructor', 'toString', '__proto__']) {
      for (const other of [[], [{ fn: 'first' as const, field, as: 'first' }]]) {
        const t = build({
          size: 10,
          aggregations: [
            { fn: 'count', field, as: 'n' },
            { fn: 'sum', field, as: 'sum' },
            { fn: 'max', field, as: 'max' },
            ...other,
          ],
        });
        const own: Rec = {};
        setField(own, field, 4);
        t.op.onRecord({}, 1, '');
        t.op.onRecord(Object.create(null) as Rec, 2, '');
        t.op.onRecord(own, 3, '');
        t.op.onWatermark!(Infinity);
        expect(t.out[0]!.record).toMatchObject({ n: 1, sum: 4, max: 4 });
      }
    }
  });

  it('keeps windows per key', () => {
    const t = build({ size: 10, aggregations: [{ fn: 'count', as: 'n' }] }, ['k']);
    t.op.onRecord({ k: 'a' }, 1, '["a"]');
    t.op.onRecord({ k: 'b' }, 2, '["b"]');
    t.op.onRecord({ k: 'a' }, 3, '["a"]');
    expect(t.op.stateSize!()).toEqual({ keys: 2, windows: 2 });
    t.op.onWatermark!(Infinity);
    expect(rows(t.out).sort((x, y) => String(x.k).localeCompare(String(y.k)))).toEqual([
      { k: 'a', windowStart: 0, windowEnd: 10, n: 2 },
      { k: 'b', windowStart: 0, windowEnd: 10, n: 1 },
    ]);
  });

  it('sends a record without a finite event time to the dead letters', () => {
    const t = build({ size: 10, aggregations: [{ fn: 'count', as: 'n' }] });
    t.op.onRecord({}, Number.NaN, '');
    expect(t.deadLetters).toHaveLength(1);
    expect(t.counters.lateRecords).toBe(0);
  });

  it('round-trips a snapshot taken before any watermark', () => {
    const a = build({ kind: 'session', gap: 10, aggregations: [{ fn: 'count', as: 'n' }] });
    a.op.onRecord({}, 1, '');
    const snap = JSON.parse(JSON.stringify(a.op.snapshot!())) as unknown;
    const b = build({ kind: 'session', gap: 10, aggregations: [{ fn: 'count', as: 'n' }] });
    b.op.restore!(snap);
    b.op.onRecord({}, 11, '');
    b.op.onWatermark!(Infinity);
    expect(rows(b.out)).toEqual([{ windowStart: 1, windowEnd: 21, n: 2 }]);
  });

  it('releases its state on close', () => {
    const t = build({ size: 10, aggregations: [{ fn: 'count', as: 'n' }] });
    t.op.onRecord({}, 1, '');
    void t.op.close!();
    expect(t.op.stateSize!()).toEqual({ keys: 0, windows: 0 });
  });
});

// ---------------------------------------------------------------- property tests vs the model

const AGGREGATIONS: ModelAggregation[] = [
  { fn: 'count', as: 'n' },
  { fn: 'count', field: 'v', as: 'nv' },
  { fn: 'sum', field: 'v', as: 'sum' },
  { fn: 'avg', field: 'v', as: 'avg' },
  { fn: 'min', field: 'v', as: 'min' },
  { fn: 'max', field: 'v', as: 'max' },
  { fn: 'countDistinct', field: 'u', as: 'distinct' },
  { fn: 'first', field: 'u', as: 'first' },
  { fn: 'last', field: 'v', as: 'last' },
];
/** Numeric aggregations only: tumbling and sliding windows keep them as rows of numbers (flat.ts). */
const NUMERIC = AGGREGATIONS.filter((agg) =>
  ['count', 'sum', 'avg', 'min', 'max'].includes(agg.fn),
);

const shape = fc.oneof(
  fc.record({ kind: fc.constant('tumbling' as const), size: fc.integer({ min: 1, max: 25 }) }),
  fc
    .record({ slide: fc.integer({ min: 1, max: 8 }), times: fc.integer({ min: 1, max: 4 }) })
    .map(({ slide, times }) => ({ kind: 'sliding' as const, size: slide * times, slide })),
  fc
    .record({ slide: fc.integer({ min: 1, max: 8 }), extra: fc.integer({ min: 1, max: 12 }) })
    .map(({ slide, extra }) => ({ kind: 'sliding' as const, size: slide + extra, slide })),
  fc.record({ kind: fc.constant('session' as const), gap: fc.integer({ min: 1, max: 15 }) }),
  // More windows per record than a key's ring holds (flat.ts): every window kept in its slot.
  fc.integer({ min: 17, max: 24 }).map((size) => ({ kind: 'sliding' as const, size, slide: 1 })),
);

const numberish = fc.oneof(
  fc.integer({ min: -50, max: 50 }),
  fc.constantFrom<unknown>(null, 'x', '7', true, false, { a: 1 }, [1]),
);
const anything = fc.oneof(
  fc.integer({ min: 0, max: 4 }),
  fc.constantFrom<unknown>(null, 'a', 'b', true, { a: 1 }, { a: 2 }, [1, 2], 0),
);

// Event times follow a clock that moves forward by `dt`; a record is `back` behind it, so
// most are near the watermark and some are out of order, late, or within the lateness.
const event = fc.record(
  {
    dt: fc.integer({ min: 0, max: 6 }),
    back: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 0, max: 12 }),
      fc.integer({ min: 0, max: 45 }),
    ),
    k: fc.constantFrom<unknown>('a', 'b', 'c', null, 1),
    v: numberish,
    u: anything,
    keep: fc.boolean(),
  },
  { requiredKeys: ['dt', 'back', 'k', 'keep'] },
);

const scenario = fc.record({
  shape,
  // Small caps of live sessions per key, so that the property tests reach them; or the real one.
  sessionsPerKey: fc.oneof(fc.constant(MAX_SESSIONS_PER_KEY), fc.integer({ min: 1, max: 4 })),
  lateness: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 })),
  ooo: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 25 })),
  keyed: fc.boolean(),
  events: fc.array(event, { maxLength: 60, size: 'max' }),
  cut: fc.nat(),
  start: fc.integer({ min: -40, max: 20 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

const canonical = (e: Emitted) => {
  const sorted: Rec = {};
  for (const name of Object.keys(e.record).sort()) sorted[name] = e.record[name];
  return JSON.stringify([sorted, e.ts, e.key]);
};
const multiset = (xs: Emitted[]) => xs.map(canonical).sort();

function run(s: Scenario, withSnapshot: boolean, aggregations = AGGREGATIONS) {
  const keyFields = s.keyed ? ['k'] : null;
  const config: ModelConfig = {
    kind: s.shape.kind,
    size: 'size' in s.shape ? s.shape.size : 0,
    slide: 'slide' in s.shape ? s.shape.slide : 0,
    gap: 'gap' in s.shape ? s.shape.gap : 0,
    lateness: s.lateness,
    aggregations,
    keyFields,
    sessionsPerKey: s.sessionsPerKey,
  };
  const params = WindowParams.parse({
    ...s.shape,
    allowedLateness: s.lateness,
    aggregations,
  });
  const model = new WindowModel(config);
  const dead: { record: unknown; ts: number | undefined }[] = [];
  let clock = s.start;
  const steps = s.events.map((e) => {
    clock += e.dt;
    const record: Rec = { k: e.k };
    if ('v' in e) record.v = e.v;
    if ('u' in e) record.u = e.u;
    return {
      t: clock - e.back,
      record,
      key: s.keyed ? JSON.stringify([e.k]) : '',
      keep: e.keep,
      k: e.k,
    };
  });
  const {
    op,
    out,
    late,
    lateRecords: lateCount,
  } = replay(steps, {
    ooo: s.ooo,
    keyFields,
    create: (ctx) => capped(params, ctx, s.sessionsPerKey, dead),
    cut: withSnapshot ? s.cut % (s.events.length + 1) : -1,
    onRecord: (step) => model.onRecord(step.record, step.t, step.key, [step.record.k]),
    onWatermark: (wm) => model.onWatermark(wm),
    afterStep: (o) => expect(o.stateSize!().windows).toBe(model.windowCount()),
  });
  expect(multiset(out)).toEqual(multiset(model.out));
  expect(late.map(canonical)).toEqual(model.late.map(canonical));
  expect(lateCount).toBe(model.late.length);
  // Dead letters only from the cap here, in order, at the records' times.
  expect(dead).toEqual(model.dead);
  expect(op.stateSize!()).toEqual({ keys: 0, windows: 0 });
  return { dead: dead.length };
}

/** A window operator with a cap of `sessionsPerKey`, its dead letters collected into `dead`. */
function capped(
  params: WindowParams,
  ctx: OperatorContext,
  sessionsPerKey: number,
  dead: { record: unknown; ts: number | undefined }[] = [],
) {
  const collecting = Object.create(ctx) as OperatorContext & { deadLetter: unknown };
  collecting.deadLetter = (record: unknown, reason: string, ts?: number) => {
    dead.push({ record, ts });
    ctx.deadLetter(record, reason, ts);
  };
  return new WindowOperator(params, collecting, { sessionsPerKey });
}

describe('window: property tests against a brute-force model', () => {
  it('matches the model (tumbling, sliding, session; keyed and global; every fn)', () => {
    fc.assert(
      fc.property(scenario, (s) => void run(s, false)),
      { numRuns: 300 },
    );
  });

  it('matches the model across a snapshot/restore taken mid-stream', () => {
    fc.assert(
      fc.property(scenario, (s) => void run(s, true)),
      { numRuns: 200 },
    );
  });

  it('matches the model with numeric aggregations only (rows of numbers), snapshot or not', () => {
    fc.assert(
      fc.property(scenario, (s) => void run(s, s.cut % 2 === 0, NUMERIC)),
      { numRuns: 300 },
    );
  });

  it('keeps numeric aggregations as rows of numbers with the same snapshots as objects', () => {
    // The same operator with an aggregation that is not numeric keeps objects (state.ts).
    const withObjects = [...NUMERIC, { fn: 'first' as const, field: 'u', as: 'first' }];
    type Snap = { windows: [string, number, number, unknown[]][] };
    const snapshots = (s: Scenario, aggregations: ModelAggregation[], drop: number) => {
      const params = WindowParams.parse({
        ...(s.shape.kind === 'session' ? { kind: 'tumbling', size: 10 } : s.shape),
        allowedLateness: s.lateness,
        aggregations,
      });
      let clock = s.start;
      const steps = s.events.map((e) => {
        clock += e.dt;
        const record: Rec = { k: e.k };
        if ('v' in e) record.v = e.v;
        if ('u' in e) record.u = e.u;
        return { t: clock - e.back, record, key: JSON.stringify([e.k]), keep: e.keep };
      });
      const taken: Snap[] = [];
      replay(steps, {
        ooo: s.ooo,
        keyFields: ['k'],
        create: (ctx) => new WindowOperator(params, ctx),
        afterStep: (op) => {
          const snap = JSON.parse(JSON.stringify(op.snapshot())) as Snap;
          for (const w of snap.windows) w[3] = w[3].slice(0, w[3].length - drop);
          taken.push(snap);
        },
      });
      return taken;
    };
    fc.assert(
      fc.property(scenario, (s) => {
        expect(snapshots(s, NUMERIC, 0)).toEqual(snapshots(s, withObjects, 1));
      }),
      { numRuns: 200 },
    );
  });

  it('emits exactly the same sequence, order included, across a snapshot/restore as without one', () => {
    // A restored job must write byte-identical files: the order of results matters, not only
    // the set of them (keys of one slot fire in the order they arrived).
    const sequence = (s: Scenario, cut: number, aggregations = AGGREGATIONS) => {
      const params = WindowParams.parse({
        ...s.shape,
        allowedLateness: s.lateness,
        aggregations,
      });
      let clock = s.start;
      const steps = s.events.map((e) => {
        clock += e.dt;
        const record: Rec = { k: e.k };
        if ('v' in e) record.v = e.v;
        return {
          t: clock - e.back,
          record,
          key: s.keyed ? JSON.stringify([e.k]) : '',
          keep: e.keep,
        };
      });
      const { out, late } = replay(steps, {
        ooo: s.ooo,
        keyFields: s.keyed ? ['k'] : null,
        create: (ctx) => capped(params, ctx, s.sessionsPerKey),
        cut,
      });
      return JSON.stringify([out, late]);
    };
    fc.assert(
      fc.property(scenario, (s) => {
        expect(sequence(s, s.cut % (s.events.length + 1))).toBe(sequence(s, -1));
        expect(sequence(s, s.cut % (s.events.length + 1), NUMERIC)).toBe(sequence(s, -1, NUMERIC));
      }),
      { numRuns: 300 },
    );
  });

  it('matches the model for sessions with allowed lateness', () => {
    // Fewer keys and more records, so that sessions bridge and merge often.
    const sessions = fc
      .record({
        base: scenario,
        events: fc.array(
          event.map((e) => ({ ...e, k: e.back % 3 === 0 ? 'b' : 'a' })),
          { minLength: 10, maxLength: 70, size: 'max' },
        ),
      })
      .map(({ base, events }) => ({
        ...base,
        events,
        shape: { kind: 'session' as const, gap: 1 + (base.cut % 12) },
        lateness: base.ooo % 3 === 0 ? 0 : 1 + (base.ooo % 20),
      }));
    fc.assert(
      fc.property(sessions, (s) => void run(s, s.cut % 2 === 0)),
      { numRuns: 200 },
    );
    // Not vacuous: the small caps are reached.
    let dead = 0;
    for (const s of fc.sample(sessions, { numRuns: 200, seed: 7 })) dead += run(s, false).dead;
    expect(dead).toBeGreaterThan(50);
  });
});
