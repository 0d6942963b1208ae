import { z } from 'zod';
import { defineOperator } from '../core/define.js';
import { NO_KEY } from '../core/runtime.js';

export const UnionParams = z.strictObject({});

export const union = defineOperator({
  kind: 'transform',
  type: 'union',
  category: 'transform',
  title: 'Union',
  summary: 'Merges several streams into one.',
  inputs: [{ name: 'in', description: 'Any number of streams', multiple: true }],
  outputs: [{ name: 'out', description: 'All records of all inputs' }],
  params: UnionParams,
  docs: {
    description:
      "Passes on every record of every input. Its watermark is the minimum of its inputs' watermarks. When the inputs are keyed by different fields, the output is not keyed.",
    example: {},
  },
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
