import { defineOperator } from '../core/define.js';
import { description } from './definition.js';
import { compileExpression, isTruthy } from '../expr/index.js';

export { FilterParams } from './definition.js';

export const filter = defineOperator({
  ...description,
  create(params, ctx) {
    const test = compileExpression(params.expr, { now: ctx.now });
    const emit = ctx.emit;
    return {
      onRecord(record, ts, key) {
        let keep: unknown;
        try {
          keep = test(record);
        } catch (error) {
          ctx.deadLetter(record, `filter expression failed: ${(error as Error).message}`, ts);
          return;
        }
        if (isTruthy(keep)) emit(record, ts, key);
      },
    };
  },
});
