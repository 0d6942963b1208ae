import { defineOperator } from '../core/define.js';
import { description } from './definition.js';
import { TopNOperator } from './operator.js';

export { TopNParams } from './params.js';

export const topN = defineOperator({
  ...description,
  create(params, ctx) {
    return new TopNOperator(params, ctx);
  },
});
