import { defineOperator } from '../core/define.js';
import { description } from './definition.js';
import { PatternOperator } from './operator.js';

export {
  MAX_PARTIAL_MATCH_RECORDS,
  MAX_PARTIAL_MATCHES,
  MAX_REPORTED_RECORDS,
  PatternParams,
} from './params.js';

export const pattern = defineOperator({
  ...description,
  create(params, ctx) {
    return new PatternOperator(params, ctx);
  },
});
