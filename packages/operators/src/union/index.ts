import { defineOperator } from '../core/define.js';
import { description } from './definition.js';
import { NO_KEY } from '../core/runtime.js';

export { UnionParams } from './definition.js';

export const union = defineOperator({
  ...description,
  create(_params, ctx) {
    const emit = ctx.emit;
    if (ctx.keyFields !== null) return { onRecord: emit };
    return {
      onRecord(record, ts) {
        emit(record, ts, NO_KEY);
      },
    };
  },
});
