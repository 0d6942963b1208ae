import { defineOperator } from '../core/define.js';
import { description } from './definition.js';

export { SinkConsoleParams } from './definition.js';

export const sinkConsole = defineOperator({
  ...description,
  create(_params, ctx) {
    return {
      onRecord(record) {
        ctx.io.print(JSON.stringify(record));
      },
    };
  },
});
