import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setField } from './fields.js';
import { KeyMaker, KeyTable, keyOf, keyValues } from './keys.js';

describe('keyOf', () => {
  it('is the JSON text of the key values, a missing field keying as null', () => {
    expect(keyOf({ card: 'c1' }, ['card'])).toBe('["c1"]');
    expect(keyOf({}, ['card'])).toBe('[null]');
    expect(keyOf({ card: null }, ['card'])).toBe('[null]');
    expect(keyOf({ a: 1, b: 'x' }, ['a', 'b'])).toBe('[1,"x"]');
    expect(keyOf({ a: 1 }, ['a', 'b'])).toBe('[1,null]');
    expect(keyOf({ toString: 1 } as Record<string, unknown>, ['valueOf'])).toBe('[null]');
  });

  it('keeps distinct values distinct', () => {
    expect(keyOf({ a: 1 }, ['a'])).not.toBe(keyOf({ a: '1' }, ['a']));
    expect(keyOf({ a: 'x,y' }, ['a', 'b'])).not.toBe(keyOf({ a: 'x', b: 'y' }, ['a', 'b']));
  });
});

describe('keyValues', () => {
  it('reads back what JSON.parse reads from the key text, whatever the values', () => {
    const value = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 3 }), (values) => {
        const fields = values.map((_, i) => `f${i}`);
        const record = Object.fromEntries(values.map((v, i) => [`f${i}`, v]));
        const key = keyOf(record, fields);
        expect(keyValues(key)).toEqual(JSON.parse(key));
      }),
      { numRuns: 500 },
    );
    expect(keyValues('')).toEqual([]);
    expect(keyValues('[""]')).toEqual(['']);
    expect(keyValues('["a","b"]')).toEqual(['a', 'b']);
  });

  it('a key table keeps values while a window holds the key', () => {
    const table = new KeyTable();
    table.acquire('["c1"]');
    table.acquire('["c1"]');
    table.release('["c1"]');
    expect(table.values('["c1"]')).toEqual(['c1']);
    expect(table.size).toBe(1);
    table.release('["c1"]');
    expect(table.size).toBe(0);
  });
});

describe('KeyMaker', () => {
  it('keys an inherited name as a missing field, an own one by its value', () => {
    for (const field of ['constructor', 'toString', '__proto__']) {
      const maker = new KeyMaker([field]);
      const own: Record<string, unknown> = {};
      setField(own, field, 'x');
      expect(maker.keyOf({})).toBe('[null]');
      expect(maker.keyOf(Object.create(null) as Record<string, unknown>)).toBe('[null]');
      expect(maker.keyOf(own)).toBe('["x"]');
      expect(maker.keyOf(own)).toBe(keyOf(own, [field]));
    }
  });

  it('makes the keys keyOf makes, across its generations', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.double(),
      fc.integer({ min: 0, max: 5 }),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.array(fc.integer(), { maxLength: 2 }),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 60 }), fc.boolean(), (values, two) => {
        const fields = two ? ['a', 'b'] : ['a'];
        const maker = new KeyMaker(fields);
        for (const v of values) {
          const record = v === undefined ? {} : two ? { a: v, b: 1 } : { a: v };
          expect(maker.keyOf(record)).toBe(keyOf(record, fields));
          expect(maker.keyOf(record)).toBe(keyOf(record, fields));
        }
      }),
      { numRuns: 300 },
    );
  });
});
