import { defineOperator } from '../core/define.js';
import { description } from './definition.js';
import { WindowOperator } from './operator.js';

export { MAX_SESSIONS_PER_KEY, WindowParams } from './params.js';
export { PaneCombiner } from './combine.js';

export const window = defineOperator({
  ...description,
  create(params, ctx) {
    return new WindowOperator(params, ctx);
  },
});
