import { describe, expect, it } from 'vitest';
import type { Rec } from '../core/runtime.js';
import { bestOf } from '../core/test-support/hostile.js';
import { createTestContext } from '../core/test-support/context.js';
import { PATTERN_LIMITS, PatternOperator, type PatternLimits } from './operator.js';
import {
  MAX_PARTIAL_MATCH_RECORDS,
  MAX_PARTIAL_MATCHES,
  MAX_REPORTED_RECORDS,
  PatternParams,
} from './params.js';
import type { PatternSnapshot } from './state.js';

function build(
  raw: Record<string, unknown>,
  limits: PatternLimits = PATTERN_LIMITS,
  keyFields: string[] | null = null,
) {
  const test = createTestContext(keyFields);
  const op = new PatternOperator(PatternParams.parse(raw), test.ctx, limits);
  return { ...test, op };
}

/** Feeds records in event-time order, one ms apart, the watermark following each. */
function stream(t: ReturnType<typeof build>, records: Rec[], key = '') {
  records.forEach((record, i) => {
    t.op.onRecord(record, i + 1, key);
    t.op.onWatermark(i + 1);
  });
}

const ab = (afterMatch: string) => ({
  steps: [
    { name: 'a', where: "t == 'a'" },
    { name: 'b', where: "t == 'b'" },
  ],
  within: '1d',
  afterMatch,
});

const ids = (t: ReturnType<typeof build>) =>
  t.out.map((e) => [(e.record.a as Rec).id, (e.record.b as Rec).id]);

describe('pattern: caps on what a key holds and a record reports', () => {
  it('are 1,000 partial matches, a million records in them, 10,000 reported per record', () => {
    expect([MAX_PARTIAL_MATCHES, MAX_PARTIAL_MATCH_RECORDS, MAX_REPORTED_RECORDS]).toEqual([
      1000, 1_000_000, 10_000,
    ]);
    expect(PATTERN_LIMITS).toEqual({ partialMatches: 1000, records: 1_000_000, reported: 10_000 });
  });

  it('discards the partial matches begun earliest, and sends the record that overflowed to the dead letters', () => {
    const t = build(ab('noSkip'), { ...PATTERN_LIMITS, partialMatches: 2 }, ['k']);
    const a3 = { id: 3, t: 'a' };
    stream(t, [{ id: 1, t: 'a' }, { id: 2, t: 'a' }, a3, { id: 4, t: 'b' }], '["c1"]');
    expect(ids(t)).toEqual([
      [2, 4],
      [3, 4],
    ]);
    expect(t.deadLetters).toEqual([
      {
        record: a3,
        reason:
          'pattern: key ["c1"]: 3 partial matches, more than 2 (MAX_PARTIAL_MATCHES): the 1 begun earliest were discarded',
        ts: 3,
      },
    ]);
  });

  it('counts the records the partial matches hold, and discards all of a start together', () => {
    const raw = {
      steps: [
        { name: 'a', where: "t == 'a'", times: { min: 1 } },
        { name: 'b', where: "t == 'b'" },
      ],
      within: '1d',
      afterMatch: 'noSkip',
    };
    const t = build(raw, { ...PATTERN_LIMITS, records: 5 });
    // After a1 a2: start 1 holds [a1 ▸ b] and [a1 a2], start 2 holds [a2]: 4 records.
    stream(t, [
      { id: 1, t: 'a' },
      { id: 2, t: 'a' },
    ]);
    expect(t.deadLetters).toEqual([]);
    t.op.onRecord({ id: 3, t: 'a' }, 3, '');
    t.op.onWatermark(3);
    // After a3: start 1 would hold [a1 ▸ b], [a1 a2 ▸ b], [a1 a2 a3]; start 2 [a2 ▸ b],
    // [a2 a3]; start 3 [a3]: 10 records. Start 1 goes, all three of its partial matches.
    expect(t.deadLetters.map((d) => d.reason)).toEqual([
      'pattern: the stream (not keyed): 10 records in partial matches, more than 5 (MAX_PARTIAL_MATCH_RECORDS): the 3 begun earliest were discarded',
    ]);
    const snap = t.op.snapshot() as PatternSnapshot;
    expect(snap.keys[0]![1].partials.map((p) => p[4].length)).toEqual([1, 2, 1]);
  });

  it('reports the matches of one record by start, earliest first, within the cap', () => {
    const t = build(ab('noSkip'), { ...PATTERN_LIMITS, reported: 5 });
    stream(t, [1, 2, 3].map((id) => ({ id, t: 'a' })).concat([{ id: 4, t: 'b' }]));
    // Three matches of two records: the first two fit in five.
    expect(ids(t)).toEqual([
      [1, 4],
      [2, 4],
    ]);
    expect(t.deadLetters.map((d) => [d.reason, d.ts])).toEqual([
      [
        'pattern: the stream (not keyed): 1 match holding 2 records went unreported: the matches one record completes hold at most 5 records together (MAX_REPORTED_RECORDS)',
        4,
      ],
    ]);
  });

  it('keeps "1,000 or more" with noSkip on a stream where every record qualifies bounded', () => {
    const t = build({
      steps: [{ name: 'run', where: 'true', times: { min: 1000 } }],
      within: '1000d',
      afterMatch: 'noSkip',
    });
    const records = Array.from({ length: 3000 }, (_, i) => ({ i }));
    // Before the caps this took minutes (a million partial-match records copied per record).
    expect(bestOf(() => stream(t, records), 1)).toBeLessThan(30_000); // loaded: 7.5 s seen
    // From the 1,000th record on, each one completes the two oldest partial matches (1,001
    // and 1,000 records) and then discards the oldest.
    expect(t.out.map((e) => (e.record.run as Rec[]).length).slice(0, 3)).toEqual([
      1000, 1001, 1000,
    ]);
    expect(t.out).toHaveLength(1 + 2 * 2000);
    expect(t.deadLetters).toHaveLength(2000);
    expect(t.deadLetters[0]).toMatchObject({
      record: { i: 1000 },
      ts: 1001,
      reason:
        'pattern: the stream (not keyed): 1,001 partial matches, more than 1,000 (MAX_PARTIAL_MATCHES): the 1 begun earliest were discarded',
    });
    expect(t.op.stateSize()).toEqual({ keys: 1, windows: 1000 });
  });

  it('keeps a start that every later record extends bounded, in what it holds and reports', () => {
    const t = build({
      steps: [
        { name: 's', where: 'i < 1000' },
        { name: 'r', where: 'true', times: { min: 1 } },
      ],
      within: '1000d',
      afterMatch: 'noSkip',
    });
    const records = Array.from({ length: 2500 }, (_, i) => ({ i }));
    // Each record completes a match per start, a million records and more in all: before the
    // reporting cap, a hundred milliseconds per record; a loaded machine passes this easily.
    expect(bestOf(() => stream(t, records), 1)).toBeLessThan(30_000); // loaded: 7.5 s seen
    const reasons = new Set(t.deadLetters.map((d) => d.reason.replace(/\d[\d,]*/g, 'N')));
    expect([...reasons].sort()).toEqual([
      'pattern: the stream (not keyed): N matches holding N records went unreported: the matches one record completes hold at most N records together (MAX_REPORTED_RECORDS)',
      'pattern: the stream (not keyed): N matches holding N records went unreported: the matches one record completes hold at most N records together (MAX_REPORTED_RECORDS); N records in partial matches, more than N (MAX_PARTIAL_MATCH_RECORDS): the N begun earliest were discarded',
    ]);
    const snap = t.op.snapshot() as PatternSnapshot;
    const held = snap.keys[0]![1].partials.reduce((n, p) => n + p[4].length, 0);
    expect(held).toBeLessThanOrEqual(MAX_PARTIAL_MATCH_RECORDS);
  });
});
