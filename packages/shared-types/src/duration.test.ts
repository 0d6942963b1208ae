import { describe, expect, it } from 'vitest';
import { Duration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    [0, 0],
    [1500, 1500],
    ['500ms', 500],
    ['10s', 10_000],
    ['1.5m', 90_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
  ])('%j is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each([[-1], [1.5], ['10'], ['10 years'], ['s'], [''], ['-5s'], [null], [{}], ['1e3s']])(
    '%j does not parse',
    (text) => expect(parseDuration(text)).toBeNull(),
  );

  it('names the bad value in the schema error', () => {
    const result = Duration.safeParse('ten seconds');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('"ten seconds" is not a duration');
  });
});
