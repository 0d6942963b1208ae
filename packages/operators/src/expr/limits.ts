/**
 * Size caps on the values an expression makes, so that chained maps cannot grow a record
 * without bound: `concat(s, s)` doubles `s` at each map (twenty maps make a megabyte of one
 * character), and `{ a: '$', b: '$' }` doubles the record's JSON text. A value past a cap fails
 * the evaluation with an `ExpressionLimitError`, which the operator turns into a dead letter as
 * any failed evaluation (map, filter, pattern).
 */

import { grouped } from '../core/limits.js';
import { ExpressionLimitError } from './errors.js';

/**
 * The longest string an expression builds, in UTF-16 code units (1 MiB of characters): the
 * results of `concat`, `+` on strings, `toString` of an array or object, `upper` and `lower`.
 * Also the most JSON text one map may add to a record (the sum over its computed fields).
 */
export const MAX_STRING_LENGTH = 1_048_576;

/** The error for a string built by `fn` past MAX_STRING_LENGTH. */
export function textTooLong(fn: string): ExpressionLimitError {
  return new ExpressionLimitError(
    `${fn}: the text would be longer than ${grouped(MAX_STRING_LENGTH)} characters (MAX_STRING_LENGTH)`,
  );
}

/**
 * Values still to measure, as a stack by position, reused from call to call (jsonSize never
 * re-enters itself). A Map, not an array: writing an array index consults Array.prototype,
 * where a setter may have been planted (see hostile.test.ts).
 */
const pending = new Map<number, unknown>();

/**
 * The length of `value`'s JSON text, from below (a number counts one character), or some
 * number above `budget` as soon as it is known to exceed it: the walk visits at most about
 * `budget` values, whatever the value's shape (a value that holds one object many times is
 * measured as its text would be written, and stops at the budget).
 */
export function jsonSize(value: unknown, budget: number): number {
  let size = 0;
  let top = 0;
  pending.set(top++, value);
  while (top > 0 && size <= budget) {
    const v = pending.get(--top);
    if (typeof v === 'string') size += v.length + 2;
    else if (typeof v === 'number') size += 1;
    else if (typeof v === 'boolean' || v === null) size += 4;
    else if (Array.isArray(v)) {
      const n = v.length;
      size += n === 0 ? 2 : n + 1; // brackets and commas
      for (let i = 0; i < n && size <= budget; i++) {
        pending.set(top++, Object.hasOwn(v, i) ? (v[i] as unknown) : null);
      }
    } else if (typeof v === 'object') {
      size += 1; // the braces, less the comma the first key does not take
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue;
        size += k.length + 4; // quotes, colon, comma
        pending.set(top++, (v as Record<string, unknown>)[k]);
        if (size > budget) break;
      }
    }
  }
  pending.clear();
  return size;
}
