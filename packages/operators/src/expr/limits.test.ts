import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rec } from '../core/runtime.js';
import { bestOf, LONG_NUMBERS } from '../core/test-support/hostile.js';
import { compileExpression, ExpressionLimitError, jsonSize, MAX_STRING_LENGTH } from './index.js';

const TOO_LONG = /the text would be longer than 1,048,576 characters \(MAX_STRING_LENGTH\)$/;

function failure(text: string, record: Rec): ExpressionLimitError {
  const fn = compileExpression(text);
  try {
    fn(record);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionLimitError);
    return error as ExpressionLimitError;
  }
  throw new Error(`${text} did not fail`);
}

describe('toNumber on long number-like text', () => {
  const toNumber = compileExpression('toNumber(s)');

  it.each(LONG_NUMBERS)('reads $name in linear time (well under a second)', ({ text, value }) => {
    expect(toNumber({ s: text })).toBe(value);
    expect(toNumber({ s: `  ${text}  ` })).toBe(value);
    expect(bestOf(() => toNumber({ s: text }))).toBeLessThan(500);
  });
});

describe('strings an expression builds are at most MAX_STRING_LENGTH characters', () => {
  const half = 'x'.repeat(MAX_STRING_LENGTH / 2);

  it('is 1 MiB of characters', () => {
    expect(MAX_STRING_LENGTH).toBe(1_048_576);
  });

  it('concat and + may reach the cap, not pass it, and name themselves when they would', () => {
    expect(compileExpression('concat(s, s)')({ s: half })).toHaveLength(MAX_STRING_LENGTH);
    expect(compileExpression('s + s')({ s: half })).toHaveLength(MAX_STRING_LENGTH);
    expect(failure('concat(s, s, "!")', { s: half }).message).toMatch(
      new RegExp(`^concat: ${TOO_LONG.source}`),
    );
    expect(failure('s + s + "!"', { s: half }).message).toMatch(
      new RegExp(`^\\+: ${TOO_LONG.source}`),
    );
    // Null arguments are skipped; a non-string operand of + gives null, as before.
    expect(compileExpression('concat(s, n, s)')({ s: half, n: null })).toHaveLength(
      MAX_STRING_LENGTH,
    );
    expect(compileExpression('s + n')({ s: half + half, n: 1 })).toBeNull();
  });

  it('toString of an array or object fails fast when it holds one big value many times', () => {
    const s = 'y'.repeat(100_000);
    const many = { a: new Array<string>(1000).fill(s) }; // 100 MB as text, 1,000 references
    let message = '';
    expect(
      bestOf(() => {
        message = failure('toString(a)', many).message;
      }),
    ).toBeLessThan(500);
    expect(message).toMatch(new RegExp(`^toString: ${TOO_LONG.source}`));
    expect(failure('concat(a)', many).message).toMatch(/^concat: /);
    // A string is not built by toString: a long one passes through unchanged.
    const long = half + half + half;
    expect(compileExpression('toString(s)')({ s: long })).toBe(long);
  });

  it('upper and lower fail only when they make a string longer, past the cap', () => {
    const sharp = 'ß'.repeat(MAX_STRING_LENGTH / 2 + 1);
    expect(failure('upper(s)', { s: sharp }).message).toMatch(
      new RegExp(`^upper: ${TOO_LONG.source}`),
    );
    const long = 'a'.repeat(MAX_STRING_LENGTH + 1);
    expect(compileExpression('upper(s)')({ s: long })).toHaveLength(MAX_STRING_LENGTH + 1);
    expect(compileExpression('lower(upper(s))')({ s: 'ß' })).toBe('ss');
  });

  it('folds constant text at compile time as before', () => {
    expect(compileExpression('concat("a", "b") + "c"')({})).toBe('abc');
  });
});

describe('jsonSize', () => {
  it('never exceeds the length of the JSON text, and tells when the text exceeds a budget', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(200), (value, budget) => {
        const text = JSON.stringify(value);
        const size = jsonSize(value, Infinity);
        expect(size).toBeLessThanOrEqual(text.length);
        expect(jsonSize(value, budget) > budget).toBe(size > budget);
      }),
      { numRuns: 1000 },
    );
  });

  it('stops at the budget on a value holding one object 2^40 times', () => {
    let v: unknown = { s: 'z' };
    for (let i = 0; i < 40; i++) v = [v, v];
    expect(
      bestOf(() => expect(jsonSize(v, MAX_STRING_LENGTH)).toBeGreaterThan(MAX_STRING_LENGTH)),
    ).toBeLessThan(500);
  });
});
