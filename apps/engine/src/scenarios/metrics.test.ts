import { describe, expect, it } from 'vitest';
import { detection, groupOccurrences, quantile, ratio } from './metrics.js';

describe('quantile', () => {
  it('is the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(quantile(values, 0.5)).toBe(50);
    expect(quantile(values, 0.99)).toBe(99);
    expect(quantile(values, 1)).toBe(100);
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('ratio', () => {
  it('is null on an empty denominator', () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(0, 0)).toBeNull();
  });
});

describe('detection', () => {
  const occurrence: Record<string, string> = { a1: 'A', a2: 'A', b1: 'B' };
  const of = (id: string) => occurrence[id] ?? null;

  it('counts true positives per alert and recall per occurrence', () => {
    const d = detection([['a1'], ['a2'], ['x']], of, new Set(['A', 'B', 'C']));
    expect(d).toMatchObject({ truePositives: 2, alerts: 3, found: 1, occurrences: 3 });
    expect(d.precision).toBeCloseTo(2 / 3);
    expect(d.recall).toBeCloseTo(1 / 3);
  });

  it('counts for recall only the occurrences asked for', () => {
    expect(detection([['a1'], ['b1']], of, new Set(['B']))).toMatchObject({
      truePositives: 2,
      found: 1,
      recall: 1,
    });
  });

  it('takes a match as right when at least half of its events carry the label', () => {
    expect(detection([['a1', 'a2', 'x']], of, new Set(['A']))).toMatchObject({
      truePositives: 1,
      found: 1,
    });
    expect(detection([['a1', 'x']], of, new Set(['A']))).toMatchObject({ truePositives: 1 });
    expect(detection([['a1', 'x', 'y']], of, new Set(['A']))).toMatchObject({ truePositives: 0 });
    expect(detection([['a1', 'b1', 'x']], of, new Set(['A', 'B']))).toMatchObject({
      truePositives: 0,
    });
  });

  it('has undefined precision with no alert', () => {
    expect(detection([], of, new Set(['A', 'B']))).toMatchObject({ precision: null, recall: 0 });
  });
});

describe('groupOccurrences', () => {
  it('splits a subject’s labelled events on gaps and on labels', () => {
    const { occurrenceOf, occurrences } = groupOccurrences(
      [
        { id: '1', subject: 'c1', label: 'x', ts: 0 },
        { id: '2', subject: 'c1', label: 'x', ts: 50 },
        { id: '3', subject: 'c2', label: 'x', ts: 60 },
        { id: '4', subject: 'c1', label: 'y', ts: 70 },
        { id: '5', subject: 'c1', label: 'x', ts: 200 },
      ],
      100,
    );
    expect(occurrenceOf.get('1')).toBe(occurrenceOf.get('2'));
    expect(occurrenceOf.get('3')).not.toBe(occurrenceOf.get('1'));
    expect(occurrenceOf.get('5')).not.toBe(occurrenceOf.get('1'));
    expect(occurrences.map((o) => [o.label, o.subject, o.start, o.end])).toEqual([
      ['x', 'c1', 0, 50],
      ['x', 'c2', 60, 60],
      ['y', 'c1', 70, 70],
      ['x', 'c1', 200, 200],
    ]);
  });
});
