import { defineOperator } from '../core/define.js';
import { description } from './definition.js';
import { LookupJoinOperator } from './operator.js';

export { LookupJoinParams } from './params.js';

export const joinLookup = defineOperator({
  ...description,
  create(params, ctx) {
    return new LookupJoinOperator(params, ctx);
  },
});
