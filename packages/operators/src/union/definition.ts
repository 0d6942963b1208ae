import { z } from 'zod';
import { describeOperator } from '../core/define.js';

export const UnionParams = z.strictObject({});

export const description = describeOperator({
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
});
