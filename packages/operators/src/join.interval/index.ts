import { defineOperator } from '../core/define.js';
import { description } from './definition.js';
import { IntervalJoinOperator } from './operator.js';

export {
  IntervalJoinParams,
  MAX_BUFFERED_PER_KEY,
  MAX_JOINED_PER_RECORD,
  parseSignedDuration,
} from './params.js';

export const joinInterval = defineOperator({
  ...description,
  create(params, ctx) {
    return new IntervalJoinOperator(params, ctx);
  },
});
