import { defineOperator } from '../core/define.js';
import { description } from './definition.js';
import { DedupeOperator } from './operator.js';

export { DedupeParams } from './params.js';

export const dedupe = defineOperator({
  ...description,
  create(params, ctx) {
    return new DedupeOperator(params, ctx);
  },
});
