import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDecimal } from './decimal.js';
import { bestOf, LONG_NUMBERS } from './test-support/hostile.js';

// The regular expressions isDecimal replaced: the grammar must stay theirs.
const TO_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const CSV_NUMERIC = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

const text = fc
  .array(fc.constantFrom('0', '1', '9', '.', 'e', 'E', '+', '-', ' ', 'x', '٣', '\n'), {
    maxLength: 12,
  })
  .map((cs) => cs.join(''));

describe('isDecimal', () => {
  it('accepts exactly what the regular expressions it replaced accepted', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(isDecimal(s, true)).toBe(TO_NUMBER.test(s));
        expect(isDecimal(s, false)).toBe(CSV_NUMERIC.test(s));
      }),
      { numRuns: 5000 },
    );
    for (const s of ['1', '-1', '+1', '1.', '.5', '1.5e3', '1E-3', '1e+3', '0012', '1.e5']) {
      expect([s, isDecimal(s, true)]).toEqual([s, true]);
    }
    for (const s of [
      '',
      '.',
      '-',
      '+',
      'e5',
      '1e',
      '1e+',
      '.e1',
      '1..2',
      '1e5.5',
      ' 1',
      '1 ',
      '0x1',
      'Infinity',
      'NaN',
    ]) {
      expect([s, isDecimal(s, true)]).toEqual([s, false]);
    }
    expect(isDecimal('+1', false)).toBe(false);
  });

  it.each(LONG_NUMBERS)('reads $name in linear time (well under a second)', ({ text: s }) => {
    expect(bestOf(() => isDecimal(s, true))).toBeLessThan(500);
    expect(bestOf(() => isDecimal(s, false))).toBeLessThan(500);
  });
});
