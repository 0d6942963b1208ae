import { defineOperator } from '../core/define.js';
import { description } from './definition.js';
import type { Rec } from '../core/runtime.js';
import { grouped } from '../core/limits.js';
import { compileExpression, jsonSize, MAX_STRING_LENGTH } from '../expr/index.js';

export { MapParams } from './definition.js';

/**
 * The JSON text the computed values add to a record, from below, or more than `budget` once
 * past it: strings by length, arrays and objects measured (a field `$` copies the record).
 */
function addedSize(values: readonly unknown[], budget: number): number {
  let size = 0;
  for (let i = 0; i < values.length && size <= budget; i++) {
    const v = values[i];
    if (typeof v === 'string') size += v.length;
    else if (typeof v === 'object' && v !== null) size += jsonSize(v, budget - size);
    else size += 1;
  }
  return size;
}

export const map = defineOperator({
  ...description,
  create(params, ctx) {
    const TOO_LARGE = `map: the computed fields would add more than ${grouped(MAX_STRING_LENGTH)} characters of JSON to the record (MAX_STRING_LENGTH)`;
    const names = Object.keys(params.fields);
    const exprs = names.map((name) =>
      compileExpression(params.fields[name] ?? '', { now: ctx.now }),
    );
    const count = names.length;
    const keep = params.keep;
    const emit = ctx.emit;
    // Computed first, assigned after, so that every expression reads the input record. One array
    // for every record: the output record is the only allocation per record.
    const values = new Array<unknown>(count).fill(undefined);
    return {
      onRecord(record, ts, key) {
        try {
          for (let i = 0; i < count; i++) values[i] = exprs[i]!(record);
        } catch (error) {
          values.fill(undefined);
          ctx.deadLetter(record, `map expression failed: ${(error as Error).message}`, ts);
          return;
        }
        if (addedSize(values, MAX_STRING_LENGTH) > MAX_STRING_LENGTH) {
          values.fill(undefined);
          ctx.deadLetter(record, TOO_LARGE, ts);
          return;
        }
        const out: Rec = keep ? { ...record } : {};
        for (let i = 0; i < count; i++) {
          out[names[i]!] = values[i];
          values[i] = undefined; // holds no record's values past its turn
        }
        emit(out, ts, key);
      },
    };
  },
});
