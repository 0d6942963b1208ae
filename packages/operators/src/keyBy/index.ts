import { defineOperator } from '../core/define.js';
import { description } from './definition.js';
import { KeyMaker } from '../core/keys.js';
import { TupleKeyMaker } from './tupleKeys.js';

export { KeyByParams } from './definition.js';

export const keyBy = defineOperator({
  ...description,
  create(params, ctx) {
    const keys =
      params.fields.length > 1 ? new TupleKeyMaker(params.fields) : new KeyMaker(params.fields);
    const emit = ctx.emit;
    return {
      onRecord(record, ts) {
        emit(record, ts, keys.keyOf(record));
      },
    };
  },
});
