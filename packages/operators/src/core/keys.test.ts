import { describe, expect, it } from 'vitest';
import { keyOf } from './keys.js';

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
