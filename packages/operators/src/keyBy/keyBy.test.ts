import { describe, expect, it } from 'vitest';
import { keyBy, KeyByParams } from './index.js';

function keysOf(fields: string[], records: Record<string, unknown>[]): string[] {
  const keys: string[] = [];
  const runtime = keyBy.create(KeyByParams.parse({ fields }), {
    emit: (_r: unknown, _ts: number, key: string) => keys.push(key),
  } as never);
  for (const r of records) runtime.onRecord(r, 0, '');
  return keys;
}

describe('keyBy', () => {
  it('keys by the values of its fields, a missing field as null', () => {
    expect(keysOf(['card'], [{ card: 'a' }, { card: 'b' }, {}])).toEqual([
      '["a"]',
      '["b"]',
      '[null]',
    ]);
  });

  it('keys by several fields as keyOf does, the same text for the same values', () => {
    const records = [{ card: 'a', n: 1 }, { card: 'a' }, { card: 'a', n: 1 }, { n: 1, card: 'a' }];
    expect(keysOf(['card', 'n'], records)).toEqual(['["a",1]', '["a",null]', '["a",1]', '["a",1]']);
  });

  it('with no fields, keys the whole stream as one (a window after it counts over all)', () => {
    const keys = keysOf([], [{ card: 'a' }, { card: 'b' }]);
    expect(new Set(keys).size).toBe(1);
  });

  it('refuses a field named twice', () => {
    expect(KeyByParams.safeParse({ fields: ['a', 'a'] }).success).toBe(false);
  });
});
