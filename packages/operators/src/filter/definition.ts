import { z } from 'zod';
import { describeOperator } from '../core/define.js';
import { Expr } from '../expr/index.js';

export const FilterParams = z.strictObject({
  expr: Expr.meta({
    description: 'Keeps the records for which this is truthy, e.g. amount > 1000',
  }),
});

export const description = describeOperator({
  kind: 'transform',
  type: 'filter',
  category: 'transform',
  title: 'Filter',
  summary: 'Keeps the records for which an expression is true.',
  inputs: [{ name: 'in', description: 'Records to test' }],
  outputs: [
    { name: 'out', description: 'Records for which the expression is truthy' },
    { name: 'errors', description: 'Records on which the expression failed, with the reason' },
  ],
  params: FilterParams,
  docs: {
    description:
      'Evaluates `expr` on each record and passes it on when the result is truthy (not null, false, 0 or empty text). A record on which the expression fails is a dead letter.',
    example: { expr: "amount > 1000 && country != 'NL'" },
  },
});
