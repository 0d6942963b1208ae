import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OperatorContext, Rec } from '../core/runtime.js';
import {
  createTestContext,
  type DeadLetterSent,
  type Emitted,
} from '../core/test-support/context.js';
import { PatternOperator, PATTERN_LIMITS } from './operator.js';
import { PatternParams } from './params.js';
import type { PatternSnapshot } from './state.js';
import { PatternModel, type ModelConfig } from './test-support/model.js';

// Conditions as expression text and as plain JavaScript, for the model.
const CONDITIONS: { where: string; test: (r: Rec) => boolean }[] = [
  { where: 'v == 1', test: (r) => r.v === 1 },
  { where: 'v == 2', test: (r) => r.v === 2 },
  { where: 'v >= 1', test: (r) => (r.v as number) >= 1 },
  { where: 'v <= 2', test: (r) => (r.v as number) <= 2 },
  { where: 'v == 1 || v == 3', test: (r) => r.v === 1 || r.v === 3 },
  { where: 'true', test: () => true },
];

const step = fc.record({
  cond: fc.integer({ min: 0, max: CONDITIONS.length - 1 }),
  min: fc.constantFrom(0, 1, 2, 3),
});

// Event times follow a clock moving forward by `dt`; a record is `back` behind it.
const event = fc.record({
  dt: fc.integer({ min: 0, max: 4 }),
  back: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 20 })),
  k: fc.constantFrom('a', 'b', null),
  v: fc.integer({ min: 0, max: 3 }),
});

// Small caps, so that the property tests reach them; or the real ones, which they never reach.
const limits = fc.oneof(
  fc.constant(PATTERN_LIMITS),
  fc.record({
    partialMatches: fc.integer({ min: 1, max: 8 }),
    records: fc.integer({ min: 1, max: 24 }),
    reported: fc.integer({ min: 1, max: 12 }),
  }),
);

const scenario = fc.record({
  limits,
  steps: fc.tuple(step, step),
  within: fc.integer({ min: 1, max: 30 }),
  skip: fc.boolean(),
  keyed: fc.boolean(),
  ooo: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 15 })),
  events: fc.array(event, { maxLength: 45, size: 'max' }),
  cut: fc.nat(),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

const canonical = (e: Emitted) => JSON.stringify([e.record, e.ts, e.key]);
const multiset = (xs: Emitted[]) => xs.map(canonical).sort();

function run(s: Scenario, withSnapshot: boolean) {
  const keyFields = s.keyed ? ['k'] : null;
  const names = ['first', 'second'] as const;
  const config: ModelConfig = {
    steps: [0, 1].map((i) => ({
      name: names[i]!,
      test: CONDITIONS[s.steps[i]!.cond]!.test,
      min: s.steps[i]!.min,
    })) as ModelConfig['steps'],
    within: s.within,
    skip: s.skip,
    keyFields,
    limits: s.limits,
  };
  const params = PatternParams.parse({
    steps: [0, 1].map((i) => ({
      name: names[i],
      where: CONDITIONS[s.steps[i]!.cond]!.where,
      ...(s.steps[i]!.min > 0 ? { times: { min: s.steps[i]!.min } } : {}),
    })),
    within: s.within,
    afterMatch: s.skip ? 'skipPastLastEvent' : 'noSkip',
  });
  const model = new PatternModel(config);
  let test = createTestContext(keyFields);
  const create = (ctx: OperatorContext) => new PatternOperator(params, ctx, s.limits);
  let op = create(test.ctx);
  const out: Emitted[] = [];
  const late: Emitted[] = [];
  const dead: DeadLetterSent[] = [];
  let lateCount = 0;
  const cut = withSnapshot ? s.cut % (s.events.length + 1) : -1;
  const check = () => {
    expect(multiset([...out, ...test.out])).toEqual(multiset(model.output()));
    // Dead letters only from the caps here, at the records' times (key order aside).
    const sent = [...dead, ...test.deadLetters].map((d) => JSON.stringify([d.record, d.ts]));
    const expected = model.deadLetters().map((d) => JSON.stringify([d.record, d.ts]));
    expect(sent.sort()).toEqual(expected.sort());
    expect([...late, ...test.late].map(canonical)).toEqual(model.late.map(canonical));
    expect(lateCount + test.counters.lateRecords).toBe(model.late.length);
  };
  let W = -Infinity;
  let maxTs = -Infinity;
  let clock = 0;
  s.events.forEach((e, i) => {
    clock += e.dt;
    const t = clock - e.back;
    if (i === cut) {
      const snap = JSON.parse(JSON.stringify(op.snapshot!())) as unknown;
      out.push(...test.out);
      late.push(...test.late);
      dead.push(...test.deadLetters);
      lateCount += test.counters.lateRecords;
      test = createTestContext(keyFields);
      op = create(test.ctx);
      op.restore!(snap);
    }
    const record: Rec = { k: e.k, v: e.v, i };
    const key = s.keyed ? JSON.stringify([e.k]) : '';
    op.onRecord(record, t, key);
    model.onRecord(record, t, key, [e.k]);
    maxTs = Math.max(maxTs, t);
    const next = Math.max(W, maxTs - s.ooo - 1);
    if (next > W) {
      W = next;
      op.onWatermark!(W);
      model.onWatermark(W);
      check();
      // Bounded state: nothing buffered at or below W, no partial match the window excludes,
      // the partial matches the model states, and within the caps.
      const snap = op.snapshot!() as PatternSnapshot;
      const held = new Map<string, Map<unknown, { count: number; records: number }>>();
      for (const [key, body] of snap.keys) {
        const byseq = new Map(body.events.map((ev) => [ev[0], ev]));
        for (const seq of body.buffer) expect(byseq.get(seq)![1]).toBeGreaterThan(W);
        let count = 0;
        let records = 0;
        const starts = new Map<unknown, { count: number; records: number }>();
        for (const p of body.partials) {
          const first = byseq.get(p[4][0]!)!;
          expect(W - first[1]).toBeLessThan(s.within);
          const h = starts.get(first[3].i) ?? { count: 0, records: 0 };
          h.count++;
          h.records += p[4].length;
          starts.set(first[3].i, h);
          count++;
          records += p[4].length;
        }
        expect(count).toBeLessThanOrEqual(s.limits.partialMatches);
        expect(records).toBeLessThanOrEqual(s.limits.records);
        if (starts.size > 0) held.set(key, starts);
      }
      expect(held).toEqual(model.held());
    }
  });
  op.onWatermark!(Infinity);
  model.onWatermark(Infinity);
  check();
  expect(op.stateSize!()).toEqual({ keys: 0, windows: 0 });
}

describe('pattern: property tests against a brute-force model', () => {
  it('matches the model (2 steps, times.min in {none, 1, 2, 3}, both skip strategies)', () => {
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
