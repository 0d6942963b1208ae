import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IntervalJoinParams, parseSignedDuration } from './params.js';

function issues(raw: unknown) {
  const result = IntervalJoinParams.safeParse(raw);
  return result.success ? [] : result.error.issues.map((i) => [i.path.join('.'), i.message]);
}

describe('IntervalJoinParams', () => {
  it.each([
    [0, 0],
    [-250, -250],
    ['5s', 5000],
    ['-5s', -5000],
    [' -1.5m ', -90_000],
    ['-0ms', 0],
    ['500ms', 500],
  ])('%j is %d ms', (text, ms) => expect(parseSignedDuration(text)).toBe(ms));

  it.each([[1.5], ['--5s'], ['-'], ['5'], ['5 parsecs'], [null], [Number.NaN], [2 ** 60]])(
    '%j is not a signed duration',
    (value) => expect(parseSignedDuration(value)).toBeNull(),
  );

  it('parses bounds and fills the prefixes and broadcast', () => {
    expect(IntervalJoinParams.parse({ lowerBound: '-5s', upperBound: 2000 })).toEqual({
      lowerBound: -5000,
      upperBound: 2000,
      leftPrefix: '',
      rightPrefix: 'right_',
      broadcast: 'none',
    });
    expect(
      IntervalJoinParams.parse({
        lowerBound: '-1m',
        upperBound: '-10s',
        leftPrefix: 'a.',
        rightPrefix: '',
        broadcast: 'right',
      }),
    ).toEqual({
      lowerBound: -60_000,
      upperBound: -10_000,
      leftPrefix: 'a.',
      rightPrefix: '',
      broadcast: 'right',
    });
    expect(
      IntervalJoinParams.safeParse({ lowerBound: 0, upperBound: 0, broadcast: 'both' }).success,
    ).toBe(false);
  });

  it('requires lowerBound <= upperBound, reported on lowerBound', () => {
    expect(IntervalJoinParams.safeParse({ lowerBound: '1s', upperBound: '1s' }).success).toBe(true);
    expect(issues({ lowerBound: '2s', upperBound: '1s' })).toEqual([
      ['lowerBound', 'lowerBound (2000 ms) must not be above upperBound (1000 ms)'],
    ]);
  });

  it('reports bad and missing bounds at their path', () => {
    expect(issues({ lowerBound: '--5s', upperBound: '1s' }).map((i) => i[0])).toEqual([
      'lowerBound',
    ]);
    expect(issues({ lowerBound: 0 }).map((i) => i[0])).toEqual(['upperBound']);
    expect(issues({ lowerBound: 0, upperBound: 1, rightPrefix: 3 }).map((i) => i[0])).toEqual([
      'rightPrefix',
    ]);
  });

  it('is strict about unknown params', () => {
    expect(issues({ lowerBound: 0, upperBound: 1, window: '1s' })[0]?.[0]).toBe('');
  });

  it('gives every field help text in the JSON Schema the canvas form reads', () => {
    const schema = z.toJSONSchema(IntervalJoinParams, { io: 'input' }) as {
      properties: Record<string, { description?: string }>;
      required?: string[];
    };
    for (const field of ['lowerBound', 'upperBound', 'leftPrefix', 'rightPrefix']) {
      expect(schema.properties[field]?.description, field).toBeTruthy();
    }
    expect(schema.required).toEqual(['lowerBound', 'upperBound']);
  });
});
