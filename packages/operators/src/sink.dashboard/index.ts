import { defineOperator } from '../core/define.js';
import { description } from './definition.js';

export { SinkDashboardParams } from './definition.js';

export const sinkDashboard = defineOperator({
  ...description,
  create() {
    // Samples are taken by the engine for every sink; this sink has nothing else to do.
    return { onRecord() {} };
  },
});
