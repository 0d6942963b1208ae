import { defineOperator } from '../core/define.js';
import { description } from './definition.js';
import { KeyMaker } from '../core/keys.js';
import type { Key, Rec } from '../core/runtime.js';
import { TupleKeyMaker } from './tupleKeys.js';

export { KeyByParams } from './definition.js';

/**
 * The keys of a keyBy on `fields`, interned (KeyMaker, TupleKeyMaker): also what a worker of a
 * run in parallel remakes the keys of a keyed exchange's records with, rather than send them.
 */
export function keyMaker(fields: readonly string[]): { keyOf(record: Rec): Key } {
  return fields.length > 1 ? new TupleKeyMaker(fields) : new KeyMaker(fields);
}

export const keyBy = defineOperator({
  ...description,
  create(params, ctx) {
    const keys = keyMaker(params.fields);
    const emit = ctx.emit;
    return {
      onRecord(record, ts) {
        emit(record, ts, keys.keyOf(record));
      },
    };
  },
});
