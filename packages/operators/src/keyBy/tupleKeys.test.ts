import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyOf } from '../core/keys.js';
import type { Rec } from '../core/runtime.js';
import { TupleKeyMaker } from './tupleKeys.js';

const FIELDS = ['a', 'b', 'c'];

/** Values of every kind a key meets: interned ones, long text, objects, NaN, -0, undefined. */
const value = fc.oneof(
  fc.constantFrom('x', 'y', '', 'a"b', 'é'),
  fc.string({ minLength: 65, maxLength: 70 }),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0.5, -0, NaN, Infinity),
  fc.boolean(),
  fc.constantFrom(null, undefined),
  fc.constantFrom({ n: 1 }, [1, 2]),
);
/** A record with some of the fields, possibly none. */
const record = fc.dictionary(fc.constantFrom(...FIELDS, 'other'), value) as fc.Arbitrary<Rec>;

describe('TupleKeyMaker', () => {
  it('gives keyOf’s text for every record, across generations (the model is keyOf)', () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 60 }),
        fc.integer({ min: 2, max: 3 }),
        fc.integer({ min: 1, max: 8 }),
        (records, width, capacity) => {
          const fields = FIELDS.slice(0, width);
          const keys = new TupleKeyMaker(fields, capacity);
          // Twice over, so that keys are found again in the young and the old generation.
          for (const r of [...records, ...records]) {
            expect(keys.keyOf(r)).toBe(keyOf(r, fields));
            expect(keys.size).toBeLessThanOrEqual(2 * capacity);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keys a missing field, undefined and null alike, and keeps 1 and "1" apart', () => {
    const keys = new TupleKeyMaker(['a', 'b']);
    expect(keys.keyOf({ a: 1 })).toBe('[1,null]');
    expect(keys.keyOf({ a: 1, b: undefined })).toBe('[1,null]');
    expect(keys.keyOf({ a: 1, b: null })).toBe('[1,null]');
    expect(keys.keyOf({ a: '1', b: null })).toBe('["1",null]');
    expect(keys.keyOf({ b: 1 })).toBe('[null,1]');
  });

  it('keeps no more than two generations of keys, whatever the number of keys', () => {
    const keys = new TupleKeyMaker(['a', 'b'], 100);
    for (let i = 0; i < 10_000; i++) keys.keyOf({ a: i, b: i % 7 });
    expect(keys.size).toBeLessThanOrEqual(200);
    expect(keys.keyOf({ a: 9_999, b: 9_999 % 7 })).toBe('[9999,3]');
  });

  it('is for keys of two fields or more', () => {
    expect(() => new TupleKeyMaker(['a'])).toThrow(/two fields/);
  });
});
